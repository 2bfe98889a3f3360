import type { MyWish, WallWish, WishListKind } from './types'
import { computed, ref, shallowRef } from 'vue'
import { ApiError } from '@/api'
import { unwrap } from '@/api/client'
import { useAuthStore } from '@/stores/auth'
import { communityOfScopes, orderWishes } from './feed'

export interface Fix { lon: number, lat: number }

/** Where "near me" is: the phone's position, or null when it cannot be had. */
export type Locator = () => Promise<Fix | null>

/** The phone's position once (WGS-84), or null: no geolocation, refused, or no fix in 10 s. */
export const browserLocator: Locator = () => new Promise((resolve) => {
  const geolocation = globalThis.navigator?.geolocation
  if (!geolocation) {
    resolve(null)
    return
  }
  geolocation.getCurrentPosition(
    fix => resolve({ lon: fix.coords.longitude, lat: fix.coords.latitude }),
    () => resolve(null),
    { enableHighAccuracy: false, timeout: 10_000, maximumAge: 60_000 },
  )
})

/** What the list is of: a community's wall, the whole city's, near the phone, or mine. */
export type ListPlace
  = | { kind: 'community', communityId: string }
    | { kind: 'city', why?: 'not-located' | 'outside' }
    | { kind: 'near', communityId: string, gridUnitId: string, name: string }
    | { kind: 'mine' }

/**
 * The wishes screen's lists. Community and near-me lists are the public wall's cards
 * (`/api/v1/wall/...`: an honorific, never a name); "claimed by me" and "submitted by me"
 * are `GET /api/v1/wishes/mine`. The community is the one in the person's scopes, or for a
 * grid worker the community of their first grid unit; without one the city's wall is shown.
 */
export function useWishList(locate: Locator = browserLocator) {
  const auth = useAuthStore()
  const wishes = shallowRef<WallWish[]>([])
  const mine = shallowRef<MyWish[]>([])
  const place = shallowRef<ListPlace | null>(null)
  const loading = ref(false)
  const locating = ref(false)
  const error = shallowRef<ApiError | null>(null)
  let community: string | null | undefined
  let generation = 0

  const openCount = computed(() => wishes.value.filter(w => w.state === 'open').length)

  async function myCommunity(): Promise<string | null> {
    if (community !== undefined)
      return community
    community = communityOfScopes(auth.account?.scopes ?? [])
    if (!community && auth.account?.scopes.some(s => s.startsWith('grid:'))) {
      const units = unwrap(await auth.api.GET('/api/v1/grid-units', { params: { query: { limit: 1 } } }))
      community = units.items[0]?.community_id ?? null
    }
    return community
  }

  async function wall(communityId: string | null): Promise<WallWish[]> {
    if (!communityId)
      return unwrap(await auth.api.GET('/api/v1/wall/wishes')).items
    return unwrap(await auth.api.GET('/api/v1/wall/communities/{community_id}/wishes', {
      params: { path: { community_id: communityId } },
    })).items
  }

  async function near(): Promise<void> {
    locating.value = true
    const fix = await locate().finally(() => {
      locating.value = false
    })
    if (!fix) {
      place.value = { kind: 'city', why: 'not-located' }
      wishes.value = orderWishes(await wall(null))
      return
    }
    try {
      const found = unwrap(await auth.api.GET('/api/v1/locate', { params: { query: { lon: fix.lon, lat: fix.lat } } }))
      const unit = found.grid_unit
      place.value = { kind: 'near', communityId: unit.community_id, gridUnitId: unit.id, name: unit.name }
      wishes.value = orderWishes(await wall(unit.community_id), unit.id)
    }
    catch (caught) {
      // Outside every grid unit, or a caller the grid service does not locate for: the city.
      if (!(caught instanceof ApiError) || caught.status >= 500)
        throw caught
      place.value = { kind: 'city', why: caught.code === 'point-outside-grid' ? 'outside' : 'not-located' }
      wishes.value = orderWishes(await wall(null))
    }
  }

  async function load(kind: WishListKind): Promise<void> {
    const mineGeneration = ++generation
    loading.value = true
    error.value = null
    try {
      if (kind === 'claimed' || kind === 'submitted') {
        const found = unwrap(await auth.api.GET('/api/v1/wishes/mine', { params: { query: { relation: kind } } }))
        if (mineGeneration === generation) {
          mine.value = found
          place.value = { kind: 'mine' }
        }
      }
      else if (kind === 'near') {
        await near()
      }
      else {
        const communityId = await myCommunity()
        const found = orderWishes(await wall(communityId))
        if (mineGeneration === generation) {
          wishes.value = found
          place.value = communityId ? { kind: 'community', communityId } : { kind: 'city' }
        }
      }
    }
    catch (caught) {
      if (!(caught instanceof ApiError))
        throw caught
      error.value = caught
    }
    finally {
      if (mineGeneration === generation)
        loading.value = false
    }
  }

  return { wishes, mine, place, loading, locating, error, openCount, load }
}
