import type { paths } from '@/api/generated/schema'
import { unwrap } from '@/api/client'
import { useAuthStore } from '@/stores/auth'

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never
type ItemOf<P> = P extends { items: (infer I)[] } ? I : never

export type GridUnit = ItemOf<JsonOf<paths['/api/v1/grid-units']['get']['responses'][200]>>
export type Building = ItemOf<JsonOf<paths['/api/v1/buildings']['get']['responses'][200]>>
export type Household = ItemOf<JsonOf<paths['/api/v1/households']['get']['responses'][200]>>
export type Resident = JsonOf<paths['/api/v1/residents/{resident_id}']['get']['responses'][200]>
export type RevealedValues = JsonOf<paths['/api/v1/residents/{resident_id}/reveal']['post']['responses'][200]>
export type RevealableField = NonNullable<paths['/api/v1/residents/{resident_id}/reveal']['post']['requestBody']>['content']['application/json']['fields'] extends (infer F)[] | undefined ? F : never
export type OwnReveal = ItemOf<JsonOf<paths['/api/v1/audit/reveals/mine']['get']['responses'][200]>>
export type Visit = ItemOf<JsonOf<paths['/api/v1/visits']['get']['responses'][200]>>
export type OverdueVisit = JsonOf<paths['/api/v1/visits/overdue']['get']['responses'][200]> extends (infer I)[] ? I : never
export type MoveOutBody = NonNullable<paths['/api/v1/residents/{resident_id}/move-out']['post']['requestBody']>['content']['application/json']

/** One page of a cursor-paged list (`{items, next_cursor}`). */
export interface Page<T> {
  items: T[]
  next_cursor?: string | null
}

/** The register's reads and writes; every answer is already scoped by the server. */
export function useResidentsApi() {
  const { api } = useAuthStore()
  return {
    gridUnits: async (cursor?: string): Promise<Page<GridUnit>> =>
      unwrap(await api.GET('/api/v1/grid-units', { params: { query: { cursor, limit: 100 } } })),
    buildings: async (gridUnitId: string, cursor?: string): Promise<Page<Building>> =>
      unwrap(await api.GET('/api/v1/buildings', { params: { query: { grid_unit_id: gridUnitId, cursor } } })),
    households: async (query: { building_id?: string, address?: string }, cursor?: string): Promise<Page<Household>> =>
      unwrap(await api.GET('/api/v1/households', { params: { query: { ...query, cursor } } })),
    residents: async (query: { household_id?: string, name?: string, id_card_number?: string, phone?: string }, cursor?: string): Promise<Page<Resident>> =>
      unwrap(await api.GET('/api/v1/residents', { params: { query: { ...query, cursor } } })),
    resident: async (residentId: string): Promise<Resident> =>
      unwrap(await api.GET('/api/v1/residents/{resident_id}', { params: { path: { resident_id: residentId } } })),
    reveal: async (residentId: string, reason: string, fields: RevealableField[]): Promise<RevealedValues> =>
      unwrap(await api.POST('/api/v1/residents/{resident_id}/reveal', {
        params: { path: { resident_id: residentId } },
        body: { reason, fields },
        // The answer is personal data: never from or into any HTTP cache.
        cache: 'no-store',
      })),
    ownReveals: async (cursor?: string): Promise<Page<OwnReveal>> =>
      unwrap(await api.GET('/api/v1/audit/reveals/mine', { params: { query: { cursor } } })),
    visits: async (householdId: string, cursor?: string): Promise<Page<Visit>> =>
      unwrap(await api.GET('/api/v1/visits', { params: { query: { household_id: householdId, cursor } } })),
    overdueVisits: async (): Promise<OverdueVisit[]> =>
      unwrap(await api.GET('/api/v1/visits/overdue')),
    moveOut: async (resident: Resident, body: MoveOutBody): Promise<Resident> =>
      unwrap(await api.POST('/api/v1/residents/{resident_id}/move-out', {
        params: { path: { resident_id: resident.id }, header: { 'if-match': `"${resident.version}"` } },
        body,
      })),
    moveIn: async (resident: Resident, householdId: string): Promise<Resident> =>
      unwrap(await api.POST('/api/v1/residents/{resident_id}/move-in', {
        params: { path: { resident_id: resident.id }, header: { 'if-match': `"${resident.version}"` } },
        body: { household_id: householdId },
      })),
  }
}
