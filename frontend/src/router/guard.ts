import type { NavigationGuardWithThis, RouteLocationRaw } from 'vue-router'
import type { useAuthStore } from '@/stores/auth'

type AuthStore = Pick<ReturnType<typeof useAuthStore>, 'isAuthenticated' | 'restore'>

/** Only a same-app path is a valid redirect target (never another origin). */
export function safeRedirect(target: unknown): string {
  return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') ? target : '/'
}

export function createAuthGuard(auth: () => AuthStore): NavigationGuardWithThis<undefined> {
  return async (to): Promise<true | RouteLocationRaw> => {
    const store = auth()
    let signedIn = store.isAuthenticated
    if (!signedIn) {
      try {
        signedIn = await store.restore()
      }
      catch (error) {
        console.warn('Could not restore the session', error)
        signedIn = false
      }
    }
    if (to.meta.public) {
      if (signedIn && to.name === 'login')
        return safeRedirect(to.query.redirect)
      return true
    }
    if (signedIn)
      return true
    return { name: 'login', query: { redirect: to.fullPath } }
  }
}
