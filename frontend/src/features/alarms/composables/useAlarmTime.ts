import { useI18n } from 'vue-i18n'

/** Month, day and time in Beijing time, in the UI language. */
export function useAlarmTime() {
  const { locale } = useI18n()
  return (iso: string) => new Intl.DateTimeFormat(locale.value, {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso))
}
