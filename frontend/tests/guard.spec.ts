import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { createAuthGuard, safeRedirect } from '@/router/guard'

const Blank = { template: '<div />' }

function routerFor(store: { isAuthenticated: boolean, restore: () => Promise<boolean> }) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: Blank, meta: { public: true } },
      { path: '/', name: 'home', component: Blank },
      { path: '/me', name: 'me', component: Blank },
    ],
  })
  router.beforeEach(createAuthGuard(() => store))
  return router
}

describe('route guard', () => {
  it('should send a signed-out visitor to login and keep the target', async () => {
    const router = routerFor({ isAuthenticated: false, restore: async () => false })
    await router.push('/me?tab=roles')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/me?tab=roles')
  })

  it('should let a session restored from the refresh token through', async () => {
    const restore = vi.fn(async () => true)
    const router = routerFor({ isAuthenticated: false, restore })
    await router.push('/me')
    expect(router.currentRoute.value.name).toBe('me')
    expect(restore).toHaveBeenCalledTimes(1)
  })

  it('should not try to restore when already signed in', async () => {
    const restore = vi.fn(async () => false)
    const router = routerFor({ isAuthenticated: true, restore })
    await router.push('/me')
    expect(router.currentRoute.value.name).toBe('me')
    expect(restore).not.toHaveBeenCalled()
  })

  it('should send a failed restore to login instead of breaking navigation', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const router = routerFor({ isAuthenticated: false, restore: async () => { throw new Error('offline') } })
    await router.push('/')
    expect(router.currentRoute.value.name).toBe('login')
    expect(console.warn).toHaveBeenCalled()
  })

  it('should move a signed-in user away from login to the redirect target', async () => {
    const router = routerFor({ isAuthenticated: true, restore: async () => true })
    await router.push('/login?redirect=/me')
    expect(router.currentRoute.value.fullPath).toBe('/me')
  })

  it('should show login to a signed-out visitor who asks for it', async () => {
    const router = routerFor({ isAuthenticated: false, restore: async () => false })
    await router.push('/login')
    expect(router.currentRoute.value.fullPath).toBe('/login')
  })

  it('should refuse a redirect to another origin', () => {
    expect(safeRedirect('//evil.example/x')).toBe('/')
    expect(safeRedirect('https://evil.example/')).toBe('/')
    expect(safeRedirect(['/me'])).toBe('/')
    expect(safeRedirect('/me?x=1')).toBe('/me?x=1')
  })
})
