import type { Ref } from 'vue'
import { onScopeDispose, ref } from 'vue'

/** Time left until (or past) a deadline, in whole minutes, split for display. */
export interface Countdown {
  overdue: boolean
  days: number
  hours: number
  minutes: number
}

const MINUTE_MS = 60_000

/**
 * How far `due` lies from `now`. Minutes are rounded towards the deadline's side a worker
 * cares about: time left rounds down (never promise a minute that is not there), time
 * overdue rounds up (one second late is already "1 minute overdue").
 */
export function countdown(due: Date | string, now: Date): Countdown {
  const delta = new Date(due).getTime() - now.getTime()
  const overdue = delta < 0
  const total = overdue ? Math.ceil(-delta / MINUTE_MS) : Math.floor(delta / MINUTE_MS)
  return {
    overdue,
    days: Math.floor(total / 1440),
    hours: Math.floor((total % 1440) / 60),
    minutes: total % 60,
  }
}

type Translate = (key: string, values?: Record<string, unknown>) => string

/**
 * "剩余 2 天 3 小时" / "超时 45 分钟": the two largest units that are not zero, so a
 * countdown stays short on a phone (days drop the minutes, under an hour shows minutes).
 */
export function formatCountdown(value: Countdown, t: Translate): string {
  const parts: string[] = []
  if (value.days)
    parts.push(t('desk.sla.days', { n: value.days }))
  if (value.hours)
    parts.push(t('desk.sla.hours', { n: value.hours }))
  if (!value.days && (value.minutes || parts.length === 0))
    parts.push(t('desk.sla.minutes', { n: value.minutes }))
  const time = parts.slice(0, 2).join(t('desk.sla.joiner'))
  return t(value.overdue ? 'desk.sla.overdue' : 'desk.sla.left', { time })
}

/** The current time, ticking every `everyMs` while the calling component lives. */
export function useNow(everyMs = 30_000): Ref<Date> {
  const now = ref(new Date())
  const timer = setInterval(() => {
    now.value = new Date()
  }, everyMs)
  onScopeDispose(() => clearInterval(timer))
  return now
}
