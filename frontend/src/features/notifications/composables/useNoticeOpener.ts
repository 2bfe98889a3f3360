import type { Notice } from '../types'
import { useRouter } from 'vue-router'
import { noticeTarget } from '../noticeLink'
import { useNoticesStore } from '../store'

/**
 * Opening a notice: it is marked read (on every device) and its screen opens. The screen
 * opens even when marking fails (no signal); the failure is then thrown for a toast.
 */
export function useNoticeOpener() {
  const store = useNoticesStore()
  const router = useRouter()
  return async (notice: Notice): Promise<void> => {
    const marking = store.markRead(notice)
    const target = noticeTarget(router, notice)
    if (target)
      await router.push(target)
    await marking
  }
}
