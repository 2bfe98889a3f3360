import type { Account } from '@/api/types'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import AppFrame from '@/components/AppFrame.vue'
import { tabsFor } from '@/components/tabs'
import { networkCountKeys } from '@/composables/useHomeKind'
import { i18n, setLocale } from '@/locales'
import { setWaiting } from '@/offline/status'
import { useAuthStore } from '@/stores/auth'

const everyRoute = () => true
const names = (roles: string[], exists: (name: string) => boolean = everyRoute) =>
  tabsFor(roles, exists).map(tab => tab.name)

describe('tabs per role', () => {
  it('should give a grid worker all five tabs in order', () => {
    expect(names(['grid_worker'])).toEqual(['home', 'map', 'incident-report', 'residents', 'me'])
  })

  it.each([
    [['community_secretary'], ['home', 'map', 'residents', 'me']],
    [['street_secretary'], ['home', 'map', 'residents', 'me']],
    [['admin'], ['home', 'map', 'me']],
    [['volunteer'], ['home', 'incident-report', 'me']],
    [['kiosk'], ['home', 'me']],
    [[], ['home', 'me']],
    [['admin', 'grid_worker'], ['home', 'map', 'incident-report', 'residents', 'me']],
  ])('should give %j the tabs %j', (roles, expected) => {
    expect(names(roles)).toEqual(expected)
  })

  it('should leave out a tab whose screen is not registered', () => {
    expect(names(['grid_worker'], name => name !== 'map')).toEqual(['home', 'incident-report', 'residents', 'me'])
  })
})

describe('network counts per scope', () => {
  it('should never show a community secretary a street or community count', () => {
    expect(networkCountKeys(['community_secretary'])).toEqual(['resident_groups', 'grid_units', 'stationed_organisations'])
  })

  it('should show a street secretary the communities but not the one street', () => {
    expect(networkCountKeys(['street_secretary'])).toEqual(['communities', 'resident_groups', 'grid_units', 'stationed_organisations'])
  })

  it('should show the administrator the whole city', () => {
    expect(networkCountKeys(['admin'])).toEqual(['streets', 'communities', 'resident_groups', 'grid_units', 'stationed_organisations'])
  })
})

const Blank = defineComponent({ render: () => h('div') })

async function mountFrame(roles: string[], extraRoutes: string[]) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const auth = useAuthStore()
  auth.account = { id: 'u1', username: 'grid001', display_name: '张网格', roles, scopes: [] } as unknown as Account
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{
      path: '/',
      component: AppFrame,
      children: [
        { path: '', name: 'home', component: Blank },
        { path: 'me', name: 'me', component: Blank },
        ...extraRoutes.map(name => ({ path: name, name, component: Blank })),
      ],
    }],
  })
  await router.push('/')
  const wrapper = mount({ render: () => h(RouterView) }, { global: { plugins: [pinia, router, i18n] } })
  await flushPromises()
  return { wrapper, router }
}

describe('app frame', () => {
  afterEach(async () => {
    setWaiting(0)
    setLocale('zh-CN')
    // The fixed bars measure their safe-area height on timers up to 300 ms after mounting;
    // let them run while the page is still there.
    await new Promise(resolve => setTimeout(resolve, 350))
  })

  it('should show a grid worker the five tabs in Chinese', async () => {
    const { wrapper } = await mountFrame(['grid_worker'], ['map', 'incident-report', 'residents', 'sync'])
    const labels = wrapper.findAll('.van-tabbar-item').map(item => item.text())
    expect(labels).toEqual(['首页', '地图', '上报', '居民', '我的'])
  })

  it('should show a community secretary no report tab', async () => {
    const { wrapper } = await mountFrame(['community_secretary'], ['map', 'incident-report', 'residents'])
    expect(wrapper.find('[data-test="tab-incident-report"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="tab-residents"]').exists()).toBe(true)
  })

  it('should show the sync state and open the sync screen when tapped', async () => {
    const { wrapper, router } = await mountFrame(['grid_worker'], ['sync'])
    setWaiting(2)
    await flushPromises()
    const state = wrapper.get('[data-test="sync-state"]')
    expect(state.element.tagName).toBe('BUTTON')
    expect(state.text()).toContain('在线')
    expect(state.text()).toContain('2')
    // Its name is its own text (no aria-label): the visible word, then the rest for screen readers.
    expect(state.attributes('aria-label')).toBeUndefined()
    expect(state.get('.sync-state__text').text() + state.get('.sync-state__more').text()).toBe('在线，待发送 2 条，查看同步情况')
    await state.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('sync')
  })

  it('should show the state without a link while there is no sync screen', async () => {
    const { wrapper } = await mountFrame(['grid_worker'], [])
    const state = wrapper.get('[data-test="sync-state"]')
    expect(state.element.tagName).toBe('SPAN')
    expect(state.attributes('role')).toBe('status')
  })
})
