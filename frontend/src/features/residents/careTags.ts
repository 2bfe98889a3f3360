import { useI18n } from 'vue-i18n'

// The shared vocabulary (weimin_events.vocabularies.CARE_TAGS); a community's own slug is
// shown as it is stored.
const KNOWN = new Set(['elderly_alone', 'disabled', 'key_youth', 'low_income', 'veteran'])

export function useCareTagName() {
  const { t } = useI18n()
  return (tag: string): string => (KNOWN.has(tag) ? t(`residents.careTag.${tag}`) : tag)
}
