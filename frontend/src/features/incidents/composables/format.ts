import { currentLocale } from '@/locales'

/** A time as the reader's language writes it, to the minute. */
export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso))
}

/** Vant tag colours by state: open ones stand out, finished ones recede. */
export function stateTagType(state: string): 'primary' | 'success' | 'warning' | 'default' | 'danger' {
  if (state === 'closed' || state === 'verified' || state === 'resolved')
    return 'success'
  if (state === 'rejected' || state === 'duplicate')
    return 'default'
  if (state === 'escalated')
    return 'warning'
  return 'primary'
}
