import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, setTransport } from '@/api'
import { keyBytes, usePushSubscription } from '@/features/notifications/composables/usePushSubscription'
import { useAuthStore } from '@/stores/auth'
import { fakeTransport, json, problem, TOKENS } from './fake-transport'

const WORKER = { id: 'worker-1', username: 'grid001', display_name: '网格员', roles: ['grid_worker'], scopes: [] }
const SERVER_KEY = 'BGTJNHIKSrl6mNkYi37xTiTozPGDUujS9cmSZxd97VKiHy6NixAMbMpeIjAWNDWjCTauIql3H4YS_AT1VvBCmbs'
const OLD_KEY = 'BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8'
const ENDPOINT = 'https://fcm.googleapis.com/fcm/send/abc'
const SUBSCRIPTION_JSON = { endpoint: ENDPOINT, expirationTime: null, keys: { p256dh: 'BCVx', auth: 'BTBZ' } }

/** The browser's side only: a PushManager holding at most one subscription. */
function fakeBrowser(options: { held?: string, permission?: NotificationPermission, answer?: NotificationPermission } = {}) {
  let current: ReturnType<typeof subscription> | null = null
  function subscription(key: Uint8Array) {
    const made = {
      endpoint: ENDPOINT,
      options: { applicationServerKey: key.slice().buffer, userVisibleOnly: true },
      toJSON: () => SUBSCRIPTION_JSON,
      unsubscribe: vi.fn(async () => {
        current = null
        return true
      }),
    }
    return made
  }
  if (options.held)
    current = subscription(keyBytes(options.held))
  const pushManager = {
    getSubscription: vi.fn(async () => current),
    subscribe: vi.fn(async (given: { applicationServerKey: Uint8Array }) => {
      current = subscription(given.applicationServerKey)
      return current
    }),
  }
  const registration = { pushManager }
  Object.defineProperty(navigator, 'serviceWorker', {
    configurable: true,
    value: { getRegistration: async () => registration, ready: Promise.resolve(registration) },
  })
  vi.stubGlobal('PushManager', class {})
  const notification = {
    permission: options.permission ?? 'default',
    requestPermission: vi.fn(async () => {
      notification.permission = options.answer ?? 'granted'
      return notification.permission
    }),
  }
  vi.stubGlobal('Notification', notification)
  return { pushManager, notification, held: () => current }
}

async function signedIn(routes: Parameters<typeof fakeTransport>[0] = {}) {
  const fake = fakeTransport({
    'POST /api/v1/auth/login': () => json(200, TOKENS),
    'GET /api/v1/accounts/me': () => json(200, WORKER),
    'GET /api/v1/push/public-key': () => json(200, { public_key: SERVER_KEY }),
    'POST /api/v1/push/subscriptions': () => new Response(null, { status: 204 }),
    'DELETE /api/v1/push/subscriptions/current': () => new Response(null, { status: 204 }),
    ...routes,
  })
  setTransport(fake.transport, 'http://weimin.test')
  setActivePinia(createPinia())
  await useAuthStore().login('grid001', 'secret')
  fake.seen.length = 0
  return { seen: fake.seen, push: usePushSubscription() }
}

const calls = (seen: { method: string, path: string }[]) => seen.map(s => `${s.method} ${s.path}`)

describe('usePushSubscription', () => {
  beforeEach(() => sessionStorage.clear())
  afterEach(() => {
    vi.unstubAllGlobals()
    Reflect.deleteProperty(navigator, 'serviceWorker')
  })

  it('should subscribe with the server key and hand the subscription to the server', async () => {
    const browser = fakeBrowser()
    const { seen, push } = await signedIn()

    expect(await push.subscribe()).toBe(true)

    expect(push.state.value).toBe('subscribed')
    expect(browser.notification.requestPermission).toHaveBeenCalledOnce()
    const given = browser.pushManager.subscribe.mock.calls[0]![0]
    expect(given).toEqual({ userVisibleOnly: true, applicationServerKey: keyBytes(SERVER_KEY) })
    expect(keyBytes(SERVER_KEY)).toHaveLength(65)
    expect(calls(seen)).toEqual(['GET /api/v1/push/public-key', 'POST /api/v1/push/subscriptions'])
    expect(seen[1]!.body).toEqual(SUBSCRIPTION_JSON)
    expect(seen[1]!.authorization).toBe('Bearer access-1')
  })

  it('should say unsupported in WeChat, without asking or throwing', async () => {
    const browser = fakeBrowser()
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue('Mozilla/5.0 (Linux; Android 13) MicroMessenger/8.0.47.2560')
    const { seen, push } = await signedIn()

    await push.refresh()
    expect(push.state.value).toBe('unsupported')
    expect(await push.subscribe()).toBe(false)

    expect(push.state.value).toBe('unsupported')
    expect(push.supported.value).toBe(false)
    expect(browser.notification.requestPermission).not.toHaveBeenCalled()
    expect(seen).toEqual([])
  })

  it('should say unsupported without a PushManager or without a service worker', async () => {
    fakeBrowser()
    vi.stubGlobal('PushManager', undefined)
    Reflect.deleteProperty(window, 'PushManager')
    const { push } = await signedIn()
    await push.refresh()
    expect(push.state.value).toBe('unsupported')

    fakeBrowser()
    Object.defineProperty(navigator, 'serviceWorker', {
      configurable: true,
      value: { getRegistration: async () => undefined, ready: new Promise(() => {}) },
    })
    expect(await push.subscribe()).toBe(false)
    expect(push.state.value).toBe('unsupported')
  })

  it('should give up on a service worker that never becomes active', async () => {
    fakeBrowser()
    const { push } = await signedIn()
    const registration = { pushManager: {} }
    Object.defineProperty(navigator, 'serviceWorker', {
      configurable: true,
      value: { getRegistration: async () => registration, ready: new Promise(() => {}) },
    })
    vi.useFakeTimers()
    try {
      const refreshed = push.refresh()
      await vi.advanceTimersByTimeAsync(10_000)
      await refreshed
    }
    finally {
      vi.useRealTimers()
    }
    expect(push.state.value).toBe('unsupported')
  })

  it('should stop at a refused permission', async () => {
    const browser = fakeBrowser({ answer: 'denied' })
    const { seen, push } = await signedIn()

    expect(await push.subscribe()).toBe(false)

    expect(push.state.value).toBe('denied')
    expect(push.error.value).toBeNull()
    expect(browser.pushManager.subscribe).not.toHaveBeenCalled()
    expect(seen).toEqual([])
    await push.refresh()
    expect(push.state.value).toBe('denied')
  })

  it('should leave a closed prompt to be asked again', async () => {
    fakeBrowser({ answer: 'default' })
    const { push } = await signedIn()
    expect(await push.subscribe()).toBe(false)
    expect(push.state.value).toBe('unsubscribed')
  })

  it('should say unavailable when the server sends no web push', async () => {
    const browser = fakeBrowser()
    const { push } = await signedIn({ 'GET /api/v1/push/public-key': () => problem(404, 'not-found') })

    expect(await push.subscribe()).toBe(false)

    expect(push.state.value).toBe('unavailable')
    expect(browser.held()).toBeNull()
  })

  it('should end in error, not throw, when the server refuses the subscription', async () => {
    fakeBrowser()
    const { push } = await signedIn({ 'POST /api/v1/push/subscriptions': () => problem(500, 'internal-error') })

    expect(await push.subscribe()).toBe(false)

    expect(push.state.value).toBe('error')
    expect(push.error.value).toBeInstanceOf(ApiError)
    expect((push.error.value as ApiError).status).toBe(500)
  })

  it('should end in error when the push service cannot be reached', async () => {
    const browser = fakeBrowser()
    browser.pushManager.subscribe.mockRejectedValueOnce(new DOMException('Registration failed - push service error', 'AbortError'))
    const { push } = await signedIn()

    expect(await push.subscribe()).toBe(false)

    expect(push.state.value).toBe('error')
    expect(push.error.value?.name).toBe('AbortError')
  })

  it('should replace a subscription made with an older server key', async () => {
    const browser = fakeBrowser({ held: OLD_KEY, permission: 'granted' })
    const old = browser.held()!
    const { push } = await signedIn()

    expect(await push.subscribe()).toBe(true)

    expect(old.unsubscribe).toHaveBeenCalledOnce()
    expect(new Uint8Array(browser.held()!.options.applicationServerKey)).toEqual(keyBytes(SERVER_KEY))
  })

  it('should keep a subscription made with the same key', async () => {
    const browser = fakeBrowser({ held: SERVER_KEY, permission: 'granted' })
    const { seen, push } = await signedIn()

    await push.refresh()
    expect(push.state.value).toBe('subscribed')
    expect(await push.subscribe()).toBe(true)

    expect(browser.pushManager.subscribe).not.toHaveBeenCalled()
    expect(calls(seen)).toEqual(['GET /api/v1/push/public-key', 'POST /api/v1/push/subscriptions'])
  })

  it('should tell the server which endpoint ends, and end it in the browser', async () => {
    const browser = fakeBrowser({ held: SERVER_KEY, permission: 'granted' })
    const { seen, push } = await signedIn()

    expect(await push.unsubscribe()).toBe(true)

    expect(push.state.value).toBe('unsubscribed')
    expect(browser.held()).toBeNull()
    expect(calls(seen)).toEqual(['DELETE /api/v1/push/subscriptions/current'])
    expect(seen[0]!.body).toEqual({ endpoint: ENDPOINT })
  })

  it('should end the browser subscription even when the server cannot be told', async () => {
    const browser = fakeBrowser({ held: SERVER_KEY, permission: 'granted' })
    const { push } = await signedIn({
      'DELETE /api/v1/push/subscriptions/current': () => {
        throw new TypeError('Failed to fetch')
      },
    })

    expect(await push.unsubscribe()).toBe(true)

    expect(push.state.value).toBe('unsubscribed')
    expect(browser.held()).toBeNull()
    expect((push.error.value as ApiError).code).toBe('network-error')
  })
})
