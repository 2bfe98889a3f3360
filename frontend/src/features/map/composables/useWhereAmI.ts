import type { Ref } from 'vue'
import type { Fix } from './useGeolocation'
import { shallowRef, watch } from 'vue'
import { ApiError } from '@/api'
import { unwrap } from '@/api/client'
import { useAuthStore } from '@/stores/auth'

export type WhereAmI
  = | { kind: 'unit', name: string, id: string, inScope: boolean }
    | { kind: 'outside' }

/** Asking again only after the phone moved this far keeps a walking worker's requests few. */
const MOVED_METRES = 25

function metresBetween(a: Fix, b: Fix): number {
  const toRad = Math.PI / 180
  const x = (b.lon - a.lon) * toRad * Math.cos(((a.lat + b.lat) / 2) * toRad)
  const y = (b.lat - a.lat) * toRad
  return Math.hypot(x, y) * 6_371_000
}

/** Which grid unit the phone is in (GET /api/v1/locate), following the fix. */
export function useWhereAmI(fix: Ref<Fix | null>) {
  const auth = useAuthStore()
  const where = shallowRef<WhereAmI | null>(null)
  let asked: Fix | null = null

  watch(fix, async (now) => {
    if (!now || (asked && metresBetween(asked, now) < MOVED_METRES))
      return
    asked = now
    try {
      const found = unwrap(await auth.api.GET('/api/v1/locate', { params: { query: { lon: now.lon, lat: now.lat } } }))
      where.value = { kind: 'unit', name: found.grid_unit.name, id: found.grid_unit.id, inScope: found.in_scope }
    }
    catch (error) {
      if (!(error instanceof ApiError))
        throw error
      // Outside every unit is an answer; after any other failure the next fix asks again.
      if (error.code === 'point-outside-grid')
        where.value = { kind: 'outside' }
      else
        asked = null
    }
  })
  return where
}
