import type { WriteRequest } from '@/offline/queue'
import { IDBFactory } from 'fake-indexeddb'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setTransport } from '@/api'
import * as queue from '@/offline/queue'
import { closeQueueDb } from '@/offline/queue-db'
import { resetWriteQueueForTests } from '@/offline/queue-sender'
import { usePatrolsStore } from '@/features/patrols/store'
import { useAuthStore } from '@/stores/auth'
import { fakeTransport, json, TOKENS } from './fake-transport'

const WORKER = { id: 'worker-1', username: 'grid001', display_name: '网格员', roles: ['grid_worker'], scopes: ['grid:g1'] }
const LABELS = { start: '开始巡查', checkIn: '巡查签到', end: '结束巡查' }
const HERE = { lon: 116.4, lat: 39.9, accuracy: 8 }

function patrol(overrides: Record<string, unknown> = {}) {
  return { id: 'p1', grid_unit_id: 'g1', worker: 'worker-1', started_at: '2026-03-02T08:00:00Z', ended_at: null, note: null, check_ins: [], ...overrides }
}

const CHECK_IN = { id: 'c1', lon: 116.4, lat: 39.9, located_grid_unit_id: 'g1', in_patrol_grid: true, note: null, at: '2026-03-02T08:10:00Z' }

async function setUp(routes: Parameters<typeof fakeTransport>[0] = {}) {
  const fake = fakeTransport({
    'POST /api/v1/auth/login': () => json(200, TOKENS),
    'GET /api/v1/accounts/me': () => json(200, WORKER),
    'GET /api/v1/grid-units': () => json(200, { items: [{ id: 'g1', name: '一网格' }], next_cursor: null }),
    // Another worker's patrol of the same grid is in scope but not "mine".
    'GET /api/v1/patrols': () => json(200, { items: [patrol({ id: 'p0', worker: 'someone-else', ended_at: '2026-03-01T09:00:00Z' })], next_cursor: null }),
    ...routes,
  })
  setTransport(fake.transport, 'http://weimin.test')
  setActivePinia(createPinia())
  await useAuthStore().login('grid001', 'secret')
  const store = usePatrolsStore()
  await store.load()
  return { store, seen: fake.seen }
}

describe('patrols store', () => {
  beforeEach(() => sessionStorage.clear())

  it('should list only the worker\'s own patrols', async () => {
    const { store } = await setUp()
    expect(store.patrols).toEqual([])
    expect(store.gridName('g1')).toBe('一网格')
  })

  it('should start, check in at the GPS position and end a patrol', async () => {
    const { store, seen } = await setUp({
      'POST /api/v1/patrols': () => json(201, patrol()),
      'POST /api/v1/patrols/p1/check-ins': () => json(201, CHECK_IN),
      'POST /api/v1/patrols/p1/end': () => json(200, patrol({ ended_at: '2026-03-02T09:00:00Z', check_ins: [CHECK_IN] })),
    })
    expect(await store.start('g1', LABELS)).toBe('sent')
    expect(store.active).toMatchObject({ id: 'p1', gridUnitId: 'g1' })
    expect(await store.checkIn(HERE, LABELS)).toEqual(CHECK_IN)
    expect(store.activePatrol?.check_ins).toHaveLength(1)
    expect(await store.end(LABELS)).toBe('sent')
    expect(store.active).toBeNull()
    expect(seen.filter(s => s.method === 'POST' && s.path.startsWith('/api/v1/patrols')).map(s => [s.path, s.body])).toEqual([
      ['/api/v1/patrols', { grid_unit_id: 'g1', started_at: expect.any(String) }],
      ['/api/v1/patrols/p1/check-ins', { location: { lon: 116.4, lat: 39.9, crs: 'wgs84' }, observed_at: expect.any(String) }],
      ['/api/v1/patrols/p1/end', {}],
    ])
  })

  it('should name a patrol started offline by its queued start in later writes', async () => {
    const { store } = await setUp()
    const sent: WriteRequest[] = []
    // No signal: the queue keeps every write on the phone.
    vi.spyOn(queue, 'submitWrite').mockImplementation(async (request) => {
      sent.push(request)
      return { status: 'queued', id: `q${sent.length}` }
    })
    expect(await store.start('g1', LABELS)).toBe('queued')
    expect(await store.checkIn(HERE, LABELS)).toBeNull()
    expect(store.waitingCheckIns).toMatchObject([{ queueId: 'q2', lon: 116.4 }])
    await store.end(LABELS)
    expect(sent.map(r => [r.kind, r.path])).toEqual([
      ['patrol', '/api/v1/patrols'],
      ['patrol-check-in', '/api/v1/patrols/{ref:q1}/check-ins'],
      ['patrol', '/api/v1/patrols/{ref:q1}/end'],
    ])
    expect([store.active, store.waitingCheckIns]).toEqual([null, []])
  })

  describe('without signal', () => {
    let online = true
    beforeEach(async () => {
      await closeQueueDb()
      globalThis.indexedDB = new IDBFactory()
      resetWriteQueueForTests()
      online = true
      vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online)
      vi.useFakeTimers({ toFake: ['Date'] })
    })
    afterEach(() => {
      vi.useRealTimers()
      vi.restoreAllMocks()
      resetWriteQueueForTests()
    })

    it('should send a queued check-in with the time it was made, not the time it was sent', async () => {
      const { store, seen } = await setUp({
        'POST /api/v1/patrols': () => json(201, patrol()),
        'POST /api/v1/patrols/p1/check-ins': () => json(201, CHECK_IN),
      })
      online = false
      vi.setSystemTime(new Date('2026-03-02T08:00:00Z'))
      expect(await store.start('g1', LABELS)).toBe('queued')
      vi.setSystemTime(new Date('2026-03-02T08:10:00Z'))
      expect(await store.checkIn(HERE, LABELS)).toBeNull()
      expect(store.waitingCheckIns).toMatchObject([{ at: '2026-03-02T08:10:00.000Z' }])

      // The signal comes back two hours later.
      vi.setSystemTime(new Date('2026-03-02T10:10:00Z'))
      online = true
      await queue.flushQueue()
      const posts = seen.filter(s => s.method === 'POST' && s.path.startsWith('/api/v1/patrols'))
      expect(posts.map(s => [s.path, s.body])).toEqual([
        ['/api/v1/patrols', { grid_unit_id: 'g1', started_at: '2026-03-02T08:00:00.000Z' }],
        ['/api/v1/patrols/p1/check-ins', { location: { lon: 116.4, lat: 39.9, crs: 'wgs84' }, observed_at: '2026-03-02T08:10:00.000Z' }],
      ])
    })
  })
})
