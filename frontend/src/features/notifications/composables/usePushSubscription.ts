import { computed, ref, shallowRef } from 'vue'
import { ApiError } from '@/api'
import { networkError, problemToApiError } from '@/api/errors'
import { useAuthStore } from '@/stores/auth'

/**
 * Web Push on this phone: whether it can be had, and turning it on and off.
 *
 * - `unsupported`: this browser has no push (WeChat's webview, Safari in a tab, a build
 *   without the service worker). Never an error: the inbox and SMS still reach the person.
 * - `unavailable`: the platform sends no web push (no VAPID key is configured).
 * - `denied`: the person refused notifications; only the browser's settings undo that.
 * - `subscribed` / `unsubscribed`: this browser holds a subscription, or not.
 * - `error`: the last attempt failed (`error` says why); trying again is safe.
 *
 * No function here throws: each ends in a state.
 */
export type PushState = 'unknown' | 'unsupported' | 'unavailable' | 'denied' | 'subscribed' | 'unsubscribed' | 'error'

const PUBLIC_KEY_PATH = '/api/v1/push/public-key'
const SUBSCRIPTIONS_PATH = '/api/v1/push/subscriptions'
const ACTIVE_WORKER_WAIT_MS = 10_000

/** WeChat's built-in browser defines parts of the Push API on some phones, but nothing
 * ever arrives: it is treated as having none. */
function pushSupported(): boolean {
  if (typeof window === 'undefined' || typeof navigator === 'undefined')
    return false
  if (/MicroMessenger/i.test(navigator.userAgent))
    return false
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window
}

/** The worker's registration once it is active, or null when there is none (development
 * builds register no worker; waiting on `ready` there would never end). */
async function activeRegistration(): Promise<ServiceWorkerRegistration | null> {
  const registration = await navigator.serviceWorker.getRegistration()
  if (!registration)
    return null
  // A worker that never finishes installing must not leave the caller waiting for ever.
  let timer: ReturnType<typeof setTimeout> | undefined
  const giveUp = new Promise<null>((resolve) => {
    timer = setTimeout(resolve, ACTIVE_WORKER_WAIT_MS, null)
  })
  try {
    return await Promise.race([navigator.serviceWorker.ready, giveUp])
  }
  finally {
    clearTimeout(timer)
  }
}

/** The key in base64url (what the server publishes) as the bytes `subscribe` takes. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=')
  const binary = atob(base64)
  const bytes = new Uint8Array(new ArrayBuffer(binary.length))
  for (let i = 0; i < binary.length; i++)
    bytes[i] = binary.charCodeAt(i)
  return bytes
}

function sameKey(held: ArrayBuffer | null | undefined, wanted: Uint8Array): boolean {
  if (!held)
    return false
  const bytes = new Uint8Array(held)
  return bytes.length === wanted.length && bytes.every((byte, i) => byte === wanted[i])
}

export function usePushSubscription() {
  const auth = useAuthStore()
  const state = ref<PushState>('unknown')
  const error = shallowRef<Error | null>(null)
  const busy = ref(false)

  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response
    try {
      response = await auth.send(path, init)
    }
    catch (cause) {
      throw cause instanceof ApiError ? cause : networkError(cause)
    }
    if (!response.ok)
      throw problemToApiError(response, await response.json().catch(() => undefined))
    return response
  }

  /** The server's key, or null when it sends no web push (404: no VAPID key set). */
  async function publicKey(): Promise<string | null> {
    try {
      const body = await (await call(PUBLIC_KEY_PATH)).json() as { public_key?: unknown }
      return typeof body.public_key === 'string' && body.public_key ? body.public_key : null
    }
    catch (caught) {
      if (caught instanceof ApiError && caught.status === 404)
        return null
      throw caught
    }
  }

  function failed(caught: unknown): void {
    error.value = caught instanceof Error ? caught : new Error(String(caught))
    // A refusal of permission while subscribing is the person's answer, not a fault.
    state.value = caught instanceof DOMException && caught.name === 'NotAllowedError' ? 'denied' : 'error'
  }

  /** Reads where things stand without asking the person anything. */
  async function refresh(): Promise<void> {
    error.value = null
    try {
      if (!pushSupported()) {
        state.value = 'unsupported'
        return
      }
      if (Notification.permission === 'denied') {
        state.value = 'denied'
        return
      }
      const registration = await activeRegistration()
      if (!registration) {
        state.value = 'unsupported'
        return
      }
      const held = await registration.pushManager.getSubscription()
      state.value = held && Notification.permission === 'granted' ? 'subscribed' : 'unsubscribed'
    }
    catch (caught) {
      failed(caught)
    }
  }

  /** Asks for permission (call it from a tap: browsers ignore the request otherwise),
   * subscribes with the server's key and hands the subscription to the server. */
  async function subscribe(): Promise<boolean> {
    if (busy.value)
      return false
    busy.value = true
    error.value = null
    try {
      if (!pushSupported()) {
        state.value = 'unsupported'
        return false
      }
      const registration = await activeRegistration()
      if (!registration) {
        state.value = 'unsupported'
        return false
      }
      // Asked before anything goes over the network: browsers grant the prompt only close
      // to the tap that asked for it.
      const permission = await Notification.requestPermission()
      if (permission !== 'granted') {
        // Closing the prompt ('default') leaves it to be asked again later.
        state.value = permission === 'denied' ? 'denied' : 'unsubscribed'
        return false
      }
      const key = await publicKey()
      if (!key) {
        state.value = 'unavailable'
        return false
      }
      const wanted = keyBytes(key)
      let subscription = await registration.pushManager.getSubscription()
      // A subscription made with another key (the server's key was changed) cannot be
      // reused: the push service would refuse our pushes to it.
      if (subscription && !sameKey(subscription.options.applicationServerKey, wanted)) {
        await subscription.unsubscribe()
        subscription = null
      }
      subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: wanted })
      await call(SUBSCRIPTIONS_PATH, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(subscription.toJSON()),
      })
      state.value = 'subscribed'
      return true
    }
    catch (caught) {
      failed(caught)
      return false
    }
    finally {
      busy.value = false
    }
  }

  /** Stops push on this phone: the browser's subscription ends even when the server
   * cannot be told (offline); the push service then answers 410 to the server, which
   * drops the subscription itself. */
  async function unsubscribe(): Promise<boolean> {
    if (busy.value)
      return false
    busy.value = true
    error.value = null
    try {
      const registration = pushSupported() ? await activeRegistration() : null
      const subscription = registration ? await registration.pushManager.getSubscription() : null
      if (!subscription) {
        state.value = registration ? 'unsubscribed' : 'unsupported'
        return true
      }
      let told: unknown = null
      await call(`${SUBSCRIPTIONS_PATH}/current`, {
        method: 'DELETE',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ endpoint: subscription.endpoint }),
      }).catch((caught: unknown) => {
        told = caught
      })
      await subscription.unsubscribe()
      state.value = 'unsubscribed'
      if (told)
        error.value = told instanceof Error ? told : new Error(String(told))
      return true
    }
    catch (caught) {
      failed(caught)
      return false
    }
    finally {
      busy.value = false
    }
  }

  return {
    state,
    error,
    busy,
    supported: computed(() => state.value !== 'unsupported' && state.value !== 'unavailable'),
    refresh,
    subscribe,
    unsubscribe,
  }
}
