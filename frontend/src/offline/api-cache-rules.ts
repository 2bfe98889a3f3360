/**
 * What the service worker may keep of the API, so the home, map and residents screens show
 * my grid with no signal. The build copies these functions into the generated service
 * worker as source text (workbox-build serialises them), so each must be self-contained:
 * no imports, no outside constants.
 *
 * Kept: GET answers of this origin under the grid's and the session's read paths, which are
 * masked (names shortened, ID-card and phone numbers hidden). Never kept: any other method
 * (a reveal of personal data is a POST), any path naming a reveal, an audit, an export or a live stream,
 * and any answer the server marks `Cache-Control: no-store` (reveals, credentials, exports).
 */

export interface CacheMatchInput {
  url: URL
  request: Request
  sameOrigin: boolean
}

/** The route's match: a same-origin GET of a grid read the offline screens need. */
export function isCacheableApiRequest({ url, request, sameOrigin }: CacheMatchInput): boolean {
  const readPaths = [
    '/api/v1/accounts/me',
    '/api/v1/organisations/summary',
    '/api/v1/grid-units',
    '/api/v1/buildings',
    '/api/v1/households',
    '/api/v1/residents',
    '/api/v1/incidents',
    '/api/v1/incident-categories',
    '/api/v1/visits',
    '/api/v1/patrols',
    '/api/v1/joint-defence/groups',
    '/api/v1/joint-defence/alarms',
  ]
  // A live stream never ends, so there is no copy of it to keep.
  const never = /\/(?:reveal|reveals|audit|export|exports|imports|stream)(?:\/|$)/
  if (!sameOrigin || request.method !== 'GET')
    return false
  if (never.test(url.pathname))
    return false
  return readPaths.some(path => url.pathname === path || url.pathname.startsWith(`${path}/`))
}

/** A workbox plugin hook: keeps a successful answer unless the server forbids storing it. */
export async function refuseUnstorable({ response }: { response: Response }): Promise<Response | null> {
  if (response.status !== 200)
    return null
  const cacheControl = (response.headers.get('Cache-Control') ?? '').toLowerCase()
  if (/(?:^|[\s,])no-store(?:$|[\s,;=])/.test(cacheControl))
    return null
  return response
}
