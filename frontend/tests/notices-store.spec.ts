import type { Transport } from '@/api/client'
import type { Notice } from '@/features/notifications/types'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { setTransport } from '@/api'
import NoticeWatcher from '@/features/notifications/components/NoticeWatcher.vue'
import { noticeTarget } from '@/features/notifications/noticeLink'
import { useNoticesStore } from '@/features/notifications/store'
import { i18n } from '@/locales'
import { createAppRouter } from '@/router'
import { useAuthStore } from '@/stores/auth'
import { fakeTransport, json, TOKENS } from './fake-transport'

const BASE = 'http://weimin.test'
const RESIDENT = { id: 'res-1', username: 'resident001', display_name: '居民', roles: ['resident'], scopes: [] }

function notice(id: string, overrides: Partial<Notice> = {}): Notice {
  return {
    id,
    kind: 'incident.updated',
    title: `标题 ${id}`,
    body: `内容 ${id}`,
    link: null,
    urgent: false,
    data: {},
    created_at: '2026-03-02T08:00:00Z',
    read_at: null,
    ...overrides,
  }
}

const ALARM = notice('alarm-n', {
  kind: 'alarm.raised',
  title: '联防报警：火情',
  body: '一栋十户联防组有人报警，请尽快查看',
  link: '/alarms/a-1',
  urgent: true,
  data: { alarm_id: 'a-1', group_id: 'g-1' },
  created_at: '2026-03-02T09:00:00Z',
})

/** Each stream request gets a body the test writes to or ends; the signals are kept. */
function liveStream() {
  const encoder = new TextEncoder()
  const connections: { push: (text: string) => void, end: () => void, signal: AbortSignal }[] = []
  const route = (request: Request) => {
    let push: (text: string) => void = () => {}
    let end: () => void = () => {}
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = text => controller.enqueue(encoder.encode(text))
        end = () => controller.close()
      },
    })
    connections.push({ push: text => push(text), end: () => end(), signal: request.signal })
    return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } })
  }
  const latest = () => connections.at(-1)!
  return {
    route,
    connections,
    send: (n: Notice) => latest().push(`event: notification\nid: ${n.id}\ndata: ${JSON.stringify(n)}\n\n`),
    end: () => latest().end(),
  }
}

async function signedIn(stream: ReturnType<typeof liveStream>, extra: Parameters<typeof fakeTransport>[0] = {}) {
  let firstPage: Notice[] = [notice('old', { created_at: '2026-03-01T08:00:00Z', read_at: '2026-03-01T09:00:00Z' })]
  let unread = 2
  const fake = fakeTransport({
    'POST /api/v1/auth/login': () => json(200, TOKENS),
    'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
    'GET /api/v1/accounts/me': () => json(200, RESIDENT),
    'GET /api/v1/notifications': () => json(200, { items: firstPage, next_cursor: null }),
    'GET /api/v1/notifications/unread-count': () => json(200, { unread }),
    'GET /api/v1/incident-notifications': () => json(200, { items: [], next_cursor: null }),
    ...extra,
  })
  const transport: Transport = request => (new URL(request.url).pathname === '/api/v1/notifications/stream'
    ? Promise.resolve(stream.route(request))
    : fake.transport(request))
  setTransport(transport, BASE)
  const pinia = createPinia()
  setActivePinia(pinia)
  const auth = useAuthStore()
  await auth.login('resident001', 'secret')
  return {
    pinia,
    auth,
    store: useNoticesStore(),
    seen: fake.seen,
    server: {
      setFirstPage: (items: Notice[]) => {
        firstPage = items
      },
      setUnread: (n: number) => {
        unread = n
      },
    },
  }
}

describe('live notices store', () => {
  beforeEach(() => sessionStorage.clear())

  it('should load the count and first page, then add each live notice at the top and count it', async () => {
    const stream = liveStream()
    const { store } = await signedIn(stream)
    const shown: string[] = []
    store.onNotice(n => shown.push(n.id))
    await store.start()
    await flushPromises()
    expect([store.status, store.unread, store.items.map(n => n.id)]).toEqual(['open', 2, ['old']])

    stream.send(notice('new', { created_at: '2026-03-02T10:00:00Z' }))
    await flushPromises()
    expect(store.items.map(n => n.id)).toEqual(['new', 'old'])
    expect(store.unread).toBe(3)
    expect(shown).toEqual(['new'])

    // The same notice again (a replay) is neither counted nor shown twice.
    stream.send(notice('new', { created_at: '2026-03-02T10:00:00Z' }))
    await flushPromises()
    expect([store.unread, shown.length, store.items.length]).toEqual([3, 1, 2])
  })

  it('should keep an urgent notice as an alert instead of a passing notice', async () => {
    const stream = liveStream()
    const { store } = await signedIn(stream)
    const shown: string[] = []
    store.onNotice(n => shown.push(n.id))
    await store.start()
    await flushPromises()
    stream.send(ALARM)
    await flushPromises()
    expect(store.alerts.map(n => n.id)).toEqual(['alarm-n'])
    expect(shown).toEqual([])
    expect(store.unread).toBe(3)
  })

  it('should read the first page and count again after the stream reconnects', async () => {
    const stream = liveStream()
    const { store, seen, server } = await signedIn(stream)
    await store.start()
    await flushPromises()
    const listReads = () => seen.filter(s => s.path === '/api/v1/notifications').length
    expect(listReads()).toBe(1)

    // Missed while the stream was down: one notice, so the count is now 3.
    server.setFirstPage([notice('missed', { created_at: '2026-03-02T07:00:00Z' }), notice('old', { created_at: '2026-03-01T08:00:00Z', read_at: '2026-03-01T09:00:00Z' })])
    server.setUnread(3)
    stream.end()
    await flushPromises()
    expect(store.status).toBe('waiting')
    // The stream waits a second before reconnecting.
    await new Promise(resolve => setTimeout(resolve, 1100))
    await flushPromises()
    expect(stream.connections).toHaveLength(2)
    expect(store.status).toBe('open')
    expect(listReads()).toBe(2)
    expect(store.items.map(n => n.id)).toEqual(['missed', 'old'])
    expect(store.unread).toBe(3)
  })

  it('should mark one read, then all, on the server and in the count', async () => {
    const stream = liveStream()
    const { store, seen } = await signedIn(stream, {
      'POST /api/v1/notifications/n1/read': () => json(200, notice('n1', { read_at: '2026-03-02T11:00:00Z' })),
      'POST /api/v1/notifications/read-all': () => json(200, { marked: 1 }),
    })
    await store.start()
    stream.send(notice('n1', { created_at: '2026-03-02T10:00:00Z' }))
    stream.send(notice('n2', { created_at: '2026-03-02T10:05:00Z' }))
    await flushPromises()
    expect(store.unread).toBe(4)

    await store.markRead(store.items.find(n => n.id === 'n1')!)
    await store.markRead(store.items.find(n => n.id === 'n1')!) // already read: nothing sent
    expect(seen.filter(s => s.path === '/api/v1/notifications/n1/read')).toHaveLength(1)
    expect(store.unread).toBe(3)

    expect(await store.markAllRead()).toBe(1)
    expect(store.unread).toBe(0)
    expect(store.items.every(n => n.read_at)).toBe(true)
  })

  it('should close the stream and forget the notices at sign-out', async () => {
    const stream = liveStream()
    const { auth, store } = await signedIn(stream)
    await store.start()
    stream.send(ALARM)
    await flushPromises()
    await auth.logout()
    await flushPromises()
    expect(stream.connections.map(c => c.signal.aborted)).toEqual([true])
    expect([store.status, store.unread, store.items.length, store.alerts.length, store.started]).toEqual(['stopped', 0, 0, 0, false])
  })
})

describe('notice watcher', () => {
  beforeEach(() => sessionStorage.clear())

  it('should put an urgent notice over the screen as an alert and open the alarms on "view"', async () => {
    const stream = liveStream()
    const { pinia, store, seen } = await signedIn(stream, {
      'POST /api/v1/notifications/alarm-n/read': () => json(200, { ...ALARM, read_at: '2026-03-02T09:01:00Z' }),
    })
    const router = createAppRouter(createMemoryHistory())
    await router.push('/')
    const wrapper = mount(NoticeWatcher, { global: { plugins: [pinia, router, i18n] } })
    await flushPromises()
    expect(store.started).toBe(true)
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)

    stream.send(ALARM)
    await flushPromises()
    const alert = wrapper.get('[role="alert"]')
    expect(alert.text()).toContain('联防报警：火情')
    expect(alert.text()).toContain('一栋十户联防组有人报警')
    expect(wrapper.get('[data-test="urgent-view"]').text()).toBe('查看')

    await wrapper.get('[data-test="urgent-view"]').trigger('click')
    // `/alarms/a-1` is no screen of the app: the alarms screen opens (once its code has
    // loaded), with the alarm named.
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/alarms'), { timeout: 5000 })
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ alarm: 'a-1' })
    expect(seen.some(s => s.method === 'POST' && s.path === '/api/v1/notifications/alarm-n/read')).toBe(true)
    expect(store.alerts).toHaveLength(0)
    expect(store.unread).toBe(2)
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('should show an ordinary notice briefly, with no alert', async () => {
    const stream = liveStream()
    const { pinia } = await signedIn(stream)
    const router = createAppRouter(createMemoryHistory())
    await router.push('/')
    const wrapper = mount(NoticeWatcher, { global: { plugins: [pinia, router, i18n] } })
    await flushPromises()
    stream.send(notice('plain', { created_at: '2026-03-02T10:00:00Z' }))
    await flushPromises()
    const shown = document.querySelector('.van-notify')
    expect(shown?.textContent).toContain('标题 plain')
    expect(shown?.getAttribute('role')).toBe('status')
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    wrapper.unmount()
  })
})

describe('where a notice opens', () => {
  const router = createAppRouter(createMemoryHistory())

  it('should open the app path a notice names', () => {
    expect(noticeTarget(router, notice('n', { link: '/notifications?x=1' }))).toBe('/notifications?x=1')
  })

  it('should open the alarms screen for an alarm whose link is no screen, and nothing for others', () => {
    expect(noticeTarget(router, ALARM)).toEqual({ name: 'alarms', query: { alarm: 'a-1' } })
    expect(noticeTarget(router, notice('n', { link: '/nowhere/at/all' }))).toBeNull()
    expect(noticeTarget(router, notice('n', { link: 'https://example.com/' }))).toBeNull()
    expect(noticeTarget(router, notice('n', { link: '//example.com/' }))).toBeNull()
  })
})
