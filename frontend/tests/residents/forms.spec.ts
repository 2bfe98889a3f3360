import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setLocale } from '@/locales'
import { json, problem } from '../fake-transport'
import { RESIDENT, signedInApp } from './harness'

const NO_PAGE = { items: [], next_cursor: null }

describe('residents forms', { timeout: 30_000 }, () => {
  beforeEach(() => {
    sessionStorage.clear()
    setLocale('zh-CN')
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should show the server\'s reason under the move-out field it names', async () => {
    const { wrapper, seen } = await signedInApp({
      'GET /api/v1/residents/r1': () => json(200, RESIDENT),
      'POST /api/v1/residents/r1/move-out': () => problem(422, 'invalid-input', {
        errors: [{ field: 'body.reason', reason: '不能只含空白或控制字符', code: 'value_error' }],
      }),
    }, '/residents/r1/move-out')

    await wrapper.find('textarea[name="reason"]').setValue('搬走')
    await wrapper.find('[data-test="move-out-form"]').trigger('submit')
    await flushPromises()

    const sent = seen.find(s => s.path.endsWith('/move-out'))
    expect(sent?.body).toMatchObject({ reason: '搬走', cause: 'moved_away' })
    expect(wrapper.find('[data-test="move-out-reason"]').text()).toContain('不能只含空白或控制字符')
  })

  it('should send If-Match with the record\'s version and go back to the resident', async () => {
    const { wrapper, router, headers } = await signedInApp({
      'GET /api/v1/residents/r1': () => json(200, RESIDENT),
      'POST /api/v1/residents/r1/move-out': () => json(200, { ...RESIDENT, moved_out_at: '2026-12-07T00:00:00Z', version: 4 }),
    }, '/residents/r1/move-out')

    await wrapper.find('textarea[name="reason"]').setValue('随子女迁往昆明')
    await wrapper.find('[data-test="move-out-form"]').trigger('submit')
    await flushPromises()

    expect(headers.map(h => h.get('If-Match')).filter(Boolean)).toEqual(['"3"'])
    // The resident's screen is a lazily loaded chunk: the navigation settles when it is in.
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/residents/r1'), { timeout: 15_000 })
  })

  it('should log a visit through the offline queue with its household and time', async () => {
    const { wrapper, router, seen } = await signedInApp({
      'POST /api/v1/visits': seen => json(201, { id: 'v1', ...(seen.body as object) }),
      'GET /api/v1/residents': () => json(200, NO_PAGE),
      'GET /api/v1/visits': () => json(200, NO_PAGE),
    }, '/residents/households/h1/visit?address=%E6%B5%8B%E8%AF%95%E8%B7%AF1%E5%8F%B7')

    expect(wrapper.text()).toContain('走访 测试路1号')
    await wrapper.find('textarea[name="note"]').setValue('老人身体尚好，需要代购药品')
    await wrapper.find('[data-test="visit-form"]').trigger('submit')
    await flushPromises()

    // The queue stores the write in IndexedDB before sending it: wait for the request.
    const sent = await vi.waitFor(() => {
      const found = seen.find(s => s.method === 'POST' && s.path === '/api/v1/visits')
      expect(found).toBeDefined()
      return found
    })
    expect(sent?.body).toMatchObject({ household_id: 'h1', kind: 'home', note: '老人身体尚好，需要代购药品' })
    expect(typeof (sent?.body as { visited_at: unknown }).visited_at).toBe('string')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('residents-household'), { timeout: 15_000 })
  })

  it('should show a refused visit\'s field reason on that field', async () => {
    const { wrapper } = await signedInApp({
      'POST /api/v1/visits': () => problem(422, 'invalid-input', {
        errors: [{ field: 'body.visited_at', reason: '不能晚于现在', code: 'value_error' }],
      }),
    }, '/residents/households/h1/visit')

    await wrapper.find('[data-test="visit-form"]').trigger('submit')
    await flushPromises()

    await vi.waitFor(() => expect(wrapper.find('[data-test="visit-at"]').text()).toContain('不能晚于现在'))
  })
})
