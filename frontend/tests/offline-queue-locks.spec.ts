import 'fake-indexeddb/auto'
import type { Seen } from './fake-transport'
import { IDBFactory } from 'fake-indexeddb'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setTransport } from '@/api'
import { useAuthStore } from '@/stores/auth'
import { ADMIN, fakeTransport, json, TOKENS } from './fake-transport'

/**
 * The write queue's Web Locks path. happy-dom has no `navigator.locks`, so the other queue
 * tests run the in-tab fallback; here a small fake of the Web Locks API is installed and
 * two copies of the queue's modules play two tabs of the app: each has its own "running"
 * state and its own IndexedDB connection, and they share the database, the session and
 * the lock, as two tabs of one browser profile do.
 */

type Grant = { name: string, mode: LockMode }
type Callback = (lock: Grant | null) => unknown
type Options = { mode?: LockMode, ifAvailable?: boolean, steal?: boolean, signal?: AbortSignal }

/**
 * `navigator.locks` as the Web Locks spec has it for exclusive locks: one holder per name,
 * requests granted in the order they were made, the callback run after the grant (in a
 * later task), the lock held until the promise the callback returns settles, and
 * `request()` settling with that promise's outcome. `ifAvailable` calls back with `null`
 * instead of waiting. Shared locks, `steal` and `signal` are not faked (the queue uses none).
 */
class FakeLockManager {
  readonly requested: string[] = []
  /** The most callbacks that ever ran at once under one name (must stay 1). */
  maxHolders = 0
  /** The most requests that ever waited for a name: proof the tabs did contend. */
  maxWaiting = 0
  private readonly holders = new Map<string, number>()
  private readonly queues = new Map<string, (() => void)[]>()

  request(name: string, optionsOrCallback: Options | Callback, maybeCallback?: Callback): Promise<unknown> {
    const [options, callback] = typeof optionsOrCallback === 'function'
      ? [{} as Options, optionsOrCallback]
      : [optionsOrCallback, maybeCallback!]
    if ((options.mode ?? 'exclusive') !== 'exclusive' || options.steal || options.signal)
      throw new Error('the fake grants exclusive locks only')
    this.requested.push(name)
    const queue = this.queues.get(name) ?? this.queues.set(name, []).get(name)!
    const busy = (this.holders.get(name) ?? 0) > 0 || queue.length > 0
    if (busy && options.ifAvailable)
      return new Promise(resolve => setTimeout(resolve, 0)).then(() => callback(null))
    return new Promise((resolve, reject) => {
      const run = () => {
        const holders = (this.holders.get(name) ?? 0) + 1
        this.holders.set(name, holders)
        this.maxHolders = Math.max(this.maxHolders, holders)
        setTimeout(() => {
          Promise.resolve()
            .then(() => callback({ name, mode: 'exclusive' }))
            .then(resolve, reject)
            .finally(() => this.release(name))
        }, 0)
      }
      if (busy) {
        queue.push(run)
        this.maxWaiting = Math.max(this.maxWaiting, queue.length)
      }
      else {
        run()
      }
    })
  }

  async query(): Promise<LockManagerSnapshot> {
    const held = [...this.holders].filter(([, n]) => n > 0).map(([name]) => ({ name, mode: 'exclusive' as const }))
    const pending = [...this.queues].flatMap(([name, queue]) => queue.map(() => ({ name, mode: 'exclusive' as const })))
    return { held, pending }
  }

  private release(name: string): void {
    this.holders.set(name, (this.holders.get(name) ?? 1) - 1)
    this.queues.get(name)?.shift()?.()
  }
}

/** One tab: its own copy of the queue's modules (and of the database connection). */
async function openTab() {
  vi.resetModules()
  const sender = await import('@/offline/queue-sender')
  const db = await import('@/offline/queue-db')
  return { ...sender, closeQueueDb: db.closeQueueDb }
}

type Tab = Awaited<ReturnType<typeof openTab>>

function report(tab: Tab, title: string) {
  return tab.submitWrite({
    kind: 'incident',
    label: title,
    method: 'POST',
    path: '/api/v1/incidents',
    body: { title, category_code: '0101', location: { lon: 120, lat: 30 } },
  })
}

/** A server slow enough (20 ms a write) for a second sender to overlap a first. */
function slowServer() {
  const sent: string[] = []
  const keys: string[] = []
  let inFlight = 0
  let maxInFlight = 0
  const route = async ({ body, headers }: Seen) => {
    inFlight += 1
    maxInFlight = Math.max(maxInFlight, inFlight)
    await new Promise(resolve => setTimeout(resolve, 20))
    const title = (body as { title: string }).title
    sent.push(title)
    keys.push(headers.get('Idempotency-Key')!)
    inFlight -= 1
    return json(201, { id: `inc-${sent.length}`, title })
  }
  return { route, sent, keys, maxInFlight: () => maxInFlight }
}

let online = true
let locks: FakeLockManager
let tabs: Tab[] = []

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory()
  sessionStorage.clear()
  online = true
  vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online)
  locks = new FakeLockManager()
  Object.defineProperty(navigator, 'locks', { value: locks, configurable: true })
  tabs = []
})

afterEach(async () => {
  for (const tab of tabs) {
    tab.resetWriteQueueForTests()
    await tab.closeQueueDb()
  }
  Reflect.deleteProperty(navigator, 'locks')
})

async function twoSignedInTabs(server: ReturnType<typeof slowServer>): Promise<[Tab, Tab]> {
  const fake = fakeTransport({
    'POST /api/v1/auth/login': () => json(200, TOKENS),
    'GET /api/v1/accounts/me': () => json(200, ADMIN),
    'POST /api/v1/incidents': server.route,
  })
  setTransport(fake.transport, 'http://weimin.test')
  setActivePinia(createPinia())
  await useAuthStore().login('admin', 'secret')
  tabs = [await openTab(), await openTab()]
  return tabs as [Tab, Tab]
}

describe('the offline write queue across tabs (Web Locks)', () => {
  it('should be two separate queues sharing one lock, as two tabs are', async () => {
    const [a, b] = await twoSignedInTabs(slowServer())

    expect(a.flushQueue).not.toBe(b.flushQueue)
    await Promise.all([a.flushQueue(), b.flushQueue()])
    expect(locks.requested).toEqual(['weimin-write-queue', 'weimin-write-queue'])
  })

  it('should send writes queued in two tabs one at a time, each once, oldest first, when both start sending', async () => {
    const server = slowServer()
    const [a, b] = await twoSignedInTabs(server)
    online = false
    const queued = [await report(a, 'first'), await report(b, 'second'), await report(a, 'third'), await report(b, 'fourth')]
    expect(queued.map(q => q.status)).toEqual(['queued', 'queued', 'queued', 'queued'])

    online = true
    await Promise.all([a.flushQueue(), b.flushQueue(), a.flushQueue()])

    expect(server.sent).toEqual(['first', 'second', 'third', 'fourth'])
    expect(new Set(server.keys).size).toBe(4)
    expect(server.maxInFlight()).toBe(1)
    expect(locks.maxHolders).toBe(1)
    // Tab b asked while tab a held the lock (a's second call shared a's run).
    expect(locks.requested).toHaveLength(2)
    expect(locks.maxWaiting).toBe(1)
    expect(await a.listWrites()).toEqual([])
    expect(await b.listWrites()).toEqual([])
  })

  it('should send each write once when both tabs write at the same moment with signal', async () => {
    const server = slowServer()
    const [a, b] = await twoSignedInTabs(server)

    const outcomes = await Promise.all([report(a, 'a1'), report(b, 'b1'), report(a, 'a2'), report(b, 'b2')])
    await Promise.all([a.flushQueue(), b.flushQueue()])

    expect([...server.sent].sort()).toEqual(['a1', 'a2', 'b1', 'b2'])
    expect(server.maxInFlight()).toBe(1)
    expect(locks.maxHolders).toBe(1)
    expect(locks.maxWaiting).toBeGreaterThanOrEqual(1)
    // A write the other tab's sender took reads "queued" in the tab that made it (its
    // own turn at the lock found nothing left): saved, and sent all the same.
    expect(outcomes.map(o => o.status).every(s => s === 'sent' || s === 'queued')).toBe(true)
    const sent = outcomes.filter(o => o.status === 'sent').map(o => (o as { response: { title: string } }).response.title)
    expect(sent.every(title => server.sent.includes(title))).toBe(true)
    expect(await a.listWrites()).toEqual([])
  })
})

describe('the fake Web Locks', () => {
  it('should grant an exclusive lock to one holder at a time, in the order asked', async () => {
    const fake = new FakeLockManager()
    const order: string[] = []
    const hold = (who: string) => fake.request('l', async () => {
      order.push(`${who} in`)
      await new Promise(resolve => setTimeout(resolve, 5))
      order.push(`${who} out`)
      return who
    })

    const results = await Promise.all([hold('x'), hold('y'), hold('z')])

    expect(results).toEqual(['x', 'y', 'z'])
    expect(order).toEqual(['x in', 'x out', 'y in', 'y out', 'z in', 'z out'])
    expect(fake.maxHolders).toBe(1)
  })

  it('should call back with null for ifAvailable while the lock is held, and release on a throw', async () => {
    const fake = new FakeLockManager()
    let release: () => void = () => {}
    const held = fake.request('l', () => new Promise<void>((resolve) => { release = resolve }))
    await new Promise(resolve => setTimeout(resolve, 0))

    expect(await fake.request('l', { ifAvailable: true }, lock => lock)).toBeNull()
    release()
    await held
    await expect(fake.request('l', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await fake.request('l', { ifAvailable: true }, lock => lock?.name)).toBe('l')
  })
})
