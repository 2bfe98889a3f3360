import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { ApiError } from '@/api'
import { unwrap } from '@/api/client'
import { useAuthStore } from '@/stores/auth'
import { useNoticesStore } from '../store'

/** Beyond this the badge says "99+": one page answers the question, no count query needed. */
export const UNREAD_PAGE = 100

const useUnreadStore = defineStore('notifications-unread', () => {
  const auth = useAuthStore()
  const count = ref(0)
  const more = ref(false)

  async function refresh(): Promise<void> {
    try {
      const page = unwrap(await auth.api.GET('/api/v1/incident-notifications', {
        params: { query: { unread: true, limit: UNREAD_PAGE } },
      }))
      count.value = page.items.length
      more.value = Boolean(page.next_cursor)
    }
    catch (error) {
      // A badge that cannot be refreshed keeps its last number; the inbox shows the error.
      if (!(error instanceof ApiError))
        throw error
    }
  }

  function markedRead(): void {
    count.value = Math.max(0, count.value - 1)
  }

  watch(() => auth.isAuthenticated, (signedIn) => {
    if (!signedIn) {
      count.value = 0
      more.value = false
    }
  })

  return { count, more, refresh, markedRead }
})

function badgeOf(count: number, more = false): string | undefined {
  if (more || count > 99)
    return '99+'
  return count ? String(count) : undefined
}

/**
 * Everything unread, for a badge in the shell (tab bar or "me" page): the inbox's notices
 * (kept live by its store) and the incident notices of the grid service.
 * `const { badge, refresh } = useUnreadNotifications(); onMounted(refresh)`,
 * then `<van-badge :content="badge">`. `badge` is undefined when there is nothing unread;
 * `incidentBadge` and `inboxBadge` are each tab's own.
 */
export function useUnreadNotifications() {
  const store = useUnreadStore()
  const inbox = useNoticesStore()
  const count = computed(() => store.count + inbox.unread)
  return {
    count,
    badge: computed(() => badgeOf(count.value, store.more)),
    incidentBadge: computed(() => badgeOf(store.count, store.more)),
    inboxBadge: computed(() => badgeOf(inbox.unread)),
    refresh: store.refresh,
    markedRead: store.markedRead,
  }
}
