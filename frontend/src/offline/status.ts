/**
 * The one sync state the whole app shows: is there signal, and how many writes made in the
 * field still wait on the phone. `online` follows the browser's online/offline events;
 * `waiting` is fed by the offline write queue through `setWaiting(n)` (the queue knows
 * its own count; this store only shows it).
 */
import type { DeepReadonly, Ref } from 'vue'
import { readonly, ref } from 'vue'

const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
const waiting = ref(0)
let listening = false

function follow(): void {
  online.value = navigator.onLine
}

function listen(): void {
  if (listening || typeof window === 'undefined')
    return
  listening = true
  window.addEventListener('online', follow)
  window.addEventListener('offline', follow)
  follow()
}

/** Called by the offline queue whenever its count of unsent writes changes. */
export function setWaiting(count: number): void {
  waiting.value = Number.isFinite(count) && count > 0 ? Math.floor(count) : 0
}

export interface SyncStatus {
  online: DeepReadonly<Ref<boolean>>
  waiting: DeepReadonly<Ref<number>>
}

export function useSyncStatus(): SyncStatus {
  listen()
  return { online: readonly(online), waiting: readonly(waiting) }
}
