import type { paths } from '@/api/generated/schema'
import { unwrap } from '@/api/client'
import { useAuthStore } from '@/stores/auth'

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never

export type SecondFactorStatus = JsonOf<paths['/api/v1/accounts/me/second-factor']['get']['responses'][200]>
export type Enrolment = JsonOf<paths['/api/v1/accounts/me/second-factor']['post']['responses'][201]>

/** The signed-in account's own second factor. Confirming lives in the auth store, as the
 * answer is a new sign-in that replaces this one. */
export function useSecondFactorApi() {
  const { api } = useAuthStore()
  return {
    status: async (): Promise<SecondFactorStatus> =>
      unwrap(await api.GET('/api/v1/accounts/me/second-factor')),
    start: async (): Promise<Enrolment> =>
      unwrap(await api.POST('/api/v1/accounts/me/second-factor')),
  }
}
