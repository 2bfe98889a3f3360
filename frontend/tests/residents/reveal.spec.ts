import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setLocale } from '@/locales'
import { useAuthStore } from '@/stores/auth'
import { json, problem } from '../fake-transport'
import { inBody, PLAIN_ID, PLAIN_PHONE, RESIDENT, signedInApp } from './harness'

const REVEALED = { resident_id: 'r1', id_card_number: PLAIN_ID, phone: PLAIN_PHONE, audit_id: 'a1' }

async function revealWithFirstReason() {
  inBody('[data-test="reveal-open"]')!.click()
  await flushPromises()
  const reasons = document.body.querySelectorAll<HTMLElement>('[data-test="reveal-reasons"] .van-radio')
  reasons[0]!.click()
  await flushPromises()
  inBody('[data-test="reveal-sheet"] form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
  await flushPromises()
}

function everythingKeptOnThePhone(pinia: { state: { value: unknown } }): string {
  const storage = (s: Storage) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i)!)}`).join('\n')
  return [JSON.stringify(pinia.state.value), storage(sessionStorage), storage(localStorage)].join('\n')
}

describe('revealing a resident', { timeout: 30_000 }, () => {
  beforeEach(() => {
    sessionStorage.clear()
    localStorage.clear()
    setLocale('zh-CN')
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should send the picked reason, show the values on this screen only and keep them nowhere', async () => {
    const { wrapper, router, pinia, seen } = await signedInApp({
      'GET /api/v1/residents/r1': () => json(200, RESIDENT),
      'POST /api/v1/residents/r1/reveal': () => json(200, REVEALED, { 'Cache-Control': 'no-store' }),
      'GET /api/v1/grid-units': () => json(200, { items: [], next_cursor: null }),
    }, '/residents/r1')

    expect(wrapper.find('[data-test="resident-phone"]').text()).toContain('138****5678')
    expect(wrapper.find('[data-test="care-tags"]').text()).toContain('独居老人')
    // A community's own slug is shown as stored.
    expect(wrapper.find('[data-test="care-tags"]').text()).toContain('our_own_tag')

    await revealWithFirstReason()

    expect(seen.filter(s => s.method === 'POST' && s.path.endsWith('/reveal')).map(s => s.body))
      .toEqual([{ reason: '入户走访核实身份', fields: ['id_card_number', 'phone'] }])
    expect(wrapper.find('[data-test="resident-phone"]').text()).toContain(PLAIN_PHONE)
    expect(wrapper.find('[data-test="resident-id-card"]').text()).toContain(PLAIN_ID)
    expect(wrapper.find('[data-test="revealed-note"]').exists()).toBe(true)
    expect(everythingKeptOnThePhone(pinia)).not.toContain(PLAIN_PHONE)
    expect(everythingKeptOnThePhone(pinia)).not.toContain(PLAIN_ID)

    // Leaving the screen drops them: coming back shows the masks again.
    await router.push('/residents')
    await flushPromises()
    await router.push('/residents/r1')
    await flushPromises()
    expect(wrapper.find('[data-test="resident-phone"]').text()).toContain('138****5678')
    expect(wrapper.html()).not.toContain(PLAIN_PHONE)
  })

  it('should drop the values when the phone hides the app', async () => {
    const { wrapper } = await signedInApp({
      'GET /api/v1/residents/r1': () => json(200, RESIDENT),
      'POST /api/v1/residents/r1/reveal': () => json(200, REVEALED),
    }, '/residents/r1')
    await revealWithFirstReason()
    expect(wrapper.html()).toContain(PLAIN_PHONE)

    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden')
    document.dispatchEvent(new Event('visibilitychange'))
    await flushPromises()

    expect(wrapper.html()).not.toContain(PLAIN_PHONE)
    expect(wrapper.find('[data-test="reveal-open"]').exists()).toBe(true)
  })

  it('should send a worker without the second factor to turn it on', async () => {
    const { wrapper, router } = await signedInApp({
      'GET /api/v1/residents/r1': () => json(200, RESIDENT),
      'POST /api/v1/residents/r1/reveal': () => problem(403, 'second-factor-sign-in-required'),
      'GET /api/v1/accounts/me/second-factor': () => json(200, { enabled: false, required: true }),
    }, '/residents/r1')
    await revealWithFirstReason()

    const notice = inBody('[data-test="reveal-second-factor"]')
    expect(notice?.textContent).toContain('需要二次验证登录')
    expect(notice?.textContent).toContain('您尚未开启二次验证')
    expect(wrapper.find('[data-test="resident-phone"]').text()).toContain('138****5678')
    inBody('[data-test="second-factor-turn-on"]')!.click()
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('second-factor'))
  })

  it('should tell a worker with the factor on to sign in again with the code', async () => {
    const { router, seen } = await signedInApp({
      'GET /api/v1/residents/r1': () => json(200, RESIDENT),
      'POST /api/v1/residents/r1/reveal': () => problem(403, 'second-factor-sign-in-required'),
      'GET /api/v1/accounts/me/second-factor': () => json(200, { enabled: true, required: true }),
      'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
    }, '/residents/r1')
    document.cookie = 'weimin_csrf=csrf-1; path=/'
    await revealWithFirstReason()

    const notice = inBody('[data-test="reveal-second-factor"]')
    expect(notice?.textContent).toContain('本次登录时未输入验证码')
    expect(inBody('[data-test="second-factor-turn-on"]')).toBeNull()
    inBody('[data-test="second-factor-sign-in-again"]')!.click()
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'))
    expect(router.currentRoute.value.query.redirect).toBe('/residents/r1')
    expect(seen.some(s => s.method === 'POST' && s.path === '/api/v1/auth/logout')).toBe(true)
    expect(useAuthStore().isAuthenticated).toBe(false)
    document.cookie = 'weimin_csrf=; path=/; max-age=0'
  })

  it('should show the server\'s refusal on the reason field', async () => {
    await signedInApp({
      'GET /api/v1/residents/r1': () => json(200, RESIDENT),
      'POST /api/v1/residents/r1/reveal': () => problem(422, 'invalid-input', {
        errors: [{ field: 'body.reason', reason: '至少需要 4 个可见字符', code: 'too_short' }],
      }),
    }, '/residents/r1')
    await revealWithFirstReason()

    expect(inBody('[data-test="reveal-reason-error"]')?.textContent).toContain('至少需要 4 个可见字符')
  })

  it('should refuse to send without a reason', async () => {
    const { seen } = await signedInApp({
      'GET /api/v1/residents/r1': () => json(200, RESIDENT),
    }, '/residents/r1')
    inBody('[data-test="reveal-open"]')!.click()
    await flushPromises()
    inBody('[data-test="reveal-sheet"] form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    await flushPromises()

    expect(inBody('[data-test="reveal-reason-error"]')?.textContent).toContain('请选择或填写查看原因')
    expect(seen.some(s => s.path.endsWith('/reveal'))).toBe(false)
  })
})
