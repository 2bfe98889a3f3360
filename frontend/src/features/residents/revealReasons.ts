/** The common reasons offered for a reveal (their texts are `residents.reveal.reasons.*`). */
export const REVEAL_REASONS = ['visit', 'contact', 'service', 'emergency'] as const

/** The reason sent: a picked common reason in the reader's language, or their own words. */
export function revealReason(picked: string, otherText: string, text: (key: string) => string): string {
  if (picked === 'other')
    return otherText.trim()
  return (REVEAL_REASONS as readonly string[]).includes(picked) ? text(picked) : ''
}
