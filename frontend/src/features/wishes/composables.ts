import { useI18n } from 'vue-i18n'

/** Texts of the wish vocabularies (states, categories, urgencies, claim rules), falling
 * back to the code itself for a value this app version does not know yet. */
export function useWishLabels() {
  const { t, te, locale } = useI18n()
  function label(group: 'states' | 'categories' | 'urgencies' | 'rules', value: string): string {
    return te(`wishes.${group}.${value}`) ? t(`wishes.${group}.${value}`) : value
  }
  function time(iso: string | null | undefined): string {
    if (!iso)
      return ''
    return new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
  }
  return { label, time }
}

/** The Vant tag type of a state: open is green, waiting orange, done grey-blue. */
export function stateTagType(state: string): 'success' | 'warning' | 'primary' | 'danger' | 'default' {
  if (state === 'open')
    return 'success'
  if (state === 'submitted' || state === 'claim_pending' || state === 'fulfilled')
    return 'warning'
  if (state === 'rejected' || state === 'cancelled')
    return 'danger'
  return 'primary'
}
