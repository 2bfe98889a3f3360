import type { components } from '@/api/generated/schema'

type Schemas = components['schemas']
export type WallFeed = Schemas['WallFeed']
export type WallWish = Schemas['WallWish']
export type KioskSelf = Schemas['KioskSelf']
export type KioskRead = Schemas['KioskRead']
export type KioskPairingCode = Schemas['KioskPairingCode']

/** The wall's live events (`event:` of the stream), each carrying the wish's public card. */
export const WALL_EVENTS = ['wish.published', 'wish.claimed', 'wish.released', 'wish.fulfilled', 'wish.removed'] as const
export type WallEventType = (typeof WALL_EVENTS)[number]

export interface WallEvent {
  seq: number
  type: WallEventType
  wish: WallWish
}
