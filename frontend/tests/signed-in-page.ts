import type { Component } from 'vue'
import type { Seen } from './fake-transport'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { setTransport } from '@/api'
import { i18n } from '@/locales'
import { createAppRouter } from '@/router'
import { useAuthStore } from '@/stores/auth'
import { fakeTransport, json, TOKENS } from './fake-transport'

type Route = (seen: Seen) => Response | Promise<Response>

/**
 * A page mounted at `path` for `username`, signed in through the fake transport's
 * `routes` (sign-in and `accounts/me` are answered unless the routes do), its first
 * loads settled. Returns the wrapper and every request the page made.
 */
export async function mountSignedIn(
  component: Component,
  path: string,
  routes: Record<string, Route>,
  { username = 'someone', roles = [] as string[] } = {},
) {
  sessionStorage.clear()
  const { transport, seen } = fakeTransport({
    'POST /api/v1/auth/login': () => json(200, TOKENS),
    'GET /api/v1/accounts/me': () => json(200, { id: 'acc', username, display_name: username, roles, scopes: [] }),
    ...routes,
  })
  setTransport(transport, 'http://weimin.test')
  const pinia = createPinia()
  setActivePinia(pinia)
  await useAuthStore().login(username, 'secret')
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  const wrapper = mount(component, { global: { plugins: [pinia, router, i18n] } })
  await flushPromises()
  return { wrapper, seen }
}
