import type { KioskSelf, WallFeed } from './types'
import { getBaseUrl, getTransport } from '@/api'
import { createApiClient, defaultBaseUrl, unwrap } from '@/api/client'
import { ApiError } from '@/api/errors'

/**
 * The kiosk's calls: no person is signed in, so no bearer token. The browser sends the
 * kiosk's HttpOnly cookie to `/api/v1/wall/…` by itself (same origin); the page never
 * sees the key.
 */
function kioskClient() {
  return createApiClient({ baseUrl: getBaseUrl() ?? defaultBaseUrl(), transport: getTransport() })
}

/** The paired device, or null when this screen is not paired (or was revoked). */
export async function whoAmI(): Promise<KioskSelf | null> {
  try {
    return unwrap(await kioskClient().GET('/api/v1/wall/kiosk'))
  }
  catch (error) {
    if (error instanceof ApiError && error.status === 401)
      return null
    throw error
  }
}

export async function pair(code: string): Promise<KioskSelf> {
  return unwrap(await kioskClient().POST('/api/v1/wall/kiosk/pair', { body: { code } }))
}

export async function readFeed(communityId: string): Promise<WallFeed> {
  return unwrap(await kioskClient().GET('/api/v1/wall/communities/{community_id}/wishes', {
    params: { path: { community_id: communityId } },
  }))
}
