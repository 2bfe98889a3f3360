import type { RouteLocationRaw, RouteParamsRawGeneric } from 'vue-router'
import { useRouter } from 'vue-router'

/**
 * A link to a screen by route name, or undefined while no screen of that name exists
 * (areas land one by one: an item stays plain text until its screen is there).
 */
export function useRouteLink() {
  const router = useRouter()
  return (name: string, params?: RouteParamsRawGeneric, query?: Record<string, string>): RouteLocationRaw | undefined =>
    router.hasRoute(name) ? { name, params, query } : undefined
}
