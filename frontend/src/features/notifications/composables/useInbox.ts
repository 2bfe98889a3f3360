import type { IncidentNotification, VolunteerNotification } from '../types'
import type { ApiError } from '@/api'
import { ref, shallowRef } from 'vue'
import { ApiError as ApiErrorClass } from '@/api'
import { unwrap } from '@/api/client'
import { useAuthStore } from '@/stores/auth'
import { useUnreadNotifications } from './useUnreadNotifications'

const PAGE_SIZE = 20

/** One paged list: first page, more pages, and the error that stopped it. */
function usePaged<T>(fetchPage: (cursor: string | null) => Promise<{ items: T[], next_cursor?: string | null }>) {
  const items = ref<T[]>([]) as { value: T[] }
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)

  async function load(cursor: string | null = null): Promise<void> {
    loading.value = true
    error.value = null
    try {
      const page = await fetchPage(cursor)
      items.value = cursor ? [...items.value, ...page.items] : page.items
      nextCursor.value = page.next_cursor ?? null
    }
    catch (caught) {
      if (!(caught instanceof ApiErrorClass))
        throw caught
      error.value = caught
    }
    finally {
      loading.value = false
    }
  }

  return { items, nextCursor, loading, error, load, loadMore: () => (nextCursor.value ? load(nextCursor.value) : Promise.resolve()) }
}

export function useIncidentInbox() {
  const auth = useAuthStore()
  const unreadOnly = ref(false)
  const unread = useUnreadNotifications()
  const list = usePaged<IncidentNotification>(async cursor => unwrap(await auth.api.GET('/api/v1/incident-notifications', {
    params: { query: { limit: PAGE_SIZE, unread: unreadOnly.value, ...(cursor ? { cursor } : {}) } },
  })))

  async function markRead(notice: IncidentNotification): Promise<void> {
    if (notice.read_at)
      return
    const updated = unwrap(await auth.api.POST('/api/v1/incident-notifications/{notification_id}/read', {
      params: { path: { notification_id: notice.id } },
    }))
    list.items.value = list.items.value.map(n => (n.id === updated.id ? updated : n))
    unread.markedRead()
  }

  return { ...list, unreadOnly, markRead }
}

export function useVolunteerInbox() {
  const auth = useAuthStore()
  return usePaged<VolunteerNotification>(async cursor => unwrap(await auth.api.GET('/api/v1/volunteers/me/notifications', {
    params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
  })))
}
