import type { StreamEvent, StreamStatus } from './eventStream'
import type { Alarm, AlarmAnswer, JointDefenceGroup } from './types'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { ApiError } from '@/api'
import { unwrap } from '@/api/client'
import { submitWrite } from '@/offline/queue'
import { useAuthStore } from '@/stores/auth'
import { openEventStream } from './eventStream'

const PAGE_SIZE = 20

export interface AlarmAlert {
  alarm: Alarm
  group: JointDefenceGroup | undefined
}

/**
 * The joint-defence alarms of the groups the signed-in worker watches: the recent ones
 * from the API, kept up to date by one live stream per group while the app is open.
 * Streams stop at sign-out. `onAlert` is told of every alarm raised by someone else
 * that arrives live (the screen turns it into a notice and a vibration).
 */
export const useAlarmsStore = defineStore('alarms', () => {
  const auth = useAuthStore()
  const groups = shallowRef<JointDefenceGroup[]>([])
  const alarms = ref<Alarm[]>([])
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)
  const status = ref<StreamStatus>('stopped')
  const started = ref(false)
  let streams: { stop: () => void }[] = []
  let alertHandler: (alert: AlarmAlert) => void = () => {}

  const me = computed(() => auth.account?.id ?? '')
  /** Open alarms nobody has answered yet: what the worker should act on. */
  const unacknowledged = computed(() => alarms.value.filter(a => a.state === 'open'))
  const unacknowledgedCount = computed(() => unacknowledged.value.length)

  function groupOf(alarm: Alarm): JointDefenceGroup | undefined {
    return groups.value.find(g => g.id === alarm.group_id)
  }

  function myAnswers(alarm: Alarm): AlarmAnswer[] {
    return alarm.responses.filter(r => r.responder === me.value).map(r => r.answer)
  }

  /** Inserts or replaces by id, newest raised first; returns whether it was new. */
  function upsert(alarm: Alarm): boolean {
    const index = alarms.value.findIndex(a => a.id === alarm.id)
    if (index >= 0) {
      alarms.value[index] = alarm
      return false
    }
    alarms.value = [alarm, ...alarms.value].sort((a, b) => b.raised_at.localeCompare(a.raised_at))
    return true
  }

  function receive(event: StreamEvent): void {
    if (event.event !== 'alarm')
      return
    let alarm: Alarm
    try {
      alarm = JSON.parse(event.data) as Alarm
    }
    catch {
      console.warn('Ignored an alarm event that is not JSON')
      return
    }
    const isNew = upsert(alarm)
    if (isNew && alarm.state === 'open' && alarm.raised_by !== me.value)
      alertHandler({ alarm, group: groupOf(alarm) })
  }

  async function loadPage(cursor: string | null): Promise<void> {
    const page = unwrap(await auth.api.GET('/api/v1/joint-defence/alarms', {
      params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
    }))
    for (const alarm of page.items)
      upsert(alarm)
    nextCursor.value = page.next_cursor ?? null
  }

  function openStreams(): void {
    const statuses = new Map<string, StreamStatus>()
    const summarise = () => {
      const all = [...statuses.values()]
      status.value = all.includes('open') ? 'open' : all.includes('waiting') ? 'waiting' : all.includes('connecting') ? 'connecting' : 'stopped'
    }
    streams = groups.value.map(group => openEventStream({
      open: signal => auth.send(`/api/v1/joint-defence/groups/${group.id}/alarms/stream`, {
        signal,
        headers: { Accept: 'text/event-stream' },
      }),
      onEvent: receive,
      onStatus: (s) => {
        statuses.set(group.id, s)
        summarise()
      },
    }))
  }

  /** Loads groups and recent alarms and starts listening; a second call only reloads. */
  async function start(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      if (!started.value) {
        groups.value = unwrap(await auth.api.GET('/api/v1/joint-defence/groups', { params: { query: { limit: 100 } } })).items
        started.value = true
        openStreams()
      }
      await loadPage(null)
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

  async function loadMore(): Promise<void> {
    if (nextCursor.value)
      await loadPage(nextCursor.value)
  }

  function stop(): void {
    for (const stream of streams)
      stream.stop()
    streams = []
    started.value = false
    status.value = 'stopped'
    groups.value = []
    alarms.value = []
    nextCursor.value = null
  }

  /** Sends the answer (queued on the phone when there is no signal); 'queued' or 'sent'. */
  async function answer(alarm: Alarm, reply: AlarmAnswer): Promise<'sent' | 'queued'> {
    const outcome = await submitWrite({
      kind: 'alarm-response',
      label: `${alarm.kind} ${alarm.raised_at}`,
      method: 'POST',
      path: `/api/v1/joint-defence/alarms/${alarm.id}/responses`,
      body: { answer: reply },
    })
    if (outcome.status === 'sent')
      upsert(outcome.response as Alarm)
    return outcome.status
  }

  function onAlert(handler: (alert: AlarmAlert) => void): void {
    alertHandler = handler
  }

  // Signing out (or losing the session) ends every stream and forgets what was shown.
  watch(() => auth.isAuthenticated, (signedIn) => {
    if (!signedIn)
      stop()
  })

  return { groups, alarms, nextCursor, loading, error, status, started, unacknowledged, unacknowledgedCount, groupOf, myAnswers, start, loadMore, stop, answer, onAlert, receive }
})
