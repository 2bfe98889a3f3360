import 'fake-indexeddb/auto'
import type { Seen } from './fake-transport'
import { IDBFactory } from 'fake-indexeddb'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { setTransport } from '@/api'
import { ApiError } from '@/api/errors'
import { setLocale } from '@/locales'
import { closeQueueDb } from '@/offline/queue-db'
import { flushQueue, listWrites, retryWrite, sendNow, startWriteQueue, submitWrite } from '@/offline/queue'
import { resetWriteQueueForTests } from '@/offline/queue-sender'
import { useSyncStatus } from '@/offline/status'
import { useAuthStore } from '@/stores/auth'
import { ADMIN, fakeTransport, json, problem, TOKENS } from './fake-transport'

type Route = (seen: Seen) => Response | Promise<Response>

const SIGN_IN: Record<string, Route> = {
  'POST /api/v1/auth/login': () => json(200, TOKENS),
  'GET /api/v1/accounts/me': () => json(200, ADMIN),
}

let online = true

async function signedIn(routes: Record<string, Route>) {
  const fake = fakeTransport({ ...SIGN_IN, ...routes })
  setTransport(fake.transport, 'http://weimin.test')
  setActivePinia(createPinia())
  await useAuthStore().login('admin', 'secret')
  return fake
}

function report(title: string, photos: Blob[] = []) {
  return submitWrite({
    kind: 'incident',
    label: title,
    method: 'POST',
    path: '/api/v1/incidents',
    body: { title, category_code: '0101', location: { lon: 120, lat: 30 } },
    photos,
    photoField: 'photo_ids',
    photoPath: '/api/v1/incident-photos',
  })
}

function incidentPosts(seen: Seen[]): Seen[] {
  return seen.filter(s => s.method === 'POST' && s.path === '/api/v1/incidents')
}

/** A server that keeps what it created by Idempotency-Key, as the platform's does. */
function serverWithKeys() {
  const created = new Map<string, { id: string, title: string }>()
  const route: Route = ({ headers, body }) => {
    const key = headers.get('Idempotency-Key')!
    if (!created.has(key))
      created.set(key, { id: `inc-${created.size + 1}`, title: (body as { title: string }).title })
    return json(201, created.get(key))
  }
  return { created, route }
}

beforeEach(async () => {
  await closeQueueDb()
  globalThis.indexedDB = new IDBFactory()
  resetWriteQueueForTests()
  sessionStorage.clear()
  setLocale('zh-CN')
  online = true
  vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online)
})

afterEach(() => {
  resetWriteQueueForTests()
})

describe('the offline write queue', () => {
  it('should send at once with signal, with an Idempotency-Key', async () => {
    const server = serverWithKeys()
    const { seen } = await signedIn({ 'POST /api/v1/incidents': server.route })

    const outcome = await report('Lamp out')

    expect(outcome).toEqual({ status: 'sent', response: { id: 'inc-1', title: 'Lamp out' } })
    expect(incidentPosts(seen)[0]!.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/)
    expect(await listWrites()).toEqual([])
  })

  it('should keep writes made offline and send them in the order they were made', async () => {
    const server = serverWithKeys()
    const { seen } = await signedIn({ 'POST /api/v1/incidents': server.route })
    online = false

    const outcomes = [await report('first'), await report('second'), await report('third')]

    expect(outcomes.map(o => o.status)).toEqual(['queued', 'queued', 'queued'])
    expect(incidentPosts(seen)).toHaveLength(0)
    expect(useSyncStatus().waiting.value).toBe(3)
    online = true
    await flushQueue()
    expect(incidentPosts(seen).map(s => (s.body as { title: string }).title)).toEqual(['first', 'second', 'third'])
    expect(await listWrites()).toEqual([])
    expect(useSyncStatus().waiting.value).toBe(0)
  })

  it('should create exactly one record when the first answer was lost, replaying the same key', async () => {
    const server = serverWithKeys()
    let answers = 0
    const { seen } = await signedIn({
      'POST /api/v1/incidents': async (request) => {
        const response = await server.route(request)
        answers += 1
        if (answers === 1)
          throw new TypeError('Failed to fetch') // the server created it; the answer never came back
        return response
      },
    })

    expect((await report('Lamp out')).status).toBe('queued')
    const [waiting] = await listWrites()
    expect(waiting).toMatchObject({ state: 'waiting', lastError: 'network-error', attempts: 1 })
    await flushQueue()

    const posts = incidentPosts(seen)
    expect(posts).toHaveLength(2)
    expect(posts[1]!.headers.get('Idempotency-Key')).toBe(posts[0]!.headers.get('Idempotency-Key'))
    expect(server.created.size).toBe(1)
    expect(await listWrites()).toEqual([])
  })

  it('should upload each photo once and send its id, even when the write itself is retried', async () => {
    let incidentAnswers = 0
    const { seen } = await signedIn({
      'POST /api/v1/incident-photos': () => json(201, { id: 'photo-1' }),
      'POST /api/v1/incidents': () => (++incidentAnswers === 1
        ? problem(503, 'upstream-unavailable')
        : json(201, { id: 'inc-1' })),
    })

    const outcome = await report('With photo', [new Blob(['jpeg-bytes'], { type: 'image/jpeg' })])
    expect(outcome.status).toBe('queued')
    expect((await listWrites())[0]).toMatchObject({ state: 'waiting', lastError: 'upstream-unavailable', photoCount: 1 })
    await sendNow()

    const uploads = seen.filter(s => s.path === '/api/v1/incident-photos')
    expect(uploads).toHaveLength(1)
    expect(uploads[0]!.body).toBe('jpeg-bytes')
    expect(uploads[0]!.headers.get('Content-Type')).toBe('image/jpeg')
    expect(incidentPosts(seen).map(s => (s.body as { photo_ids: string[] }).photo_ids)).toEqual([['photo-1'], ['photo-1']])
    expect(await listWrites()).toEqual([])
  })

  it('should upload its photos again when the server swept them while the write waited', async () => {
    let uploads = 0
    const { seen } = await signedIn({
      'POST /api/v1/incident-photos': () => json(201, { id: `photo-${++uploads}` }),
      'POST /api/v1/incidents': ({ body }) => ((body as { photo_ids: string[] }).photo_ids[0] === 'photo-1'
        ? problem(422, 'validation-failed', { errors: [{ field: 'body.photo_ids.0', reason: 'no photo you uploaded has this id', code: 'unknown-photo' }] })
        : json(201, { id: 'inc-1' })),
    })

    const outcome = await report('Swept photo', [new Blob(['jpeg-bytes'], { type: 'image/jpeg' })])

    expect(outcome).toEqual({ status: 'sent', response: { id: 'inc-1' } })
    expect(incidentPosts(seen).map(s => (s.body as { photo_ids: string[] }).photo_ids)).toEqual([['photo-1'], ['photo-2']])
    expect(await listWrites()).toEqual([])
  })

  it('should keep writes when the session has expired and send them at the next sign-in', async () => {
    let sessionValid = false
    const server = serverWithKeys()
    const { seen } = await signedIn({
      'POST /api/v1/incidents': request => (sessionValid ? server.route(request) : problem(401, 'unauthorized')),
    })
    startWriteQueue()

    expect((await report('Lamp out')).status).toBe('queued')
    const auth = useAuthStore()
    expect(auth.isAuthenticated).toBe(false)
    expect(await listWrites()).toEqual([]) // signed out: nobody's writes are shown

    sessionValid = true
    await auth.login('admin', 'secret')
    await nextTick()
    await vi.waitFor(async () => expect(server.created.size).toBe(1))
    await vi.waitFor(async () => expect(await listWrites()).toEqual([]))
    expect(incidentPosts(seen).length).toBeGreaterThanOrEqual(2)
  })

  it.each([409, 412])('should set a queued write aside as a conflict on %i', async (status) => {
    await signedIn({ 'POST /api/v1/incidents': () => problem(status, 'incident-version-mismatch') })
    online = false
    await report('first')
    online = true

    await flushQueue()

    expect((await listWrites())[0]).toMatchObject({ state: 'conflict', lastError: 'incident-version-mismatch', problem: { status } })
    expect(useSyncStatus().waiting.value).toBe(0)
  })

  it('should mark other 4xx as failed with the reason, and let the ones behind it go', async () => {
    const server = serverWithKeys()
    await signedIn({
      'POST /api/v1/incidents': request => ((request.body as { title: string }).title === 'bad'
        ? problem(422, 'validation-failed', { errors: [{ field: 'body.title', reason: 'too long', code: 'too_long' }] })
        : server.route(request)),
    })
    online = false
    await report('bad')
    await report('good')
    online = true

    await flushQueue()

    const [failed, ...rest] = await listWrites()
    expect(rest).toEqual([])
    expect(failed).toMatchObject({ label: 'bad', state: 'failed', problem: { fieldErrors: [{ field: 'body.title' }] } })
    expect([...server.created.values()].map(r => r.title)).toEqual(['good'])
  })

  it('should throw the refusal to the form when sent at once, and keep nothing', async () => {
    await signedIn({ 'POST /api/v1/incidents': () => problem(422, 'validation-failed') })

    await expect(report('bad')).rejects.toBeInstanceOf(ApiError)
    expect(await listWrites()).toEqual([])
  })

  it('should wait, not conflict, while the same key is still running on the server', async () => {
    await signedIn({ 'POST /api/v1/incidents': () => problem(409, 'idempotency-request-in-progress') })

    expect((await report('Lamp out')).status).toBe('queued')

    expect((await listWrites())[0]).toMatchObject({ state: 'waiting', lastError: 'idempotency-request-in-progress' })
  })

  it('should send a conflict again when the worker retries it', async () => {
    let conflict = true
    const server = serverWithKeys()
    await signedIn({ 'POST /api/v1/incidents': request => (conflict ? problem(409, 'conflict') : server.route(request)) })
    online = false
    await report('Lamp out')
    online = true
    await flushQueue()
    const [entry] = await listWrites()
    expect(entry!.state).toBe('conflict')

    conflict = false
    await retryWrite(entry!.id)

    expect(await listWrites()).toEqual([])
    expect(server.created.size).toBe(1)
  })
})
