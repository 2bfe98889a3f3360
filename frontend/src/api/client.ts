import type { Client, FetchResponse } from 'openapi-fetch'
import type { paths } from './generated/schema'
import createClient from 'openapi-fetch'
import { ApiError, networkError, problemToApiError } from './errors'

export type ApiClient = Client<paths>
export type Transport = (request: Request) => Promise<Response>

/** What the client needs from whoever holds the session (the auth store). */
export interface SessionHooks {
  accessToken: () => string | null
  /** Gets a new access token; resolves false when the session cannot be renewed. */
  refresh: () => Promise<boolean>
  /** Called when a request stays unauthorised after one refresh. */
  sessionLost: () => void
}

// Token endpoints answer 401 for bad credentials; refreshing there would loop.
const NO_REFRESH_PATHS = [
  '/api/v1/auth/login',
  '/api/v1/auth/second-factor',
  '/api/v1/auth/refresh',
  '/api/v1/auth/logout',
]

function withBearer(request: Request, token: string | null): Request {
  const copy = new Request(request)
  if (token)
    copy.headers.set('Authorization', `Bearer ${token}`)
  return copy
}

/**
 * Wraps a transport so every request carries the current access token, and a 401 is
 * answered by refreshing once and repeating the request once.
 */
export function authenticatedTransport(transport: Transport, session: SessionHooks): Transport {
  return async (request) => {
    const path = new URL(request.url).pathname
    if (NO_REFRESH_PATHS.includes(path))
      return transport(request)

    // The body can be read once; keep a copy for the retry.
    const spare = request.clone()
    const first = await transport(withBearer(request, session.accessToken()))
    if (first.status !== 401)
      return first

    if (!(await session.refresh())) {
      session.sessionLost()
      return first
    }
    const second = await transport(withBearer(spare, session.accessToken()))
    if (second.status === 401)
      session.sessionLost()
    return second
  }
}

export function createApiClient(options: { baseUrl: string, transport: Transport }): ApiClient {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    fetch: async (request: Request) => {
      try {
        return await options.transport(request)
      }
      catch (cause) {
        if (cause instanceof ApiError)
          throw cause
        throw networkError(cause)
      }
    },
  })
}

/** Returns the data of a successful call, or throws the call's ApiError. */
export function unwrap<T extends Record<string | number, unknown>, O, M extends `${string}/${string}`>(
  result: FetchResponse<T, O, M>,
): NonNullable<FetchResponse<T, O, M>['data']> {
  if (result.error !== undefined || !result.response.ok)
    throw problemToApiError(result.response, result.error)
  return result.data as NonNullable<FetchResponse<T, O, M>['data']>
}

/** Same-origin in the browser: the gateway serves both the SPA and /api. */
export function defaultBaseUrl(): string {
  return globalThis.location?.origin ?? ''
}
