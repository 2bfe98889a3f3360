import type { paths } from './generated/schema'

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never

export type TokenPair = JsonOf<paths['/api/v1/auth/login']['post']['responses'][200]>
export type Account = JsonOf<paths['/api/v1/accounts/me']['get']['responses'][200]>
export type OrganisationSummary = JsonOf<paths['/api/v1/organisations/summary']['get']['responses'][200]>
export type GridSummary = JsonOf<paths['/api/v1/grid-units/summary']['get']['responses'][200]>
export type Registration = NonNullable<paths['/api/v1/auth/register']['post']['requestBody']>['content']['application/json']
export type Registered = JsonOf<paths['/api/v1/auth/register']['post']['responses'][201]>
