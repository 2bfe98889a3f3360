/** A moment as the reader's language writes it (2026/12/7 09:30 or 12/7/2026, 9:30 AM). */
export function formatDateTime(value: string, locale: string): string {
  return new Date(value).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })
}

export function formatDate(value: string, locale: string): string {
  return new Date(value).toLocaleDateString(locale, { dateStyle: 'medium' })
}
