import type { paths } from '@/api/generated/schema'

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never

export type Patrol = JsonOf<paths['/api/v1/patrols/{patrol_id}']['get']['responses'][200]>
export type CheckIn = Patrol['check_ins'][number]
export type GridUnit = JsonOf<paths['/api/v1/grid-units/{grid_unit_id}']['get']['responses'][200]>
