import type { Notice } from './types'
import type { StreamEvent, StreamStatus } from '@/features/alarms/eventStream'
import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import { ApiError } from '@/api'
import { unwrap } from '@/api/client'
import { openEventStream } from '@/features/alarms/eventStream'
import { useAuthStore } from '@/stores/auth'

const PAGE_SIZE = 20

// Compared as instants: the server leaves out a zero fraction of a second, so two ISO
// strings of the same format do not always sort as text.
const newestFirst = (a: Notice, b: Notice) => Date.parse(b.created_at) - Date.parse(a.created_at)

/**
 * The signed-in person's inbox (the notifications service): the unread count, the pages
 * read so far (newest first) and one live stream that adds each notice the moment it is
 * written. Started once per session by the app frame and stopped at sign-out. Urgent
 * notices (alarms) wait in `alerts` until the person opens or dismisses them; every other
 * new one is handed to `onNotice` (the frame shows it briefly).
 */
export const useNoticesStore = defineStore('notices', () => {
  const auth = useAuthStore()
  const unread = ref(0)
  const items = ref<Notice[]>([])
  const nextCursor = ref<string | null>(null)
  const unreadOnly = ref(false)
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)
  const status = ref<StreamStatus>('stopped')
  const started = ref(false)
  const alerts = ref<Notice[]>([])
  let stream: { stop: () => void } | null = null
  let hasBeenOpen = false
  let noticeHandler: (notice: Notice) => void = () => {}
  // A page asked for before the filter changed (or the session ended) must not land.
  let generation = 0
  const reading = new Set<string>()

  /** Inserts or replaces by id, newest first; returns whether it was new. */
  function upsert(notice: Notice): boolean {
    const index = items.value.findIndex(n => n.id === notice.id)
    if (index >= 0) {
      items.value[index] = notice
      return false
    }
    items.value = [notice, ...items.value].sort(newestFirst)
    return true
  }

  function receive(event: StreamEvent): void {
    if (event.event !== 'notification')
      return
    let notice: Notice
    try {
      notice = JSON.parse(event.data) as Notice
    }
    catch {
      console.warn('Ignored a notification event that is not JSON')
      return
    }
    if (!upsert(notice))
      return
    if (!notice.read_at)
      unread.value += 1
    if (notice.urgent)
      alerts.value = [...alerts.value, notice]
    else
      noticeHandler(notice)
  }

  async function refreshCount(): Promise<void> {
    try {
      unread.value = unwrap(await auth.api.GET('/api/v1/notifications/unread-count')).unread
    }
    catch (caught) {
      // A badge that cannot be refreshed keeps its last number; the inbox shows the error.
      if (!(caught instanceof ApiError))
        throw caught
    }
  }

  /**
   * The first page (`cursor` null) or the next one. With `merge`, a first page read again
   * after a reconnection joins what is shown when the two overlap; with a gap between them
   * (more than a page missed) it replaces the list, whose cursor would skip the gap.
   */
  async function loadPage(cursor: string | null, merge = false): Promise<void> {
    const mine = generation
    loading.value = true
    error.value = null
    try {
      const page = unwrap(await auth.api.GET('/api/v1/notifications', {
        params: { query: { limit: PAGE_SIZE, unread: unreadOnly.value, ...(cursor ? { cursor } : {}) } },
      }))
      if (mine !== generation)
        return
      const known = new Set(items.value.map(n => n.id))
      if (cursor) {
        items.value = [...items.value, ...page.items.filter(n => !known.has(n.id))]
        nextCursor.value = page.next_cursor ?? null
      }
      else if (merge && page.items.some(n => known.has(n.id))) {
        page.items.forEach(upsert)
      }
      else {
        items.value = page.items
        nextCursor.value = page.next_cursor ?? null
      }
    }
    catch (caught) {
      if (!(caught instanceof ApiError))
        throw caught
      if (mine === generation)
        error.value = caught
    }
    finally {
      if (mine === generation)
        loading.value = false
    }
  }

  /** What may have been written while the stream was down: the count and the first page. */
  async function resync(): Promise<void> {
    await Promise.all([refreshCount(), loadPage(null, true)])
  }

  /** Loads the count and the first page and opens the stream; a second call does nothing. */
  async function start(): Promise<void> {
    if (started.value)
      return
    started.value = true
    hasBeenOpen = false
    stream = openEventStream({
      open: signal => auth.send('/api/v1/notifications/stream', { signal, headers: { Accept: 'text/event-stream' } }),
      onEvent: receive,
      onStatus: (next) => {
        status.value = next
        if (next !== 'open')
          return
        // The first opening follows the loads below; any later one is a reconnection.
        if (hasBeenOpen)
          void resync()
        hasBeenOpen = true
      },
    })
    await Promise.all([refreshCount(), loadPage(null)])
  }

  function loadMore(): Promise<void> {
    return nextCursor.value ? loadPage(nextCursor.value) : Promise.resolve()
  }

  function reload(): Promise<void> {
    generation += 1
    return loadPage(null)
  }

  function setUnreadOnly(value: boolean): Promise<void> {
    unreadOnly.value = value
    items.value = []
    nextCursor.value = null
    return reload()
  }

  /** Read on the server (on every device); a notice already read or being read is left. */
  async function markRead(notice: Notice): Promise<void> {
    const current = items.value.find(n => n.id === notice.id) ?? notice
    if (current.read_at || reading.has(notice.id))
      return
    reading.add(notice.id)
    try {
      upsert(unwrap(await auth.api.POST('/api/v1/notifications/{notification_id}/read', {
        params: { path: { notification_id: notice.id } },
      })))
      unread.value = Math.max(0, unread.value - 1)
    }
    finally {
      reading.delete(notice.id)
    }
  }

  /** Returns how many the server marked. */
  async function markAllRead(): Promise<number> {
    const { marked } = unwrap(await auth.api.POST('/api/v1/notifications/read-all'))
    const now = new Date().toISOString()
    items.value = items.value.map(n => (n.read_at ? n : { ...n, read_at: now }))
    unread.value = 0
    return marked
  }

  function dismissAlert(id: string): void {
    alerts.value = alerts.value.filter(n => n.id !== id)
  }

  function onNotice(handler: (notice: Notice) => void): void {
    noticeHandler = handler
  }

  function stop(): void {
    stream?.stop()
    stream = null
    generation += 1
    started.value = false
    status.value = 'stopped'
    unread.value = 0
    items.value = []
    alerts.value = []
    nextCursor.value = null
    unreadOnly.value = false
    loading.value = false
    error.value = null
  }

  // Signing out (or losing the session) ends the stream and forgets every notice shown.
  watch(() => auth.isAuthenticated, (signedIn) => {
    if (!signedIn)
      stop()
  })

  return { unread, items, nextCursor, unreadOnly, loading, error, status, started, alerts, start, stop, receive, resync, reload, loadMore, setUnreadOnly, markRead, markAllRead, dismissAlert, onNotice }
})
