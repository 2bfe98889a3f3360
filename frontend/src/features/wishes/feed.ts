import type { WallWish } from './types'

/** The community a person looks after, from their token's scopes (`community:<id>`). */
export function communityOfScopes(scopes: readonly string[]): string | null {
  const scope = scopes.find(s => s.startsWith('community:'))
  return scope ? scope.slice('community:'.length) : null
}

const URGENCY_ORDER: Record<string, number> = { high: 0, normal: 1, low: 2 }

/**
 * The order a phone lists wishes in: open ones first (what can still be claimed), the
 * wishes of `gridUnitId` (where the phone is) before the rest, urgent before normal, then
 * the newest. Returns a new array.
 */
export function orderWishes(items: readonly WallWish[], gridUnitId: string | null = null): WallWish[] {
  const published = (wish: WallWish) => (wish.published_at ? Date.parse(wish.published_at) : 0)
  return [...items].sort((a, b) =>
    Number(b.state === 'open') - Number(a.state === 'open')
    || Number(gridUnitId !== null && b.grid_unit_id === gridUnitId) - Number(gridUnitId !== null && a.grid_unit_id === gridUnitId)
    || (URGENCY_ORDER[a.urgency] ?? 1) - (URGENCY_ORDER[b.urgency] ?? 1)
    || published(b) - published(a))
}

/** Service minutes as the fulfil form takes them: whole minutes 1 to 1440, or null when
 * left empty; `'invalid'` for anything else. */
export function parseMinutes(text: string): number | null | 'invalid' {
  const trimmed = text.trim()
  if (!trimmed)
    return null
  if (!/^\d+$/.test(trimmed))
    return 'invalid'
  const minutes = Number(trimmed)
  return minutes >= 1 && minutes <= 1440 ? minutes : 'invalid'
}
