import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, RouterView } from 'vue-router'
import { setTransport } from '@/api'
import { i18n } from '@/locales'
import { createAppRouter } from '@/router'
import { useAuthStore } from '@/stores/auth'
import { fakeTransport, json, TOKENS } from '../fake-transport'

export const WORKER = { id: 'w1', username: 'grid001', display_name: '网格员', roles: ['grid_worker'], scopes: ['grid:g1'] }

export const RESIDENT = {
  id: 'r1',
  household_id: 'h1',
  grid_unit_id: 'g1',
  street_id: 's1',
  community_id: 'c1',
  name: '杨松',
  gender: 'male',
  birth_date: '1950-05-17',
  ethnicity: '白族',
  registration: 'floating',
  care_tags: ['elderly_alone', 'our_own_tag'],
  relation_to_head: '户主',
  id_card_number: '5329************34',
  phone: '138****5678',
  moved_out_at: null,
  move_out_cause: null,
  anonymised_at: null,
  version: 3,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
}

export const PLAIN_PHONE = '13812345678'
export const PLAIN_ID = '532901195005170034'

/** The whole app (router, Pinia, i18n) signed in as a grid worker over a fake network. */
export async function signedInApp(routes: Parameters<typeof fakeTransport>[0], path: string) {
  const fake = fakeTransport({
    'POST /api/v1/auth/login': () => json(200, TOKENS),
    'GET /api/v1/accounts/me': () => json(200, WORKER),
    ...routes,
  })
  // The fake records bodies; the headers each request carried are kept here beside it.
  const headers: Headers[] = []
  setTransport((request) => {
    headers.push(new Headers(request.headers))
    return fake.transport(request)
  }, 'http://weimin.test')
  const pinia = createPinia()
  setActivePinia(pinia)
  await useAuthStore().login('grid001', 'secret')
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  const Root = defineComponent({ render: () => h(RouterView) })
  const wrapper = mount(Root, { global: { plugins: [pinia, router, i18n] }, attachTo: document.body })
  await router.isReady()
  await flushPromises()
  return { wrapper, router, pinia, seen: fake.seen, headers }
}

/** Teleported content (popups) lives under document.body, outside the wrapper. */
export function inBody(selector: string): HTMLElement | null {
  return document.body.querySelector<HTMLElement>(selector)
}
