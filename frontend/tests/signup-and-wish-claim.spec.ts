import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { setTransport } from '@/api'
import ForgotPasswordPage from '@/features/signup/pages/ForgotPasswordPage.vue'
import WishClaimPage from '@/features/wishClaim/pages/WishClaimPage.vue'
import { i18n, setLocale } from '@/locales'
import LoginPage from '@/pages/login.vue'
import { createAppRouter } from '@/router'
import { fakeTransport, json, problem, TOKENS } from './fake-transport'

const RESIDENT = { id: 'p1', username: 'p-0a1b2c3d4e', display_name: '王小明', roles: ['volunteer'], scopes: [], phone: '139****5678', member_pending: false }
const WISH = {
  id: 'w1',
  community_id: 'c1',
  grid_unit_id: 'g1',
  grid_label: '第一网格',
  title: '想要一台收音机',
  description: '张奶奶想听戏曲。',
  category: 'material',
  urgency: 'normal',
  estimated_value_yuan: 80,
  photo_url: null,
  beneficiary: '张奶奶',
  claim_rule: 'anyone',
  state: 'open',
  claimer_type: null,
  published_at: '2026-12-01T08:00:00Z',
  claim_url: 'http://x/w/w1',
  qr_url: 'http://x/qr',
}

async function mountAt(component: object, routes: Parameters<typeof fakeTransport>[0], path: string, props: Record<string, unknown> = {}) {
  const fake = fakeTransport(routes)
  setTransport(fake.transport, 'http://weimin.test')
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  const wrapper = mount(component, { props, global: { plugins: [pinia, router, i18n] } })
  await flushPromises()
  return { wrapper, router, fake }
}

describe('sign-in with a code and registration', () => {
  beforeEach(() => {
    setLocale('zh-CN')
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
  })
  afterEach(() => vi.useRealTimers())

  it('should send a code, count down 60 s and register, then return to the wish', async () => {
    const bodies: unknown[] = []
    const { wrapper, router } = await mountAt(LoginPage, {
      'POST /api/v1/auth/phone-codes': (seen) => {
        bodies.push(seen.body)
        return json(202, { expires_in: 300, resend_in: 60 })
      },
      'POST /api/v1/auth/register': (seen) => {
        bodies.push(seen.body)
        return json(201, { ...TOKENS, account_id: 'p1', roles: ['volunteer'], member: null })
      },
      'GET /api/v1/accounts/me': () => json(200, RESIDENT),
    }, '/login?tab=register&redirect=/w/w1')

    expect(wrapper.find('[data-test="register-form"]').exists()).toBe(true)
    await wrapper.find('input[name="phone"]').setValue('139 1234 5678')
    await wrapper.find('[data-test="send-code"]').trigger('click')
    await flushPromises()
    expect(bodies[0]).toEqual({ phone: '139 1234 5678', purpose: 'register' })
    expect(wrapper.find('[data-test="send-code"]').text()).toBe('60 秒后重发')
    vi.advanceTimersByTime(60_000)
    await flushPromises()
    expect(wrapper.find('[data-test="send-code"]').text()).toBe('获取验证码')

    await wrapper.find('input[name="code"]').setValue('123456')
    await wrapper.find('input[name="display_name"]').setValue('王小明')
    await wrapper.find('[data-test="role-volunteer"]').trigger('click')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(bodies[1]).toEqual({ phone: '139 1234 5678', code: '123456', display_name: '王小明', role: 'volunteer' })
    expect(router.currentRoute.value.fullPath).toBe('/w/w1')
  })

  it('should show a refused code on the code field, and a refused number on the number field', async () => {
    const { wrapper } = await mountAt(LoginPage, {
      'POST /api/v1/auth/phone-codes': () => problem(422, 'validation-failed', { errors: [{ field: 'body.phone', reason: '请输入 11 位中国大陆手机号（以 13 至 19 开头）', code: 'invalid-phone' }] }),
      'POST /api/v1/auth/phone-login': () => problem(401, 'invalid-phone-code', { errors: [{ field: 'body.code', reason: '验证码错误、已过期、已使用或尝试次数过多', code: 'invalid-phone-code' }] }),
    }, '/login?tab=code')

    await wrapper.find('input[name="phone"]').setValue('12345678901')
    await wrapper.find('[data-test="send-code"]').trigger('click')
    await flushPromises()
    expect(wrapper.text()).toContain('请输入 11 位中国大陆手机号')

    await wrapper.find('input[name="phone"]').setValue('13912345678')
    await wrapper.find('[data-test="send-code"]').trigger('click')
    await flushPromises()
    expect(wrapper.text()).toContain('以 13 至 19 开头')
    await wrapper.find('input[name="code"]').setValue('000000')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).toContain('验证码错误、已过期')
  })
})

describe('the wish QR landing', () => {
  beforeEach(() => setLocale('zh-CN'))

  it('should show the wish and send a signed-out person to register, coming back here', async () => {
    const { wrapper, router } = await mountAt(WishClaimPage, {
      'GET /api/v1/wall/wishes/w1': () => json(200, WISH),
    }, '/w/w1', { wishId: 'w1' })
    expect(wrapper.find('[data-test="wish-title"]').text()).toBe('想要一台收音机')
    expect(wrapper.text()).toContain('张奶奶')
    await wrapper.find('[data-test="register-to-claim"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query).toEqual({ redirect: '/w/w1', tab: 'register' })
  })

  it('should say so when the wish is not on the wall', async () => {
    const { wrapper } = await mountAt(WishClaimPage, {
      'GET /api/v1/wall/wishes/w9': () => problem(404, 'wish-not-found'),
    }, '/w/w9', { wishId: 'w9' })
    expect(wrapper.find('[data-test="wish-error"]').text()).toContain('这个心愿不存在或已下架')
  })
})

describe('password reset by code', () => {
  beforeEach(() => setLocale('en-US'))
  afterEach(() => setLocale('zh-CN'))

  it('should show the policy reasons on the new password and then say it is done', async () => {
    let tries = 0
    const { wrapper } = await mountAt(ForgotPasswordPage, {
      'POST /api/v1/auth/phone-codes': () => json(202, { expires_in: 300, resend_in: 60 }),
      'POST /api/v1/auth/password-reset': () => {
        tries += 1
        return tries === 1
          ? problem(422, 'password-policy', { errors: [{ field: 'body.new_password', reason: 'must be at least 12 characters long', code: 'too-short' }] })
          : new Response(null, { status: 204 })
      },
    }, '/forgot-password')
    await wrapper.find('input[name="phone"]').setValue('13912345678')
    await wrapper.find('[data-test="send-code"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="send-code"]').text()).toBe('Resend in 60 s')
    await wrapper.find('input[name="code"]').setValue('123456')
    await wrapper.find('input[name="new_password"]').setValue('short')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).toContain('must be at least 12 characters long')
    await wrapper.find('input[name="new_password"]').setValue('Lantern-Harbour-2026!')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test="reset-done"]').text()).toContain('Password reset')
  })
})
