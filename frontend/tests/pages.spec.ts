import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { setTransport } from '@/api'
import { i18n, setLocale } from '@/locales'
import HomePage from '@/pages/home.vue'
import LoginPage from '@/pages/login.vue'
import { createAppRouter } from '@/router'
import { useAuthStore } from '@/stores/auth'
import { ADMIN, fakeTransport, json, problem, TOKENS } from './fake-transport'

const ORG = { streets: 2, communities: 31, resident_groups: 143, stationed_organisations: 1707 }
const GRID = { grid_units: 427, buildings: 3120, households: 52811, residents: 161204 }
const DESK = {
  grid_unit_count: 1,
  grid_units: [{ id: 'u1', code: 'G001', name: '一网格', buildings: 12, households: 310, residents: 901, open_incidents: 2 }],
  incidents_open: 2,
  incidents_overdue: 1,
  incidents_assigned_to_me: 1,
  incidents: [
    { id: 'i1', title: '路灯不亮', state: 'in_progress', priority: 'normal', grid_unit_id: 'u1', due_at: '2026-03-02T10:00:00Z', overdue: false, assigned_to_me: true },
    { id: 'i2', title: '井盖缺失', state: 'reported', priority: 'high', grid_unit_id: 'u1', due_at: '2026-03-02T06:30:00Z', overdue: true, assigned_to_me: false },
  ],
  alarms_unanswered: 1,
  alarms: [{ id: 'a1', group_id: 'g1', group_name: '一栋联防', grid_unit_id: 'u1', kind: 'fire', state: 'open', raised_at: '2026-03-02T07:58:00Z', answer_due_at: '2026-03-02T08:03:00Z' }],
  patrols_today: 0,
}
const VISIT = { household_id: 'h1', address: '测试路1号1栋101室', grid_unit_id: 'u1', care_tags: ['elderly_alone'], last_visited_at: null, due_at: null }

async function mountWith(component: object, routes: Parameters<typeof fakeTransport>[0], path: string) {
  setTransport(fakeTransport(routes).transport, 'http://weimin.test')
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  return { router, pinia, mountIt: async () => {
    await router.push(path)
    const wrapper = mount(component, { global: { plugins: [pinia, router, i18n] } })
    await flushPromises()
    return wrapper
  } }
}

describe('login page', () => {
  beforeEach(() => {
    sessionStorage.clear()
    setLocale('zh-CN')
  })

  it('should show the translated wait message with the wait time', async () => {
    const { mountIt } = await mountWith(LoginPage, {
      'POST /api/v1/auth/login': () => problem(429, 'rate-limited', { detail: 'wait' }, { 'Retry-After': '120' }),
    }, '/login')
    const wrapper = await mountIt()

    await wrapper.find('input[name="username"]').setValue('admin')
    await wrapper.find('input[name="password"]').setValue('secret')
    await wrapper.find('form').trigger('submit')
    await flushPromises()

    expect(wrapper.find('[data-test="login-error"]').text()).toBe('操作过于频繁，请 2 分钟后再试')
    setLocale('en-US')
    await flushPromises()
    expect(wrapper.find('[data-test="login-error"]').text()).toBe('Too many attempts; try again in 2 min')
  })

  it('should refuse to submit empty fields', async () => {
    const { mountIt } = await mountWith(LoginPage, {}, '/login')
    const wrapper = await mountIt()

    await wrapper.find('form').trigger('submit')
    await flushPromises()

    expect(wrapper.text()).toContain('请填写用户名')
    expect(wrapper.find('[data-test="login-error"]').exists()).toBe(false)
  })

  it('should ask for the authenticator code when the account has a second factor', async () => {
    const finished: unknown[] = []
    const { mountIt, router } = await mountWith(LoginPage, {
      'POST /api/v1/auth/login': () => problem(401, 'second-factor-required', { challenge: 'ch-1' }),
      'POST /api/v1/auth/second-factor': (seen) => {
        finished.push(seen.body)
        return finished.length === 1
          ? problem(401, 'invalid-second-factor-code')
          : json(200, TOKENS)
      },
      'GET /api/v1/accounts/me': () => json(200, ADMIN),
    }, '/login?redirect=/me')
    const wrapper = await mountIt()

    await wrapper.find('input[name="username"]').setValue('admin')
    await wrapper.find('input[name="password"]').setValue('secret')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('input[name="password"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="login-error"]').exists()).toBe(false)

    await wrapper.find('input[name="code"]').setValue('000000')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test="login-error"]').text()).toBe('验证码错误或已使用')

    await wrapper.find('input[name="code"]').setValue(' 123456 ')
    await wrapper.find('form').trigger('submit')
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/me'))
    expect(finished).toEqual([
      { challenge: 'ch-1', code: '000000' },
      { challenge: 'ch-1', code: '123456' },
    ])
  })

  it('should sign in and go to the redirect target', async () => {
    const { mountIt, router } = await mountWith(LoginPage, {
      'POST /api/v1/auth/login': () => json(200, TOKENS),
      'GET /api/v1/accounts/me': () => json(200, ADMIN),
    }, '/login?redirect=/me')
    const wrapper = await mountIt()

    await wrapper.find('input[name="username"]').setValue('admin')
    await wrapper.find('input[name="password"]').setValue('secret')
    await wrapper.find('form').trigger('submit')
    // The target's page is a lazily loaded chunk, so the navigation settles later.
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/me'))
  })
})

describe('home page', () => {
  beforeEach(() => {
    sessionStorage.clear()
    setLocale('zh-CN')
  })

  async function signedInHome(account: object, routes: Parameters<typeof fakeTransport>[0]) {
    const { mountIt } = await mountWith(HomePage, {
      'POST /api/v1/auth/login': () => json(200, TOKENS),
      'GET /api/v1/accounts/me': () => json(200, account),
      ...routes,
    }, '/login')
    await useAuthStore().login('u', 'p')
    return mountIt()
  }

  async function signedInHomeWithRouter(account: object, routes: Parameters<typeof fakeTransport>[0]) {
    const { mountIt, router } = await mountWith(HomePage, {
      'POST /api/v1/auth/login': () => json(200, TOKENS),
      'GET /api/v1/accounts/me': () => json(200, account),
      ...routes,
    }, '/login')
    await useAuthStore().login('u', 'p')
    return { wrapper: await mountIt(), router }
  }

  it('should show the city overview counts to an admin', async () => {
    const wrapper = await signedInHome(ADMIN, {
      'GET /api/v1/organisations/summary': () => json(200, ORG),
      'GET /api/v1/grid-units/summary': () => json(200, GRID),
    })
    const values = wrapper.find('[data-test="overview"]').findAll('.counts__value').map(v => v.text())
    expect(values).toEqual(['2', '31', '143', '427', '1,707'])
  })

  it('should show a grid worker their desk: counts, SLA countdowns with overdue in red, links', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-02T08:00:00Z'), toFake: ['Date'] })
    const { wrapper, router } = await signedInHomeWithRouter({ ...ADMIN, roles: ['grid_worker'] }, {
      'GET /api/v1/grid-units/my-desk': () => json(200, DESK),
      'GET /api/v1/visits/overdue': () => json(200, [VISIT]),
    })
    vi.useRealTimers()
    expect(wrapper.find('[data-test="overview"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="today-overdue"]').text()).toContain('1')
    const incidents = wrapper.find('[data-test="desk-incidents"]')
    const slas = incidents.findAll('[data-test="sla"]')
    expect(slas.map(s => s.text())).toEqual(['剩余 2 小时', '超时 1 小时 30 分钟'])
    expect(slas.map(s => s.classes('sla--overdue'))).toEqual([false, true])
    expect(incidents.text()).toContain('我的')
    expect(incidents.text()).toContain('处理中')
    // The incident screen exists, so each item opens it.
    expect(incidents.find('[role="button"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="desk-alarms"]').text()).toContain('火情 · 一栋联防')
    expect(wrapper.find('[data-test="desk-visits"]').text()).toContain('独居老人')
    expect(wrapper.find('[data-test="desk-visits"]').text()).toContain('从未走访')
    const unit = wrapper.find('[data-test="unit-G001"]')
    expect(unit.text()).toContain('楼栋 12 · 户 310 · 居民 901')
    expect(wrapper.find('[data-test="today-patrols"]').text()).toContain('未巡查')
    await unit.trigger('click')
    // The map's page is a lazily loaded chunk: the navigation settles once it is compiled.
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/map?unit=u1'), { timeout: 10_000 })
  })

  it('should show empty sections and a retry when the desk fails', async () => {
    let fail = true
    const wrapper = await signedInHome({ ...ADMIN, roles: ['grid_worker'] }, {
      'GET /api/v1/grid-units/my-desk': () => (fail ? problem(503, 'upstream-unavailable') : json(200, { ...DESK, incidents: [], alarms: [], incidents_open: 0 })),
      'GET /api/v1/visits/overdue': () => json(200, []),
    })
    expect(wrapper.find('[data-test="desk-error"]').text()).toContain('服务暂时不可用，请稍后再试')
    fail = false
    await wrapper.find('[data-test="desk-error"] button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="desk-incidents"]').text()).toContain('暂无待办事件')
    expect(wrapper.find('[data-test="desk-alarms"]').text()).toContain('暂无待响应的警情')
    expect(wrapper.find('[data-test="desk-visits"]').text()).toContain('暂无到期的走访')
  })

  it('should welcome a resident with their translated roles', async () => {
    const wrapper = await signedInHome({ ...ADMIN, roles: ['resident', 'volunteer'] }, {})
    expect(wrapper.find('[data-test="welcome"]').text()).toContain('居民')
    expect(wrapper.find('[data-test="welcome"]').text()).toContain('志愿者')
  })

  it('should show the translated problem when the summary fails', async () => {
    const wrapper = await signedInHome(ADMIN, {
      'GET /api/v1/organisations/summary': () => problem(503, 'upstream-unavailable'),
      'GET /api/v1/grid-units/summary': () => json(200, GRID),
    })
    expect(wrapper.find('[role="alert"]').text()).toContain('服务暂时不可用，请稍后再试')
  })
})
