/** Times as people in the city read them (Asia/Shanghai), in the chosen language. */
export function dayTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso))
}

export function timeOnly(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso))
}

/** "12月8日 周二 09:00–11:00" */
export function shiftSpan(startsAt: string, endsAt: string, locale: string): string {
  return `${dayTime(startsAt, locale)}–${timeOnly(endsAt, locale)}`
}

/** "350 米" / "1.2 公里" ("350 m" / "1.2 km"): metres under a kilometre, then kilometres. */
export function distance(metres: number, locale: string): string {
  const [unit, value] = metres < 1000 ? ['meter', Math.round(metres)] : ['kilometer', metres / 1000]
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value)
}
