import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setTransport } from '@/api'
import { registerDataCache, wipeCaches, wipeCachesWhenSignedOut } from '@/offline/cache'
import { useAuthStore } from '@/stores/auth'
import { ADMIN, fakeTransport, json, problem, TOKENS } from './fake-transport'
import { MemoryCacheStorage } from './memory-cache-storage'

const PRECACHE = 'workbox-precache-v2-http://weimin.test/'

async function filledCaches() {
  const storage = new MemoryCacheStorage()
  await (await storage.open('weimin-api')).put('/api/v1/residents?grid_unit_id=g1', new Response('[]'))
  await (await storage.open('map-tiles')).put('/tiles/1/2/3.png', new Response('png'))
  await (await storage.open(PRECACHE)).put('/index.html', new Response('<!doctype html>'))
  vi.stubGlobal('caches', storage)
  return storage
}

function signedInStore(routes: Parameters<typeof fakeTransport>[0] = {}) {
  setTransport(fakeTransport({
    'POST /api/v1/auth/login': () => json(200, TOKENS),
    'GET /api/v1/accounts/me': () => json(200, ADMIN),
    ...routes,
  }).transport, 'http://weimin.test')
  setActivePinia(createPinia())
  const auth = useAuthStore()
  wipeCachesWhenSignedOut(auth) // as main.ts does
  return auth
}

// The wipe runs without being awaited by the store (sign-out must not wait on it).
const settled = () => new Promise(resolve => setTimeout(resolve, 0))

describe('cache wipe', () => {
  beforeEach(() => sessionStorage.clear())
  afterEach(() => vi.unstubAllGlobals())

  it('should delete every data cache and keep the app shell', async () => {
    const storage = await filledCaches()
    await wipeCaches()
    expect(await storage.keys()).toEqual([PRECACHE])
  })

  it('should empty the data caches features register, and go on when one fails', async () => {
    await filledCaches()
    const emptied: string[] = []
    registerDataCache('broken', () => {
      throw new Error('blocked')
    })
    registerDataCache('boundaries', async () => void emptied.push('boundaries'))
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await wipeCaches()
    expect(emptied).toEqual(['boundaries'])
    expect(warn).toHaveBeenCalledWith('Could not wipe a cache', expect.any(Error))
    registerDataCache('broken', () => {})
  })

  it('should do nothing where the browser has no Cache Storage', async () => {
    vi.stubGlobal('caches', undefined)
    await expect(wipeCaches()).resolves.toBeUndefined()
  })

  it('should wipe on sign-out', async () => {
    const auth = signedInStore({ 'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }) })
    await auth.login('grid001', 'secret')
    const storage = await filledCaches()
    await auth.logout()
    await settled()
    expect(await storage.has('weimin-api')).toBe(false)
  })

  it('should wipe when the session is revoked (a lost phone signed out by staff)', async () => {
    const auth = signedInStore({
      'POST /api/v1/auth/refresh': () => problem(401, 'session-revoked'),
      'GET /api/v1/grid-units/summary': () => problem(401, 'session-revoked'),
    })
    await auth.login('grid001', 'secret')
    const storage = await filledCaches()
    await auth.api.GET('/api/v1/grid-units/summary')
    await settled()
    expect(await storage.has('weimin-api')).toBe(false)
    expect(await storage.has(PRECACHE)).toBe(true)
  })

  it('should wipe what an earlier session left before a new sign-in', async () => {
    const auth = signedInStore()
    const storage = await filledCaches()
    await auth.login('grid002', 'secret')
    expect(await storage.has('weimin-api')).toBe(false)
    expect(await storage.has(PRECACHE)).toBe(true)
  })

  it('should keep the caches while the session stands', async () => {
    const auth = signedInStore({ 'GET /api/v1/grid-units/summary': () => json(200, { grid_units: 1 }) })
    await auth.login('grid001', 'secret')
    const storage = await filledCaches()
    await auth.api.GET('/api/v1/grid-units/summary')
    await settled()
    expect(await storage.has('weimin-api')).toBe(true)
  })
})
