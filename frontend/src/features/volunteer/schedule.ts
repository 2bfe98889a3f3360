import type { Activity, HoursEntry, Offer, Shift, Signup, TaskDetail } from './types'

/** Sign-ups that still hold (or wait for) a place. */
const LIVE = new Set(['pending', 'confirmed', 'waitlisted'])

export type ShiftAction = 'ended' | 'cancel' | 'signUp' | 'waitlist' | 'none'

/** What the volunteer may do about a shift: cancel their own live sign-up, sign up while
 * there is room, join the waitlist when it is full; nothing once it has started. A sign-up
 * already checked in is not cancelled from here. */
export function shiftAction(shift: Shift, mine: Signup | undefined, now: Date): ShiftAction {
  if (new Date(shift.ends_at) <= now)
    return 'ended'
  if (mine && LIVE.has(mine.status))
    return mine.checked_in_at ? 'none' : 'cancel'
  if (new Date(shift.starts_at) <= now)
    return 'none'
  return shift.taken < shift.capacity ? 'signUp' : 'waitlist'
}

/** The volunteer's live sign-up of each shift (a later one wins over a cancelled one). */
export function signupsByShift(signups: readonly Signup[]): Map<string, Signup> {
  const byShift = new Map<string, Signup>()
  for (const signup of signups) {
    const known = byShift.get(signup.shift_id)
    if (!known || (LIVE.has(signup.status) && !LIVE.has(known.status)))
      byShift.set(signup.shift_id, signup)
  }
  return byShift
}

/** The activities with a shift not yet over, in the order given, each's shifts by start. */
export function stillOn<T extends Activity>(activities: readonly T[], now: Date): T[] {
  return activities
    .filter(activity => activity.shifts.some(s => new Date(s.ends_at) > now))
    .map(activity => ({ ...activity, shifts: [...activity.shifts].sort((a, b) => a.starts_at.localeCompare(b.starts_at)) }))
}

/** Activities with a shift still to come, soonest first, shifts in order. */
export function upcoming(activities: readonly Activity[], now: Date): Activity[] {
  const firstOpen = (activity: Activity) => Math.min(
    ...activity.shifts.filter(s => new Date(s.ends_at) > now).map(s => new Date(s.starts_at).getTime()),
  )
  return stillOn(activities, now).sort((a, b) => firstOpen(a) - firstOpen(b))
}

export type CheckInStep =
  | { kind: 'none' }
  | { kind: 'checkIn' | 'checkOut' | 'done', signup: Signup }

/**
 * At the venue: which of my confirmed sign-ups of this activity the one tap acts on. A shift
 * checked in and not out is checked out; otherwise the next shift not yet over is checked
 * in; a shift already checked in and out is done.
 */
export function checkInStep(signups: readonly Signup[], activityId: string, now: Date): CheckInStep {
  const mine = signups
    .filter(s => s.activity_id === activityId && s.status === 'confirmed')
    .sort((a, b) => a.starts_at.localeCompare(b.starts_at))
  const inside = mine.find(s => s.checked_in_at && !s.checked_out_at)
  if (inside)
    return { kind: 'checkOut', signup: inside }
  const next = mine.find(s => !s.checked_in_at && new Date(s.ends_at) > now)
  if (next)
    return { kind: 'checkIn', signup: next }
  const finished = [...mine].reverse().find(s => s.checked_out_at)
  return finished ? { kind: 'done', signup: finished } : { kind: 'none' }
}

/** My pending offer of a task, if it is still open to me. */
export function pendingOffer(detail: TaskDetail, volunteerId: string, now: Date): Offer | undefined {
  return detail.offers.find(o => o.volunteer_id === volunteerId && o.status === 'pending' && new Date(o.expires_at) > now)
}

/** Whole seconds left until `expiresAt` (never below 0). */
export function secondsLeft(expiresAt: string, now: Date): number {
  return Math.max(0, Math.floor((new Date(expiresAt).getTime() - now.getTime()) / 1000))
}

/** "4:05", "1:02:09": short enough for a button row, readable in both languages. */
export function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  const two = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`
}

/**
 * The minutes a confirmed shift put in the ledger: its credit (`kind: 'shift'`, by sign-up)
 * with any correction of that credit; null when the entries at hand hold no credit for it
 * (not confirmed yet, or older than the entries loaded).
 */
export function shiftCredit(signupId: string, entries: readonly HoursEntry[]): number | null {
  const credit = entries.find(e => e.kind === 'shift' && e.signup_id === signupId)
  if (!credit)
    return null
  return entries
    .filter(e => e.reverses_entry_id === credit.id)
    .reduce((minutes, e) => minutes + e.minutes, credit.minutes)
}
