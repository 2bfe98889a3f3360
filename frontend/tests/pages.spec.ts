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

  it('should show the city overview counts to an admin', async () => {
    const wrapper = await signedInHome(ADMIN, {
      'GET /api/v1/organisations/summary': () => json(200, ORG),
      'GET /api/v1/grid-units/summary': () => json(200, GRID),
    })
    const values = wrapper.find('[data-test="overview"]').findAll('.counts__value').map(v => v.text())
    expect(values).toEqual(['2', '31', '143', '427', '1,707'])
  })

  it('should show a grid worker only their grid counts', async () => {
    const wrapper = await signedInHome({ ...ADMIN, roles: ['grid_worker'] }, {
      'GET /api/v1/grid-units/summary': () => json(200, { grid_units: 3, buildings: 12, households: 310, residents: 901 }),
    })
    expect(wrapper.find('[data-test="overview"]').exists()).toBe(false)
    const values = wrapper.find('[data-test="my-grid"]').findAll('.counts__value').map(v => v.text())
    expect(values).toEqual(['3', '12', '310', '901'])
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
