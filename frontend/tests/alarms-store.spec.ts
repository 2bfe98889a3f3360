import type { Transport } from '@/api/client'
import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { setTransport } from '@/api'
import { useAlarmsStore } from '@/features/alarms/store'
import { useAuthStore } from '@/stores/auth'
import { fakeTransport, json, TOKENS } from './fake-transport'

const BASE = 'http://weimin.test'
const WORKER = { id: 'worker-1', username: 'grid001', display_name: '网格员', roles: ['grid_worker'], scopes: ['grid:g1'] }
const GROUP = { id: 'group-1', grid_unit_id: 'g1', community_id: 'c1', name: '一栋十户联防组', lead_household_id: 'h1', answer_minutes: 5, members: [] }

function alarm(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    group_id: 'group-1',
    raised_by: 'neighbour-1',
    kind: 'intrusion',
    note: null,
    state: 'open',
    raised_at: `2026-03-02T08:0${id.length % 10}:00Z`,
    answer_due_at: '2026-03-02T08:10:00Z',
    escalated_at: null,
    notices: [],
    responses: [],
    ...overrides,
  }
}

/** The stream route answers with a body the test writes to; its request's signal is kept. */
function liveStream() {
  const encoder = new TextEncoder()
  let push: (text: string) => void = () => {}
  const signals: AbortSignal[] = []
  const route = (request: Request) => {
    signals.push(request.signal)
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = text => controller.enqueue(encoder.encode(text))
      },
    })
    return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } })
  }
  return { route, signals, send: (text: string) => push(text) }
}

async function signedInStore(stream: ReturnType<typeof liveStream>, extra: Parameters<typeof fakeTransport>[0] = {}) {
  const fake = fakeTransport({
    'POST /api/v1/auth/login': () => json(200, TOKENS),
    'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
    'GET /api/v1/accounts/me': () => json(200, WORKER),
    'GET /api/v1/joint-defence/groups': () => json(200, { items: [GROUP], next_cursor: null }),
    'GET /api/v1/joint-defence/alarms': () => json(200, { items: [alarm('old', { state: 'answered' })], next_cursor: null }),
    ...extra,
  })
  const transport: Transport = request => (new URL(request.url).pathname.endsWith('/alarms/stream')
    ? Promise.resolve(stream.route(request))
    : fake.transport(request))
  setTransport(transport, BASE)
  setActivePinia(createPinia())
  const auth = useAuthStore()
  await auth.login('grid001', 'secret')
  return { auth, store: useAlarmsStore(), seen: fake.seen }
}

describe('alarms store', () => {
  beforeEach(() => sessionStorage.clear())

  it('should show a live alarm at the top, alert once, and keep later updates of it', async () => {
    const stream = liveStream()
    const { store } = await signedInStore(stream)
    const alerts: string[] = []
    store.onAlert(a => alerts.push(`${a.alarm.id}@${a.group?.name}`))
    await store.start()
    await flushPromises()
    expect(store.status).toBe('open')

    stream.send(`event: alarm\nid: new\ndata: ${JSON.stringify(alarm('new-one'))}\n\n`)
    await flushPromises()
    expect(store.alarms.map(a => a.id)).toEqual(['new-one', 'old'])
    expect(store.unacknowledgedCount).toBe(1)
    expect(alerts).toEqual(['new-one@一栋十户联防组'])

    const answered = alarm('new-one', { state: 'answered', responses: [{ responder: 'x', answer: 'received', at: '2026-03-02T08:01:00Z' }] })
    stream.send(`event: alarm\ndata: ${JSON.stringify(answered)}\n\n`)
    await flushPromises()
    expect(store.alarms[0]!.state).toBe('answered')
    expect(store.unacknowledgedCount).toBe(0)
    expect(alerts).toHaveLength(1)
  })

  it('should not alert for an alarm the worker raised', async () => {
    const stream = liveStream()
    const { store } = await signedInStore(stream)
    const alerts: string[] = []
    store.onAlert(a => alerts.push(a.alarm.id))
    await store.start()
    stream.send(`event: alarm\ndata: ${JSON.stringify(alarm('mine', { raised_by: 'worker-1' }))}\n\n`)
    await flushPromises()
    expect(store.alarms.map(a => a.id)).toContain('mine')
    expect(alerts).toEqual([])
  })

  it('should send "on my way" and record the answer the API returns', async () => {
    const stream = liveStream()
    const reply = alarm('old', { state: 'answered', responses: [{ responder: 'worker-1', answer: 'on_my_way', at: '2026-03-02T08:02:00Z' }] })
    const { store, seen } = await signedInStore(stream, {
      'POST /api/v1/joint-defence/alarms/old/responses': () => json(201, reply),
    })
    await store.start()
    expect(await store.answer(store.alarms[0]!, 'on_my_way')).toBe('sent')
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: { answer: 'on_my_way' }, authorization: 'Bearer access-1' })
    expect(store.myAnswers(store.alarms[0]!)).toEqual(['on_my_way'])
  })

  it('should close the streams and forget the alarms at sign-out', async () => {
    const stream = liveStream()
    const { auth, store } = await signedInStore(stream)
    await store.start()
    await flushPromises()
    expect(stream.signals.map(s => s.aborted)).toEqual([false])

    await auth.logout()
    await flushPromises()
    expect(stream.signals.map(s => s.aborted)).toEqual([true])
    expect([store.status, store.alarms.length, store.started]).toEqual(['stopped', 0, false])
  })
})
