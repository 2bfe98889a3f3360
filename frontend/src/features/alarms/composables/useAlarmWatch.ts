import type { AlarmAlert } from '../store'
import type { NotifyOptions } from 'vant'
import { showNotify } from 'vant'
import { computed, onMounted } from 'vue'
import { useI18n } from 'vue-i18n'
import { useAlarmsStore } from '../store'
import 'vant/es/notify/style'

// Long-short-long: felt in a pocket, and unlike a message's single buzz.
const ALARM_VIBRATION = [400, 150, 400, 150, 400]

/**
 * Starts receiving the worker's joint-defence alarms live and alerts on each new one
 * (a red notice at the top and a vibration where the phone supports it). Call it from any
 * screen that stays mounted while the app is open (the alarms screen does; the app frame
 * may too). Streams keep running until sign-out.
 */
export function useAlarmWatch() {
  const store = useAlarmsStore()
  const { t } = useI18n()

  function alert({ alarm, group }: AlarmAlert): void {
    const kind = t(`alarms.kinds.${alarm.kind}`)
    const name = group?.name ?? ''
    const message = alarm.note
      ? t('alarms.alertNote', { group: name, kind, note: alarm.note })
      : t('alarms.alert', { group: name, kind })
    // The brand red, not Vant's lighter one: white text on it stays readable (5.9:1).
    // An alert, not a dialog: screen readers announce it at once (Vant passes unknown
    // options on to the popup element as attributes).
    showNotify({ type: 'danger', message, duration: 8000, background: '#c8161d', color: '#fff', ...{ 'role': 'alert', 'aria-label': message } } as NotifyOptions)
    if (typeof navigator.vibrate === 'function')
      navigator.vibrate(ALARM_VIBRATION)
  }

  store.onAlert(alert)
  onMounted(() => {
    void store.start()
  })
  return store
}

/** The number of open alarms nobody has answered, for a badge in the shell. */
export function useUnacknowledgedAlarms() {
  const store = useAlarmsStore()
  return computed(() => store.unacknowledgedCount)
}
