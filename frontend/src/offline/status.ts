import { reactive, readonly } from 'vue'

/**
 * What the nav bar says about the phone's connection: whether it is online and how many
 * writes wait on the phone to be sent. The write queue keeps `waiting` current.
 */
const state = reactive({
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  waiting: 0,
})

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => { state.online = true })
  window.addEventListener('offline', () => { state.online = false })
}

export function useSyncStatus(): Readonly<{ online: boolean, waiting: number }> {
  return readonly(state)
}

export function setWaiting(n: number): void {
  state.waiting = n
}
