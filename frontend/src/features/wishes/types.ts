import type { components } from '@/api/generated/schema'

type Schemas = components['schemas']
export type WallWish = Schemas['WallWish']
export type WallFeed = Schemas['WallFeed']
export type MyWish = Schemas['MyWish']
export type WishRead = Schemas['WishRead']
export type WishCreate = Schemas['WishCreate']
export type ResidentRead = Schemas['ResidentRead']

/** Which list the wishes screen shows. */
export type WishListKind = 'community' | 'near' | 'claimed' | 'submitted'

/** Roles that see wishes with their beneficiaries and submit them for residents. */
export const STAFF_ROLES = ['grid_worker', 'community_secretary', 'street_secretary', 'admin'] as const
/** Roles that review wishes (approve or reject) for their community or street. */
export const REVIEWER_ROLES = ['community_secretary', 'street_secretary', 'admin'] as const
