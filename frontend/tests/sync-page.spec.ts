import 'fake-indexeddb/auto'
import { flushPromises, mount } from '@vue/test-utils'
import { IDBFactory } from 'fake-indexeddb'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { setTransport } from '@/api'
import SyncPage from '@/features/sync/pages/SyncPage.vue'
import { i18n, setLocale } from '@/locales'
import { flushQueue, submitWrite } from '@/offline/queue'
import { closeQueueDb } from '@/offline/queue-db'
import { resetWriteQueueForTests } from '@/offline/queue-sender'
import { createAppRouter } from '@/router'
import { useAuthStore } from '@/stores/auth'
import { ADMIN, fakeTransport, json, problem, TOKENS } from './fake-transport'

let online = true

async function setUp(incidentAnswer: () => Response) {
  setTransport(fakeTransport({
    'POST /api/v1/auth/login': () => json(200, TOKENS),
    'GET /api/v1/accounts/me': () => json(200, ADMIN),
    'POST /api/v1/incidents': incidentAnswer,
  }).transport, 'http://weimin.test')
  const pinia = createPinia()
  setActivePinia(pinia)
  await useAuthStore().login('admin', 'secret')
  const router = createAppRouter(createMemoryHistory())
  await router.push('/sync')
  return () => mount(SyncPage, { global: { plugins: [pinia, router, i18n] } })
}

async function queueReport(title: string) {
  online = false
  await submitWrite({ kind: 'incident', label: title, method: 'POST', path: '/api/v1/incidents', body: { title } })
  online = true
}

beforeEach(async () => {
  await closeQueueDb()
  globalThis.indexedDB = new IDBFactory()
  resetWriteQueueForTests()
  setLocale('zh-CN')
  vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online)
})

describe('sync page', () => {
  it('should say everything is sent when nothing waits', async () => {
    const wrapper = (await setUp(() => json(201, { id: 'x' })))()
    await flushPromises()
    await vi.waitFor(() => expect(wrapper.find('[data-test="sync-empty"]').exists()).toBe(true))
    expect(wrapper.text()).toContain('全部已发送')
  })

  it('should list a waiting write and, once refused, the translated reason with the field', async () => {
    const mountPage = await setUp(() => problem(422, 'validation-failed', { errors: [{ field: 'body.title', reason: 'too long', code: 'too_long' }] }))
    await queueReport('Lamp out')
    const wrapper = mountPage()
    await vi.waitFor(() => expect(wrapper.find('[data-test="sync-waiting"]').text()).toContain('Lamp out'))
    expect(wrapper.find('[data-test="send-now"]').exists()).toBe(true)

    await flushQueue()

    await vi.waitFor(() => expect(wrapper.find('[data-test="sync-failed"]').exists()).toBe(true))
    expect(wrapper.find('[data-test="queue-reason"]').text()).toContain('提交的内容有误，请检查后重试')
    expect(wrapper.find('[data-test="queue-reason"]').text()).toContain('title: too long')
    expect(wrapper.find('[data-test="queue-retry"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="sync-waiting"]').exists()).toBe(false)
  })

  it('should show a conflict with its ways out, in English too', async () => {
    const mountPage = await setUp(() => problem(409, 'conflict'))
    await queueReport('Lamp out')
    await flushQueue()
    const wrapper = mountPage()
    await vi.waitFor(() => expect(wrapper.find('[data-test="sync-conflicts"]').exists()).toBe(true))
    expect(['queue-retry', 'queue-edit', 'queue-discard'].map(t => wrapper.find(`[data-test="${t}"]`).exists())).toEqual([true, true, true])

    setLocale('en-US')
    await flushPromises()
    expect(wrapper.text()).toContain('Conflicts to resolve (1)')
  })
})
