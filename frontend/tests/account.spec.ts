import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { setTransport } from '@/api'
import AccountPage from '@/features/account/pages/AccountPage.vue'
import { i18n, setLocale } from '@/locales'
import LoginPage from '@/pages/login.vue'
import { createAppRouter } from '@/router'
import { useAuthStore } from '@/stores/auth'
import { fakeTransport, json, problem, TOKENS } from './fake-transport'

const WORKER = { id: 'w1', username: 'grid001', display_name: '文献社区第1网格网格员', roles: ['grid_worker'], scopes: [] }

async function mountPage(component: object, routes: Parameters<typeof fakeTransport>[0], path: string) {
  const fake = fakeTransport({
    'POST /api/v1/auth/login': () => json(200, TOKENS),
    'GET /api/v1/accounts/me': () => json(200, WORKER),
    ...routes,
  })
  setTransport(fake.transport, 'http://weimin.test')
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  if (path !== '/login')
    await useAuthStore().login('grid001', 'x')
  await router.push(path)
  const wrapper = mount(component, { global: { plugins: [pinia, router, i18n] } })
  await flushPromises()
  return { wrapper, router, seen: fake.seen }
}

async function fillPassword(wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper'], next: string) {
  await wrapper.find('[data-test="current-password"] input').setValue('Old-Password-1')
  await wrapper.find('[data-test="new-password"] input').setValue(next)
  await wrapper.find('[data-test="confirm-password"] input').setValue(next)
  await wrapper.find('[data-test="password-form"]').trigger('submit')
  await flushPromises()
}

describe('account page', () => {
  beforeEach(() => setLocale('zh-CN'))

  it('should show each password rule the server refused beside the new password', async () => {
    const { wrapper, seen } = await mountPage(AccountPage, {
      'POST /api/v1/accounts/me/password': () => problem(422, 'password-policy', {
        errors: [
          { field: 'body.new_password', reason: 'must be at least 12 characters long', code: 'too-short' },
          { field: 'body.new_password', reason: 'must not contain the username', code: 'contains-username' },
        ],
      }),
    }, '/account')

    await fillPassword(wrapper, 'grid001')

    expect(seen.at(-1)).toMatchObject({ path: '/api/v1/accounts/me/password', body: { current_password: 'Old-Password-1', new_password: 'grid001' } })
    const field = wrapper.find('[data-test="new-password"]').text()
    expect(field).toContain('新密码至少需要 12 个字符；新密码不能包含用户名')
    setLocale('en-US')
    await flushPromises()
    expect(wrapper.find('[data-test="new-password"]').text()).toContain('The new password needs at least 12 characters; The new password must not contain your username')
  })

  it('should tell a wrong current password on its own field and refuse mismatched confirmations', async () => {
    const { wrapper, seen } = await mountPage(AccountPage, {
      'POST /api/v1/accounts/me/password': () => problem(422, 'current-password-incorrect', {
        errors: [{ field: 'body.current_password', reason: 'is wrong', code: 'wrong' }],
      }),
    }, '/account')

    await fillPassword(wrapper, 'Brand-New-Passw0rd')
    expect(wrapper.find('[data-test="current-password"]').text()).toContain('当前密码不正确')

    const before = seen.length
    await wrapper.find('[data-test="confirm-password"] input').setValue('something else')
    await wrapper.find('[data-test="password-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).toContain('两次输入的新密码不一致')
    expect(seen.length).toBe(before)
  })

  it('should sign out everywhere, tell the listeners and go to the login page', async () => {
    document.body.innerHTML = ''
    const signedOut = vi.fn()
    const { wrapper, router, seen } = await mountPage(AccountPage, {
      'POST /api/v1/accounts/me/sessions/revoke': () => new Response(null, { status: 204 }),
    }, '/account')
    useAuthStore().onSignedOut(signedOut)

    await wrapper.find('[data-test="sign-out-everywhere"]').trigger('click')
    await flushPromises()
    const confirm = document.querySelector<HTMLButtonElement>('.van-dialog__confirm')
    expect(confirm).not.toBeNull()
    confirm!.click()
    await flushPromises()
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'))

    expect(seen.at(-1)).toMatchObject({ path: '/api/v1/accounts/me/sessions/revoke', authorization: 'Bearer access-1' })
    expect(signedOut).toHaveBeenCalledExactlyOnceWith('signed-out-everywhere')
    expect(useAuthStore().isAuthenticated).toBe(false)
  })
})

describe('demo hint on the login page', () => {
  beforeEach(() => setLocale('zh-CN'))

  it('should name the grid worker to try when the platform runs the demo city', async () => {
    const { wrapper } = await mountPage(LoginPage, {
      'GET /api/v1/auth/hints': () => json(200, { demo_city: true, demo_grid_worker: 'grid001' }),
    }, '/login')
    await flushPromises()
    expect(wrapper.find('[data-test="demo-hint"]').text()).toContain('grid001')
  })

  it('should show nothing on a real platform', async () => {
    const { wrapper } = await mountPage(LoginPage, {
      'GET /api/v1/auth/hints': () => json(200, { demo_city: false, demo_grid_worker: null }),
    }, '/login')
    await flushPromises()
    expect(wrapper.find('[data-test="demo-hint"]').exists()).toBe(false)
  })
})
