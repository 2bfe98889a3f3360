import type { RouteRecordRaw } from 'vue-router'
import type { Feature } from './feature'
import account from './account'
import alarms from './alarms'
import incidents from './incidents'
import map from './map'
import member from './member'
import notifications from './notifications'
import patrols from './patrols'
import residents from './residents'
import secondFactor from './secondFactor'
import signup from './signup'
import sync from './sync'
import volunteer from './volunteer'
import wall from './wall'
import wishClaim from './wishClaim'
import wishes from './wishes'

export const FEATURES: Feature[] = [map, residents, incidents, patrols, alarms, notifications, sync, wall, account, secondFactor, signup, wishClaim, volunteer, member, wishes]

export function featureRoutes(): RouteRecordRaw[] {
  return FEATURES.flatMap(feature => feature.routes)
}

export function bareFeatureRoutes(): RouteRecordRaw[] {
  return FEATURES.flatMap(feature => feature.bareRoutes ?? [])
}

/** Every feature's texts in one language, each under its feature's name. */
export function featureMessages(locale: 'zh-CN' | 'en-US'): Record<string, object> {
  return Object.fromEntries(FEATURES.map(feature => [feature.name, feature.messages[locale]]))
}
