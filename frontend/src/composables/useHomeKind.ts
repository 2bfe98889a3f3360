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

const NETWORK_KEYS = ['streets', 'communities', 'resident_groups', 'grid_units', 'stationed_organisations'] as const
export type NetworkCountKey = (typeof NETWORK_KEYS)[number]

/**
 * The organisation-network counts worth showing to someone of this scope: a street
 * secretary works in one street, so "1 street" says nothing; a community secretary in one
 * community, where the API counts no street at all ("0 streets" read as an error).
 */
export function networkCountKeys(roles: readonly string[]): NetworkCountKey[] {
  if (roles.includes('admin'))
    return [...NETWORK_KEYS]
  if (roles.includes('street_secretary'))
    return NETWORK_KEYS.filter(key => key !== 'streets')
  return NETWORK_KEYS.filter(key => key !== 'streets' && key !== 'communities')
}
