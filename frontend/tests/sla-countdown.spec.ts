import { describe, expect, it } from 'vitest'
import { countdown, formatCountdown } from '@/composables/useSlaCountdown'
import { i18n, setLocale } from '@/locales'

const NOW = new Date('2026-03-02T08:00:00Z')
const t = (key: string, values?: Record<string, unknown>) => i18n.global.t(key, values ?? {})

function at(minutesFromNow: number): string {
  return new Date(NOW.getTime() + minutesFromNow * 60_000).toISOString()
}

describe('SLA countdown', () => {
  it('should split the time left into days, hours and minutes', () => {
    expect(countdown(at(2 * 1440 + 3 * 60 + 5), NOW)).toEqual({ overdue: false, days: 2, hours: 3, minutes: 5 })
    expect(countdown(at(-(60 + 1)), NOW)).toEqual({ overdue: true, days: 0, hours: 1, minutes: 1 })
  })

  it('should round time left down and time overdue up', () => {
    const half = new Date(NOW.getTime() + 90_000).toISOString()
    expect(countdown(half, NOW).minutes).toBe(1)
    const justLate = new Date(NOW.getTime() - 1_000).toISOString()
    expect(countdown(justLate, NOW)).toEqual({ overdue: true, days: 0, hours: 0, minutes: 1 })
  })

  it('should show the two largest units in Chinese and in English', () => {
    setLocale('zh-CN', { persist: false })
    expect(formatCountdown(countdown(at(2 * 1440 + 3 * 60 + 5), NOW), t)).toBe('剩余 2 天 3 小时')
    expect(formatCountdown(countdown(at(3 * 60 + 20), NOW), t)).toBe('剩余 3 小时 20 分钟')
    expect(formatCountdown(countdown(at(-45), NOW), t)).toBe('超时 45 分钟')
    expect(formatCountdown(countdown(at(-1440), NOW), t)).toBe('超时 1 天')
    expect(formatCountdown(countdown(at(0), NOW), t)).toBe('剩余 0 分钟')
    setLocale('en-US', { persist: false })
    expect(formatCountdown(countdown(at(-(26 * 60)), NOW), t)).toBe('1 d 2 h overdue')
    expect(formatCountdown(countdown(at(59), NOW), t)).toBe('59 min left')
    setLocale('zh-CN', { persist: false })
  })
})
