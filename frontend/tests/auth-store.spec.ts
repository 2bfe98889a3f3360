import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { setTransport } from '@/api'
import { authenticatedTransport } from '@/api/client'
import { ApiError } from '@/api/errors'
import { REFRESH_TOKEN_KEY, useAuthStore } from '@/stores/auth'
import { ADMIN, fakeTransport, json, problem, TOKENS } from './fake-transport'

const BASE = 'http://weimin.test'

function storeWith(routes: Parameters<typeof fakeTransport>[0]) {
  const fake = fakeTransport(routes)
  setTransport(fake.transport, BASE)
  setActivePinia(createPinia())
  return { auth: useAuthStore(), seen: fake.seen }
}

const loginRoutes = {
  'POST /api/v1/auth/login': () => json(200, TOKENS),
  'GET /api/v1/accounts/me': () => json(200, ADMIN),
}

describe('auth store', () => {
  beforeEach(() => {
    sessionStorage.clear()
    localStorage.clear()
  })

  it('should keep the access token in memory and the refresh token in sessionStorage only', async () => {
    const { auth, seen } = storeWith(loginRoutes)
    await auth.login('admin', 'secret')

    expect(auth.isAuthenticated).toBe(true)
    expect(auth.accessToken).toBe('access-1')
    expect(sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-1')
    expect(localStorage.length).toBe(0)
    expect(JSON.stringify({ ...sessionStorage })).not.toContain('access-1')
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
    expect(sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull()
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
    expect(seen[3]?.body).toEqual({ refresh_token: 'refresh-1' })
    expect(sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2')
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
    expect(sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull()
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
    expect(sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull()
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

  it('should restore a session from the refresh token after a reload', async () => {
    const { auth } = storeWith({
      'POST /api/v1/auth/refresh': () => json(200, { ...TOKENS, access_token: 'access-9' }),
      'GET /api/v1/accounts/me': () => json(200, ADMIN),
    })
    sessionStorage.setItem(REFRESH_TOKEN_KEY, 'refresh-1')

    expect(await auth.restore()).toBe(true)
    expect(auth.accessToken).toBe('access-9')
    expect(auth.roles).toEqual(['admin'])
  })

  it('should revoke the refresh token on logout and forget the session', async () => {
    const { auth, seen } = storeWith({ ...loginRoutes, 'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }) })
    await auth.login('admin', 'secret')

    await auth.logout()

    expect(seen.at(-1)).toMatchObject({ path: '/api/v1/auth/logout', body: { refresh_token: 'refresh-1' } })
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.accessToken).toBeNull()
    expect(sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull()
  })

  it('should turn a failed connection into a network-error ApiError', async () => {
    setTransport(() => Promise.reject(new TypeError('Failed to fetch')), BASE)
    setActivePinia(createPinia())
    const error = await useAuthStore().login('admin', 'x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code).toBe('network-error')
  })
})
