import type { paths } from '@/api/generated/schema'
import { unwrap } from '@/api/client'
import { useAsync } from '@/composables/useAsync'
import { useAuthStore } from '@/stores/auth'

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never

export type Desk = JsonOf<paths['/api/v1/grid-units/my-desk']['get']['responses'][200]>
export type DeskIncident = Desk['incidents'][number]
export type DeskAlarm = Desk['alarms'][number]
export type DeskUnit = Desk['grid_units'][number]
export type DueVisit = JsonOf<paths['/api/v1/visits/overdue']['get']['responses'][200]>[number]

export interface DeskData {
  desk: Desk
  visits: DueVisit[]
}

/** The grid worker's home in two requests: the desk (counts, incidents, alarms, units)
 * and the households whose visit is due. */
export function useDesk() {
  const auth = useAuthStore()
  return useAsync<DeskData>(async () => {
    const [desk, visits] = await Promise.all([
      auth.api.GET('/api/v1/grid-units/my-desk').then(unwrap),
      auth.api.GET('/api/v1/visits/overdue').then(unwrap),
    ])
    return { desk, visits }
  })
}
