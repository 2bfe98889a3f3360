import type { WallEvent, WallEventType, WallFeed, WallWish } from './types'
import { WALL_EVENTS } from './types'

/** What the kiosk shows: the wall's cards, this year's counters, what just happened. */
export interface WallState {
  items: WallWish[]
  year: number | null
  claimedThisYear: number
  fulfilledThisYear: number
  lastEventId: number
  /** Cards that just changed, by wish id: drawn with an entrance or a stamp. */
  marks: Record<string, { kind: 'new' | 'claimed' | 'fulfilled', at: number }>
  /** The newest first, a few only. */
  activity: Activity[]
}

export interface Activity {
  key: string
  kind: 'new' | 'claimed' | 'fulfilled'
  title: string
  beneficiary: string
  at: number
}

export const ACTIVITY_LIMIT = 3
/** A claimed card stays in the rotation this long, stamped, before it leaves the wall. */
export const CLAIMED_LINGER_MS = 60_000
/** How long a change is drawn as new. */
export const MARK_MS = 20_000

export function emptyWall(): WallState {
  return { items: [], year: null, claimedThisYear: 0, fulfilledThisYear: 0, lastEventId: 0, marks: {}, activity: [] }
}

/** The feed as read (a full resync): the counters and cards are the server's, marks stay. */
export function fromFeed(state: WallState, feed: WallFeed): WallState {
  return {
    ...state,
    items: feed.items,
    year: feed.year,
    claimedThisYear: feed.claimed_this_year,
    fulfilledThisYear: feed.fulfilled_this_year,
    lastEventId: Math.max(state.lastEventId, feed.last_event_id),
  }
}

export function isWallEventType(type: string): type is WallEventType {
  return (WALL_EVENTS as readonly string[]).includes(type)
}

/** Parses one stream message; anything malformed is ignored (null). */
export function parseWallEvent(type: string, data: string): WallEvent | null {
  if (!isWallEventType(type))
    return null
  try {
    const parsed = JSON.parse(data) as Partial<WallEvent>
    if (typeof parsed.seq !== 'number' || !parsed.wish || typeof parsed.wish.id !== 'string')
      return null
    return { seq: parsed.seq, type, wish: parsed.wish }
  }
  catch {
    return null
  }
}

function withActivity(state: WallState, kind: Activity['kind'], wish: WallWish, seq: number, now: number): Activity[] {
  const entry = { key: `${seq}`, kind, title: wish.title, beneficiary: wish.beneficiary, at: now }
  return [entry, ...state.activity].slice(0, ACTIVITY_LIMIT)
}

/** One live event applied at once, so it is on screen well within two seconds. */
export function applyEvent(state: WallState, event: WallEvent, now: number): WallState {
  if (event.seq <= state.lastEventId)
    return state // replayed twice after a reconnection
  const { wish } = event
  const others = state.items.filter(item => item.id !== wish.id)
  const next: WallState = { ...state, lastEventId: event.seq }
  switch (event.type) {
    case 'wish.published':
      next.items = [wish, ...others]
      next.marks = { ...state.marks, [wish.id]: { kind: 'new', at: now } }
      next.activity = withActivity(state, 'new', wish, event.seq, now)
      break
    case 'wish.claimed':
      next.items = state.items.some(item => item.id === wish.id)
        ? state.items.map(item => (item.id === wish.id ? wish : item))
        : [...state.items, wish]
      next.marks = { ...state.marks, [wish.id]: { kind: 'claimed', at: now } }
      next.activity = withActivity(state, 'claimed', wish, event.seq, now)
      next.claimedThisYear = state.claimedThisYear + 1
      break
    case 'wish.released':
      // Withdrawn, declined or overdue: the wish is open again and no longer counts as
      // claimed this year, as the feed counts it (claimed and still claimed or done).
      next.items = [...others, wish]
      next.claimedThisYear = Math.max(0, state.claimedThisYear - 1)
      break
    case 'wish.fulfilled':
      next.items = others
      next.marks = { ...state.marks, [wish.id]: { kind: 'fulfilled', at: now } }
      next.activity = withActivity(state, 'fulfilled', wish, event.seq, now)
      next.fulfilledThisYear = state.fulfilledThisYear + 1
      break
    case 'wish.removed':
      // A wish cancelled while claimed leaves the claimed count with it.
      if (state.items.some(item => item.id === wish.id && item.state === 'claimed'))
        next.claimedThisYear = Math.max(0, state.claimedThisYear - 1)
      next.items = others
      break
  }
  return next
}

/** Marks older than MARK_MS (and claimed cards past their linger) are dropped. */
export function expireMarks(state: WallState, now: number): WallState {
  const marks = Object.fromEntries(
    Object.entries(state.marks).filter(([, mark]) => now - mark.at < Math.max(MARK_MS, CLAIMED_LINGER_MS)),
  )
  return Object.keys(marks).length === Object.keys(state.marks).length ? state : { ...state, marks }
}

/**
 * The cards in rotation: every open wish, and a wish claimed within the last minute
 * (stamped "claimed", so people see it go); urgent and new ones first as the feed orders them.
 */
export function rotation(state: WallState, now: number): WallWish[] {
  return state.items.filter((item) => {
    if (item.state === 'open')
      return true
    const mark = state.marks[item.id]
    return mark?.kind === 'claimed' && now - mark.at < CLAIMED_LINGER_MS
  })
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize))
}

export function pageOf(items: WallWish[], page: number, pageSize: number): WallWish[] {
  const pages = pageCount(items.length, pageSize)
  const start = (((page % pages) + pages) % pages) * pageSize
  return items.slice(start, start + pageSize)
}

/** The page a wish is on (to jump there when it changes), or -1. */
export function pageWith(items: WallWish[], id: string, pageSize: number): number {
  const index = items.findIndex(item => item.id === id)
  return index < 0 ? -1 : Math.floor(index / pageSize)
}
