import type { QueueEntry } from '@/offline/queue'
import { computed, onBeforeUnmount, onMounted, ref, shallowRef } from 'vue'
import { discardWrite, listWrites, onQueueChange, retryWrite, sendNow } from '@/offline/queue'
import { useSyncStatus } from '@/offline/status'

/** The sync screen's view of the write queue: what waits, what was refused, and the
 * worker's ways out (send now, retry, discard). Follows changes made by any tab. */
export function useWriteQueue() {
  const entries = shallowRef<QueueEntry[]>([])
  const loading = ref(true)
  const sending = ref(false)
  const status = useSyncStatus()

  async function refresh(): Promise<void> {
    entries.value = await listWrites()
    loading.value = false
  }

  let stop = () => {}
  onMounted(() => {
    stop = onQueueChange(() => void refresh())
    void refresh()
  })
  onBeforeUnmount(() => stop())

  async function sendAll(): Promise<void> {
    sending.value = true
    try {
      await sendNow()
    }
    finally {
      sending.value = false
      await refresh()
    }
  }

  return {
    entries,
    loading,
    sending,
    online: computed(() => status.online.value),
    waiting: computed(() => entries.value.filter(e => e.state === 'waiting' || e.state === 'sending')),
    failed: computed(() => entries.value.filter(e => e.state === 'failed')),
    conflicts: computed(() => entries.value.filter(e => e.state === 'conflict')),
    refresh,
    sendAll,
    retry: (id: string) => retryWrite(id),
    discard: (id: string) => discardWrite(id),
  }
}
