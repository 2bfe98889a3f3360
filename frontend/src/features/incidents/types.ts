import type { paths } from '@/api/generated/schema'

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never

export type Incident = JsonOf<paths['/api/v1/incidents/{incident_id}']['get']['responses'][200]>
export type IncidentPage = JsonOf<paths['/api/v1/incidents/mine']['get']['responses'][200]>
export type Category = JsonOf<paths['/api/v1/incident-categories']['get']['responses'][200]>[number]
export type ExtraField = Category['fields'][number]
export type Located = JsonOf<paths['/api/v1/locate']['get']['responses'][200]>
export type DuplicateCandidate = JsonOf<paths['/api/v1/incidents/duplicate-candidates']['get']['responses'][200]>[number]
export type TimelineEntry = JsonOf<paths['/api/v1/incidents/{incident_id}/timeline']['get']['responses'][200]>[number]
export type IncidentAction = NonNullable<paths['/api/v1/incidents/{incident_id}/transitions']['post']['requestBody']>['content']['application/json']['action']
export type IncidentCreate = NonNullable<paths['/api/v1/incidents']['post']['requestBody']>['content']['application/json']
