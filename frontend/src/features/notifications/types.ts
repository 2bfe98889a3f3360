import type { paths } from '@/api/generated/schema'

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never

export type IncidentNotification = JsonOf<paths['/api/v1/incident-notifications']['get']['responses'][200]>['items'][number]
export type VolunteerNotification = JsonOf<paths['/api/v1/volunteers/me/notifications']['get']['responses'][200]>['items'][number]
