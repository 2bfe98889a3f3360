import { useI18n } from 'vue-i18n'

/** Thousands separators in the UI language (1,707). */
export function useCount() {
  const { locale } = useI18n()
  return (value: number) => new Intl.NumberFormat(locale.value).format(value)
}
