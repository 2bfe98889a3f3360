import type { ChannelMode, NoticeLanguage, NotificationPreferences, PersonalChannel, PreferencesUpdate } from '../types'
import { computed, ref, shallowRef } from 'vue'
import { ApiError } from '@/api'
import { unwrap } from '@/api/client'
import { useAuthStore } from '@/stores/auth'
import { PERSONAL_CHANNELS } from '../types'

export interface ChannelRow {
  channel: PersonalChannel
  mode: ChannelMode
  /** Configured on this deployment; the others cannot reach anyone yet. */
  available: boolean
}

/** "HH:MM:SS" or "HH:MM" as the pickers' ["HH", "MM"]. */
export function timeParts(value: string): [string, string] {
  const [hours = '00', minutes = '00'] = value.split(':')
  return [hours.padStart(2, '0'), minutes.padStart(2, '0')]
}

/** The pickers' ["HH", "MM"] as the API's "HH:MM:SS". */
export function apiTime([hours, minutes]: readonly string[]): string {
  return `${hours ?? '00'}:${minutes ?? '00'}:00`
}

/**
 * The person's notification choices: each change is sent at once (only what changed) and
 * the service's answer is shown, so the page never claims a choice it did not save.
 */
export function usePreferences() {
  const auth = useAuthStore()
  const prefs = shallowRef<NotificationPreferences | null>(null)
  const loading = ref(false)
  const saving = ref(false)
  const error = shallowRef<ApiError | null>(null)

  const channels = computed<ChannelRow[]>(() => PERSONAL_CHANNELS.map(channel => ({
    channel,
    mode: prefs.value?.channels[channel] ?? 'off',
    available: prefs.value?.available_channels.includes(channel) ?? false,
  })))
  const neverQuiet = computed(() => prefs.value !== null && prefs.value.quiet_start === null)

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      prefs.value = unwrap(await auth.api.GET('/api/v1/notification-preferences/me'))
    }
    catch (caught) {
      if (!(caught instanceof ApiError))
        throw caught
      error.value = caught
    }
    finally {
      loading.value = false
    }
  }

  /** Sends one change; throws the ApiError for the page to tell. */
  async function save(change: Partial<PreferencesUpdate>): Promise<void> {
    saving.value = true
    try {
      prefs.value = unwrap(await auth.api.PUT('/api/v1/notification-preferences/me', {
        body: { never_quiet: false, ...change },
      }))
    }
    finally {
      saving.value = false
    }
  }

  return {
    prefs,
    loading,
    saving,
    error,
    channels,
    neverQuiet,
    load,
    setLanguage: (language: NoticeLanguage) => save({ language }),
    setMode: (channel: PersonalChannel, mode: ChannelMode) => save({ channels: { [channel]: mode } }),
    setQuietHours: (start: string, end: string) => save({ quiet_start: start, quiet_end: end }),
    setNeverQuiet: () => save({ never_quiet: true }),
  }
}
