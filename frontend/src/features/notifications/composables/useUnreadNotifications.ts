import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { ApiError } from '@/api'
import { unwrap } from '@/api/client'
import { useAuthStore } from '@/stores/auth'

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

/**
 * The unread incident notices, for a badge in the shell (tab bar or "me" page):
 * `const { badge, refresh } = useUnreadNotifications(); onMounted(refresh)`,
 * then `<van-badge :content="badge">`. `badge` is undefined when there is nothing unread.
 */
export function useUnreadNotifications() {
  const store = useUnreadStore()
  const badge = computed<string | undefined>(() => {
    if (store.more || store.count > 99)
      return '99+'
    return store.count ? String(store.count) : undefined
  })
  return { count: computed(() => store.count), badge, refresh: store.refresh, markedRead: store.markedRead }
}
