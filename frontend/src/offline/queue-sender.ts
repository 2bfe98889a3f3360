import type { StoredPhoto, StoredWrite } from './queue-db'
import type { QueuedWrite, StoredProblem, WriteOutcome, WriteRequest } from './queue'
import { watch } from 'vue'
import { ApiError, problemToApiError } from '@/api/errors'
import { useAuthStore } from '@/stores/auth'
import { addWrite, allWrites, completeWrite, createdRecordId, removeWrite, saveWrite, writeById } from './queue-db'
import { setWaiting } from './status'

/** What the sync screen shows of a write (its photos stay in the database). */
export type QueueEntry = Omit<QueuedWrite, 'photos'> & { photoCount: number }

type Result = { status: 'sent', response: unknown } | { status: 'refused', error: ApiError }

/** Why one attempt stopped: `sent`, set aside (`refused`), or everything behind it waits. */
type Attempt =
  | { kind: 'sent', response: unknown }
  | { kind: 'refused', error: ApiError }
  | { kind: 'wait', problem: StoredProblem, until?: Date }

const LOCK_NAME = 'weimin-write-queue'
const CHANNEL_NAME = 'weimin-write-queue'
const MAX_BACKOFF_MS = 5 * 60_000

const listeners = new Set<() => void>()
let channel: BroadcastChannel | null = null
let running: Promise<Map<string, Result>> | null = null
let retryTimer: ReturnType<typeof setTimeout> | null = null
let started = false

function me(): string | undefined {
  return useAuthStore().account?.id
}

function isOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false
}

function idempotencyKey(write: StoredWrite, suffix = ''): string {
  return `${write.id}${write.revision ? `.r${write.revision}` : ''}${suffix}`
}

/** Backoff after a server error: 2 s, 4 s, 8 s … up to 5 min, with jitter so phones
 * that lost the same server do not all come back in the same second. */
export function backoffMs(attempts: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 2000 * 2 ** Math.max(0, attempts - 1))
  return Math.round(base * (0.75 + Math.random() * 0.5))
}

async function changed(broadcast = true): Promise<void> {
  const mine = me()
  const writes = mine ? (await allWrites()).filter(w => w.owner === mine) : []
  setWaiting(writes.filter(w => w.state === 'waiting' || w.state === 'sending').length)
  if (broadcast)
    channel?.postMessage('changed')
  listeners.forEach(listener => listener())
}

export function onQueueChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function toProblem(error: ApiError): StoredProblem {
  return { status: error.status, code: error.code, title: error.title, detail: error.detail, fieldErrors: error.fieldErrors }
}

export function problemError(problem: StoredProblem): ApiError {
  return new ApiError(problem)
}

async function storePhoto(photo: Blob): Promise<StoredPhoto> {
  return { type: photo.type || 'image/jpeg', bytes: await photo.arrayBuffer() }
}

/** Reads an answer: what the queue does with a status is decided here and only here. */
async function classify(response: Response): Promise<Attempt> {
  const body: unknown = await response.json().catch(() => undefined)
  if (response.ok)
    return { kind: 'sent', response: body }
  const error = problemToApiError(response, body)
  const problem = toProblem(error)
  if (response.status === 401)
    return { kind: 'wait', problem }
  // The same key still running on the server (the first attempt's answer was lost) is
  // not a conflict: ask again shortly.
  if (response.status >= 500 || response.status === 429 || error.code === 'idempotency-request-in-progress') {
    const seconds = error.retryAfterSeconds
    return { kind: 'wait', problem, until: seconds === undefined ? undefined : new Date(Date.now() + seconds * 1000) }
  }
  return { kind: 'refused', error }
}

async function post(path: string, init: RequestInit): Promise<Attempt | Response> {
  try {
    return await useAuthStore().send(path, init)
  }
  catch {
    return { kind: 'wait', problem: { status: 0, code: 'network-error', title: '' } }
  }
}

async function resolvePath(path: string): Promise<string | null> {
  let resolved = path
  for (const match of path.matchAll(/\{ref:([^}]+)\}/g)) {
    const recordId = await createdRecordId(match[1]!)
    if (!recordId)
      return null
    resolved = resolved.replace(match[0], encodeURIComponent(recordId))
  }
  return resolved
}

/** The server deletes uploads left unattached for a day (photo_unattached_hours): a write
 * that waited longer than that after uploading its photos is refused `unknown-photo`. */
function photosWereSwept(outcome: Attempt): boolean {
  return outcome.kind === 'refused' && (outcome.error.fieldErrors ?? []).some(f => f.code === 'unknown-photo')
}

/** One attempt at one write: its photos not yet uploaded, then the write itself. Photos
 * the server has since deleted are uploaded once more (their Idempotency-Keys have expired
 * by then too, as they live no longer than an unattached upload). */
async function attempt(write: StoredWrite, path: string, again = false): Promise<Attempt> {
  const photoIds: string[] = []
  for (const [index, photo] of write.storedPhotos.entries()) {
    if (!photo.uploadedId) {
      const answer = await post(write.photoPath!, {
        method: 'POST',
        body: new Blob([photo.bytes], { type: photo.type }),
        headers: { 'Content-Type': photo.type, 'Idempotency-Key': idempotencyKey(write, `.photo${index}`) },
      })
      const outcome = answer instanceof Response ? await classify(answer) : answer
      if (outcome.kind !== 'sent')
        return outcome
      photo.uploadedId = (outcome.response as { id: string }).id
      await saveWrite(write)
    }
    photoIds.push(photo.uploadedId)
  }
  const body = { ...write.body }
  if (write.photoField && write.storedPhotos.length)
    body[write.photoField] = photoIds
  const answer = await post(path, {
    method: write.method,
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey(write) },
  })
  const outcome = answer instanceof Response ? await classify(answer) : answer
  if (!again && write.storedPhotos.length && photosWereSwept(outcome)) {
    write.storedPhotos.forEach((photo) => { photo.uploadedId = undefined })
    await saveWrite(write)
    return attempt(write, path, true)
  }
  return outcome
}

function scheduleRetry(at: Date): void {
  if (retryTimer)
    clearTimeout(retryTimer)
  retryTimer = setTimeout(() => {
    retryTimer = null
    void flushQueue()
  }, Math.max(0, at.getTime() - Date.now()))
}

/** Sends the signed-in account's writes, oldest first, until one has to wait. */
async function drain(): Promise<Map<string, Result>> {
  const results = new Map<string, Result>()
  const blocked = new Set<string>()
  for (;;) {
    const owner = me()
    if (!owner || !isOnline())
      break
    const next = (await allWrites()).find(w =>
      w.owner === owner && (w.state === 'waiting' || w.state === 'sending') && !blocked.has(w.id))
    if (!next)
      break
    if (next.notBefore && new Date(next.notBefore) > new Date()) {
      scheduleRetry(new Date(next.notBefore))
      break
    }
    const path = await resolvePath(next.path)
    if (path === null) {
      // It builds on a write that was refused and not yet resolved: it waits for that one.
      blocked.add(next.id)
      continue
    }
    next.state = 'sending'
    next.attempts += 1
    await saveWrite(next)
    await changed()
    const outcome = await attempt(next, path)
    if (outcome.kind === 'sent') {
      const recordId = (outcome.response as { id?: unknown } | undefined)?.id
      await completeWrite(next, typeof recordId === 'string' ? recordId : undefined)
      results.set(next.id, { status: 'sent', response: outcome.response })
      await changed()
      continue
    }
    if (outcome.kind === 'refused') {
      const conflict = outcome.error.status === 409 || outcome.error.status === 412
      Object.assign(next, { state: conflict ? 'conflict' : 'failed', problem: toProblem(outcome.error), lastError: outcome.error.code })
      await saveWrite(next)
      results.set(next.id, { status: 'refused', error: outcome.error })
      await changed()
      continue
    }
    next.state = 'waiting'
    next.problem = outcome.problem
    next.lastError = outcome.problem.code
    const retryable = outcome.problem.status >= 500 || outcome.problem.status === 429 || outcome.problem.status === 409
    if (retryable) {
      const until = outcome.until ?? new Date(Date.now() + backoffMs(next.attempts))
      next.notBefore = until.toISOString()
      scheduleRetry(until)
    }
    await saveWrite(next)
    await changed()
    break
  }
  return results
}

function withLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks
  // One sender across the app's tabs; a tab that finds it held waits its turn and then
  // finds nothing left to send (or what was added since).
  return locks ? locks.request(LOCK_NAME, () => work()) as Promise<T> : work()
}

/** Sends what is waiting. Calls made while a send runs share it (one sender per tab). */
export function flushQueue(): Promise<Map<string, Result>> {
  running ??= withLock(drain).finally(() => {
    running = null
  })
  return running
}

export async function submitWrite(request: WriteRequest): Promise<WriteOutcome> {
  const { photos = [], ...rest } = request
  const write: StoredWrite = {
    ...rest,
    body: JSON.parse(JSON.stringify(rest.body)) as Record<string, unknown>,
    id: crypto.randomUUID(),
    createdAt: new Date().toISOString(),
    attempts: 0,
    state: 'waiting',
    owner: me() ?? '',
    storedPhotos: await Promise.all(photos.map(storePhoto)),
  }
  // Stored before the first attempt: if the app is closed mid-send, it is still here.
  await addWrite(write)
  await changed()
  if (!isOnline())
    return { status: 'queued', id: write.id }
  const result = (await flushQueue()).get(write.id)
  if (result?.status === 'sent')
    return { status: 'sent', response: result.response }
  if (result?.status === 'refused') {
    // The worker is still on the form: the refusal is shown there, not on the sync screen.
    const stored = await writeById(write.id)
    if (stored)
      await removeWrite(stored)
    await changed()
    throw result.error
  }
  return { status: 'queued', id: write.id }
}

export async function listWrites(): Promise<QueueEntry[]> {
  const owner = me()
  return (await allWrites())
    .filter(w => w.owner === owner)
    .map(entry => ({
      id: entry.id,
      kind: entry.kind,
      label: entry.label,
      method: entry.method,
      path: entry.path,
      body: entry.body,
      photoField: entry.photoField,
      photoPath: entry.photoPath,
      createdAt: entry.createdAt,
      attempts: entry.attempts,
      lastError: entry.lastError,
      state: entry.state,
      problem: entry.problem,
      revision: entry.revision,
      photoCount: entry.storedPhotos.length,
    }))
}

/** "Send now": the worker asks, so a server error's backoff is not waited out. */
export async function sendNow(): Promise<void> {
  for (const write of await allWrites()) {
    if (write.owner === me() && write.notBefore) {
      delete write.notBefore
      await saveWrite(write)
    }
  }
  await flushQueue()
}

export async function retryWrite(id: string): Promise<void> {
  const write = await writeById(id)
  if (!write)
    return
  Object.assign(write, { state: 'waiting' })
  delete write.notBefore
  await saveWrite(write)
  await changed()
  await flushQueue()
}

/** The worker changed a refused write: it goes back in line under a fresh key (the old
 * key belongs to the old body). Photos already uploaded stay uploaded. */
export async function editWrite(id: string, changes: { label?: string, body: Record<string, unknown> }): Promise<void> {
  const write = await writeById(id)
  if (!write)
    return
  write.body = JSON.parse(JSON.stringify(changes.body)) as Record<string, unknown>
  write.label = changes.label ?? write.label
  write.revision = (write.revision ?? 0) + 1
  write.state = 'waiting'
  delete write.notBefore
  delete write.problem
  await saveWrite(write)
  await changed()
  await flushQueue()
}

export async function discardWrite(id: string): Promise<void> {
  const write = await writeById(id)
  if (write)
    await removeWrite(write)
  await changed()
}

/** Sends when the signal returns, at start once signed in, and at every sign-in. */
export function startWriteQueue(): void {
  if (started)
    return
  started = true
  window.addEventListener('online', () => void flushQueue())
  if (typeof BroadcastChannel !== 'undefined') {
    channel = new BroadcastChannel(CHANNEL_NAME)
    channel.onmessage = () => void changed(false)
  }
  const auth = useAuthStore()
  watch(() => auth.isAuthenticated, (signedIn) => {
    if (signedIn)
      void changed(false).then(() => flushQueue())
  }, { immediate: true })
}

/** Tests: forget the running state between cases. */
export function resetWriteQueueForTests(): void {
  running = null
  if (retryTimer)
    clearTimeout(retryTimer)
  retryTimer = null
}
