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
    // Caught at once: a refusal that waited unhandled while the screen loads would be
    // reported by the browser as an uncaught error.
    const marking = store.markRead(notice).then(() => null, (error: unknown) => error)
    const target = noticeTarget(router, notice)
    if (target)
      await router.push(target)
    const failure = await marking
    if (failure)
      throw failure
  }
}
