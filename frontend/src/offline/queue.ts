/**
 * The one way the app sends a write a grid worker makes in the field (an incident report,
 * a visit log, a patrol check-in): `submitWrite()`. With signal it is sent at once; without
 * it, it waits on the phone (IndexedDB) with its photos and its Idempotency-Key and is sent
 * when the signal returns, in order, exactly once. The sync screen lists what waits.
 *
 * CONTRACT (screens rely on this shape; the storage behind it may change):
 *   const outcome = await submitWrite({ kind: 'incident', label: title, method: 'POST',
 *     path: '/api/v1/incidents', body, photos: [blob], photoField: 'photo_ids',
 *     photoPath: '/api/v1/incident-photos' })
 *   outcome.status === 'sent'   → outcome.response is the created record
 *   outcome.status === 'queued' → saved on the phone; show "will be sent when online"
 *   a 4xx that retrying cannot fix → throws the call's ApiError (show it on the form)
 *
 * How a queued write is sent (see frontend/README.md, "The offline write queue"):
 *   - it is stored before the first attempt, so closing the app mid-send loses nothing;
 *   - one sender at a time across tabs (Web Locks), oldest first; a write that must wait
 *     (no network, a server error, an expired session) holds back the ones behind it;
 *   - photos are uploaded one by one and each id is stored at once: a retry uploads none twice;
 *   - the Idempotency-Key is the write's id, so replaying after a lost answer is safe;
 *   - 401 → waits for the next sign-in (never dropped); 409/412 → `conflict`, other 4xx →
 *     `failed`, both set aside for the worker to retry, edit or discard.
 */
import type { FieldProblem } from '@/api/errors'

export type WriteKind = 'incident' | 'visit' | 'patrol-check-in' | 'patrol' | 'alarm-response' | 'other'

export interface WriteRequest {
  kind: WriteKind
  /** What the sync screen shows for this write ("Broken street lamp, Building 3"). */
  label: string
  method: 'POST' | 'PUT' | 'PATCH'
  /** The API path; `{ref:<id>}` segments are replaced by the id a queued earlier write created. */
  path: string
  body: Record<string, unknown>
  /** Photos to upload first (raw body to `photoPath`); their ids go into `body[photoField]`. */
  photos?: Blob[]
  photoField?: string
  photoPath?: string
}

export interface QueuedWrite extends WriteRequest {
  /** Also the Idempotency-Key: a replay after a lost answer never creates a second record. */
  id: string
  createdAt: string
  attempts: number
  /** Why the last attempt failed (a problem code), when it did. */
  lastError?: string
  state: 'waiting' | 'sending' | 'failed' | 'conflict'
  /** The last refusal as the server said it, so the sync screen can translate it. */
  problem?: StoredProblem
  /** Bumped when the worker edits a refused write: an edited body needs a fresh key. */
  revision?: number
}

export interface StoredProblem {
  status: number
  code: string
  title: string
  detail?: string
  fieldErrors?: FieldProblem[]
}

export type WriteOutcome =
  | { status: 'sent', response: unknown }
  | { status: 'queued', id: string }


export { discardWrite, editWrite, flushQueue, listWrites, onQueueChange, retryWrite, sendNow, startWriteQueue, submitWrite } from './queue-sender'
export type { QueueEntry } from './queue-sender'
