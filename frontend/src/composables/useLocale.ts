import type { AppLocale } from '@/locales'
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { SUPPORTED_LOCALES, setLocale } from '@/locales'

export function useLocale() {
  const { locale, t } = useI18n()
  return {
    locale: computed(() => locale.value as AppLocale),
    options: SUPPORTED_LOCALES.map(code => ({ code, label: t(`locales.${code}`) })),
    switchTo: (next: AppLocale) => setLocale(next),
  }
}
