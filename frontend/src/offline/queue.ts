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
 */

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
}

export type WriteOutcome =
  | { status: 'sent', response: unknown }
  | { status: 'queued', id: string }

// PLACEHOLDER until the IndexedDB queue lands: sends at once and never queues.
export async function submitWrite(request: WriteRequest): Promise<WriteOutcome> {
  const { useAuthStore } = await import('@/stores/auth')
  const { problemToApiError } = await import('@/api/errors')
  const auth = useAuthStore()
  const body: Record<string, unknown> = { ...request.body }
  if (request.photos?.length && request.photoField && request.photoPath) {
    const ids: string[] = []
    for (const photo of request.photos) {
      const uploaded = await auth.send(request.photoPath, { method: 'POST', body: photo, headers: { 'Content-Type': photo.type } })
      if (!uploaded.ok)
        throw problemToApiError(uploaded, await uploaded.json().catch(() => undefined))
      ids.push((await uploaded.json() as { id: string }).id)
    }
    body[request.photoField] = ids
  }
  const response = await auth.send(request.path, {
    method: request.method,
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
  })
  const answer: unknown = await response.json().catch(() => undefined)
  if (!response.ok)
    throw problemToApiError(response, answer)
  return { status: 'sent', response: answer }
}
