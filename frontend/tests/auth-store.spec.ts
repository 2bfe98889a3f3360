import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { setTransport } from '@/api'
import { authenticatedTransport } from '@/api/client'
import { ApiError } from '@/api/errors'
import { readCsrfToken, useAuthStore } from '@/stores/auth'
import { ADMIN, fakeTransport, json, problem, TOKENS } from './fake-transport'

const BASE = 'http://weimin.test'

function storeWith(routes: Parameters<typeof fakeTransport>[0]) {
  const fake = fakeTransport(routes)
  setTransport(fake.transport, BASE)
  setActivePinia(createPinia())
  return { auth: useAuthStore(), seen: fake.seen }
}

// What the server's Set-Cookie leaves readable to the page: the CSRF cookie (the refresh
// cookie is HttpOnly, so the page never sees it).
function setCsrfCookie(value: string): void {
  document.cookie = `weimin_csrf=${value}; path=/`
}
function clearCookies(): void {
  document.cookie = 'weimin_csrf=; path=/; max-age=0'
}

const loginRoutes = {
  'POST /api/v1/auth/login': () => {
    setCsrfCookie('csrf-1')
    return json(200, TOKENS)
  },
  'GET /api/v1/accounts/me': () => json(200, ADMIN),
}

describe('auth store', () => {
  beforeEach(() => {
    sessionStorage.clear()
    localStorage.clear()
    clearCookies()
  })

  it('should keep the access token in memory and no token in any web storage', async () => {
    const { auth, seen } = storeWith(loginRoutes)
    await auth.login('admin', 'secret')

    expect(auth.isAuthenticated).toBe(true)
    expect(auth.accessToken).toBe('access-1')
    expect(localStorage.length).toBe(0)
    expect(sessionStorage.length).toBe(0)
    expect(document.cookie).not.toContain('refresh-1')
    expect(seen[0]).toMatchObject({ path: '/api/v1/auth/login', body: { username: 'admin', password: 'secret' }, authorization: null })
    expect(seen[1]).toMatchObject({ path: '/api/v1/accounts/me', authorization: 'Bearer access-1' })
  })

  it('should throw a translated ApiError and stay signed out on wrong credentials', async () => {
    const { auth, seen } = storeWith({ 'POST /api/v1/auth/login': () => problem(401, 'invalid-credentials') })
    const error = await auth.login('admin', 'nope').catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code).toBe('invalid-credentials')
    expect((error as ApiError).message).toBe('用户名或密码错误')
    expect(auth.isAuthenticated).toBe(false)
    expect(readCsrfToken()).toBeNull()
    // A 401 from the login itself must not trigger a refresh.
    expect(seen.map(s => s.path)).toEqual(['/api/v1/auth/login'])
  })

  it('should refresh once on 401 and repeat the request with the new token', async () => {
    let summaryCalls = 0
    const { auth, seen } = storeWith({
      ...loginRoutes,
      'POST /api/v1/auth/refresh': () => json(200, { ...TOKENS, access_token: 'access-2', refresh_token: 'refresh-2' }),
      'GET /api/v1/organisations/summary': () => (++summaryCalls === 1
        ? problem(401, 'token-expired')
        : json(200, { streets: 2, communities: 31, resident_groups: 143, stationed_organisations: 1707 })),
    })
    await auth.login('admin', 'secret')

    const { data } = await auth.api.GET('/api/v1/organisations/summary')

    expect(data?.stationed_organisations).toBe(1707)
    expect(seen.slice(2).map(s => `${s.path} ${s.authorization}`)).toEqual([
      '/api/v1/organisations/summary Bearer access-1',
      '/api/v1/auth/refresh null',
      '/api/v1/organisations/summary Bearer access-2',
    ])
    // The cookie carries the token; the page only echoes the CSRF cookie's value.
    expect(seen[3]?.body).toBeUndefined()
    expect(seen[3]?.csrf).toBe('csrf-1')
  })

  it('should resend the request body on the repeated request', async () => {
    // The contract's protected calls are GETs; a future protected POST must keep its body.
    const fake = fakeTransport({
      'POST /api/v1/wishes': s => (s.authorization === 'Bearer new' ? json(201, s.body) : problem(401, 'token-expired')),
    })
    let token = 'old'
    const transport = authenticatedTransport(fake.transport, {
      accessToken: () => token,
      refresh: async () => {
        token = 'new'
        return true
      },
      sessionLost: () => { throw new Error('session must not be lost') },
    })

    const response = await transport(new Request(`${BASE}/api/v1/wishes`, { method: 'POST', body: '{"title":"a walk"}' }))

    expect(response.status).toBe(201)
    expect(fake.seen.map(s => s.body)).toEqual([{ title: 'a walk' }, { title: 'a walk' }])
  })

  it('should give up after one refresh when the repeated request is still 401', async () => {
    const lost = vi.fn()
    const { auth, seen } = storeWith({
      ...loginRoutes,
      'POST /api/v1/auth/refresh': () => json(200, { ...TOKENS, access_token: 'access-2' }),
      'GET /api/v1/grid-units/summary': () => problem(401, 'unauthenticated'),
    })
    auth.onSessionLost(lost)
    await auth.login('admin', 'secret')

    const result = await auth.api.GET('/api/v1/grid-units/summary')

    expect(result.response.status).toBe(401)
    expect(seen.filter(s => s.path === '/api/v1/auth/refresh')).toHaveLength(1)
    expect(seen.filter(s => s.path === '/api/v1/grid-units/summary')).toHaveLength(2)
    expect(lost).toHaveBeenCalledTimes(1)
    expect(auth.isAuthenticated).toBe(false)
  })

  it('should sign out without repeating the request when the refresh is refused', async () => {
    const lost = vi.fn()
    const { auth, seen } = storeWith({
      ...loginRoutes,
      'POST /api/v1/auth/refresh': () => problem(401, 'token-expired'),
      'GET /api/v1/grid-units/summary': () => problem(401, 'token-expired'),
    })
    auth.onSessionLost(lost)
    await auth.login('admin', 'secret')

    await auth.api.GET('/api/v1/grid-units/summary')

    expect(seen.filter(s => s.path === '/api/v1/grid-units/summary')).toHaveLength(1)
    expect(lost).toHaveBeenCalledTimes(1)
    expect(auth.accessToken).toBeNull()
  })

  it('should share one refresh between requests that fail together', async () => {
    const { auth, seen } = storeWith({
      ...loginRoutes,
      'POST /api/v1/auth/refresh': () => json(200, { ...TOKENS, access_token: 'access-2' }),
      'GET /api/v1/organisations/summary': s => (s.authorization === 'Bearer access-2'
        ? json(200, { streets: 2, communities: 31, resident_groups: 143, stationed_organisations: 1707 })
        : problem(401, 'token-expired')),
      'GET /api/v1/grid-units/summary': s => (s.authorization === 'Bearer access-2'
        ? json(200, { grid_units: 427, buildings: 1, households: 2, residents: 3 })
        : problem(401, 'token-expired')),
    })
    await auth.login('admin', 'secret')

    const [org, grid] = await Promise.all([
      auth.api.GET('/api/v1/organisations/summary'),
      auth.api.GET('/api/v1/grid-units/summary'),
    ])

    expect(org.data?.communities).toBe(31)
    expect(grid.data?.grid_units).toBe(427)
    expect(seen.filter(s => s.path === '/api/v1/auth/refresh')).toHaveLength(1)
  })

  it('should restore a session from the cookie when the app is opened again', async () => {
    const { auth, seen } = storeWith({
      'POST /api/v1/auth/refresh': () => json(200, { ...TOKENS, access_token: 'access-9' }),
      'GET /api/v1/accounts/me': () => json(200, ADMIN),
    })
    setCsrfCookie('csrf-7') // left by an earlier visit; the webview was closed since

    expect(await auth.restore()).toBe(true)
    expect(auth.accessToken).toBe('access-9')
    expect(auth.roles).toEqual(['admin'])
    expect(seen[0]).toMatchObject({ path: '/api/v1/auth/refresh', csrf: 'csrf-7', body: undefined })
  })

  it('should open on the account the phone kept when the app is opened with no signal', async () => {
    const offline = () => { throw new TypeError('Failed to fetch') }
    const { auth } = storeWith({
      'POST /api/v1/auth/refresh': offline,
      // What the service worker answers from its copy while the network is down.
      'GET /api/v1/accounts/me': () => json(200, ADMIN),
    })
    setCsrfCookie('csrf-7')

    expect(await auth.restore()).toBe(true)
    expect(auth.isAuthenticated).toBe(true)
    expect(auth.offlineSession).toBe(true)
    expect(auth.accessToken).toBeNull()
    expect(auth.roles).toEqual(['admin'])
  })

  it('should stay at sign-in offline when the phone kept no copy of the account', async () => {
    const offline = () => { throw new TypeError('Failed to fetch') }
    const { auth } = storeWith({ 'POST /api/v1/auth/refresh': offline, 'GET /api/v1/accounts/me': offline })
    setCsrfCookie('csrf-7')

    expect(await auth.restore()).toBe(false)
    expect(auth.isAuthenticated).toBe(false)
  })

  it('should not ask the server to restore when this browser was never signed in', async () => {
    const { auth, seen } = storeWith({ 'POST /api/v1/auth/refresh': () => json(200, TOKENS) })

    expect(await auth.restore()).toBe(false)
    expect(seen).toEqual([])
  })

  it('should stay signed out when the server refuses to restore a revoked session', async () => {
    const signedOut = vi.fn()
    const { auth } = storeWith({ 'POST /api/v1/auth/refresh': () => problem(401, 'invalid-refresh-token') })
    auth.onSignedOut(signedOut)
    setCsrfCookie('csrf-7')

    expect(await auth.restore()).toBe(false)
    expect(auth.isAuthenticated).toBe(false)
    // Nobody was signed in on this page, so there is nothing for the listeners to wipe.
    expect(signedOut).not.toHaveBeenCalled()
  })

  it('should end the sign-in on the server with the CSRF header at logout and tell the listeners', async () => {
    const signedOut = vi.fn()
    const { auth, seen } = storeWith({
      ...loginRoutes,
      'POST /api/v1/auth/logout': () => {
        clearCookies() // the server's Set-Cookie clears both
        return new Response(null, { status: 204 })
      },
    })
    auth.onSignedOut(signedOut)
    await auth.login('admin', 'secret')

    await auth.logout()

    expect(seen.at(-1)).toMatchObject({ path: '/api/v1/auth/logout', csrf: 'csrf-1', body: undefined })
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.accessToken).toBeNull()
    expect(signedOut).toHaveBeenCalledExactlyOnceWith('signed-out')
    expect(await auth.restore()).toBe(false)
  })

  it('should tell the listeners when the server refuses a refresh mid-session (revoked by staff)', async () => {
    const signedOut = vi.fn()
    const { auth } = storeWith({
      ...loginRoutes,
      'POST /api/v1/auth/refresh': () => problem(401, 'invalid-refresh-token'),
      'GET /api/v1/grid-units/summary': () => problem(401, 'session-revoked'),
    })
    const stop = auth.onSignedOut(signedOut)
    const second = vi.fn()
    auth.onSignedOut(second)
    await auth.login('admin', 'secret')

    await auth.api.GET('/api/v1/grid-units/summary')

    expect(signedOut).toHaveBeenCalledExactlyOnceWith('session-ended')
    expect(second).toHaveBeenCalledExactlyOnceWith('session-ended')
    stop()
    await auth.login('admin', 'secret')
    await auth.api.GET('/api/v1/grid-units/summary')
    expect(signedOut).toHaveBeenCalledTimes(1)
    expect(second).toHaveBeenCalledTimes(2)
  })

  it('should keep the session when the refresh fails for want of a network (queued writes wait)', async () => {
    const signedOut = vi.fn()
    let offline = false
    const { auth } = storeWith({
      ...loginRoutes,
      'POST /api/v1/auth/refresh': () => {
        if (offline)
          throw new TypeError('Failed to fetch')
        return json(200, TOKENS)
      },
    })
    auth.onSignedOut(signedOut)
    await auth.login('admin', 'secret')
    offline = true

    expect(await auth.refresh()).toBe(false)
    expect(signedOut).not.toHaveBeenCalled()
    expect(auth.account?.username).toBe('admin')
    offline = false
    expect(await auth.refresh()).toBe(true)
  })

  it('should sign out everywhere through the self endpoint and tell the listeners', async () => {
    const signedOut = vi.fn()
    const { auth, seen } = storeWith({
      ...loginRoutes,
      'POST /api/v1/accounts/me/sessions/revoke': () => new Response(null, { status: 204 }),
    })
    auth.onSignedOut(signedOut)
    await auth.login('admin', 'secret')

    await auth.signOutEverywhere()

    expect(seen.at(-1)).toMatchObject({ path: '/api/v1/accounts/me/sessions/revoke', authorization: 'Bearer access-1' })
    expect(auth.isAuthenticated).toBe(false)
    expect(signedOut).toHaveBeenCalledExactlyOnceWith('signed-out-everywhere')
  })

  it('should turn a failed connection into a network-error ApiError', async () => {
    setTransport(() => Promise.reject(new TypeError('Failed to fetch')), BASE)
    setActivePinia(createPinia())
    const error = await useAuthStore().login('admin', 'x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code).toBe('network-error')
  })
})
