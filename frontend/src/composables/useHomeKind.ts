import { computed } from 'vue'
import { useAuthStore } from '@/stores/auth'

/**
 * overview: city/street/community staff see the organisation network and grid counts;
 * grid: a grid worker sees the grid units in their own scope;
 * welcome: everyone else (no API yet gives them more to show).
 */
export type HomeKind = 'overview' | 'grid' | 'welcome'

const OVERVIEW_ROLES = new Set(['admin', 'street_secretary', 'community_secretary'])

export function homeKindFor(roles: readonly string[]): HomeKind {
  if (roles.some(role => OVERVIEW_ROLES.has(role)))
    return 'overview'
  if (roles.includes('grid_worker'))
    return 'grid'
  return 'welcome'
}

export function useHomeKind() {
  const auth = useAuthStore()
  return computed(() => homeKindFor(auth.roles))
}
