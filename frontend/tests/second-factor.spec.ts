import type { Seen } from './fake-transport'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import AccountPage from '@/features/account/pages/AccountPage.vue'
import SecondFactorPage from '@/features/secondFactor/pages/SecondFactorPage.vue'
import { groupSecret, svgImageUrl } from '@/features/secondFactor/qr'
import { setLocale } from '@/locales'
import MePage from '@/pages/me.vue'
import { useAuthStore } from '@/stores/auth'
import { json, problem, TOKENS } from './fake-transport'
import { mountSignedIn } from './signed-in-page'

const STATUS = '/api/v1/accounts/me/second-factor'
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const QR = '<svg width="164" height="164" class="segno"><path transform="scale(4)" stroke="#000" d="M4 4.5h7"/></svg>'
const ENROLMENT = { secret: SECRET, otpauth_uri: `otpauth://totp/Weimin:grid001?secret=${SECRET}&issuer=Weimin`, qr_svg: QR }
const CODES = ['abcde-fghjk', 'mnpqr-stvwx', 'yz234-56789']
const NEW_TOKENS = { ...TOKENS, access_token: 'access-2', refresh_token: 'refresh-2' }

function worker(routes: Record<string, (seen: Seen) => Response>) {
  return mountSignedIn(SecondFactorPage, '/account/second-factor', routes, { username: 'grid001', roles: ['grid_worker'] })
}

const off = { [`GET ${STATUS}`]: () => json(200, { enabled: false, required: true }) }

async function startEnrolment(wrapper: Awaited<ReturnType<typeof worker>>['wrapper']) {
  await wrapper.find('[data-test="second-factor-start"]').trigger('click')
  await flushPromises()
}

async function confirmWith(wrapper: Awaited<ReturnType<typeof worker>>['wrapper'], code: string) {
  await wrapper.find('[data-test="second-factor-code"] input').setValue(code)
  await wrapper.find('[data-test="second-factor-enrolment"]').trigger('submit')
  await flushPromises()
}

describe('two-step sign-in screen', () => {
  beforeEach(() => setLocale('zh-CN'))
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('should say the factor is off and that the role requires it', async () => {
    const { wrapper } = await worker(off)
    const status = wrapper.find('[data-test="second-factor-status"]').text()
    expect(status).toContain('未开启')
    expect(status).toContain('您的角色要求开启二次验证')
    expect(wrapper.find('[data-test="second-factor-start"]').exists()).toBe(true)
  })

  it('should say the factor is on, and offer no second enrolment', async () => {
    const { wrapper } = await worker({ [`GET ${STATUS}`]: () => json(200, { enabled: true, required: false }) })
    expect(wrapper.find('[data-test="second-factor-status"]').text()).toContain('已开启')
    expect(wrapper.find('[data-test="second-factor-status"]').text()).not.toContain('您的角色')
    expect(wrapper.find('[data-test="second-factor-start"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="second-factor-on-note"]').exists()).toBe(true)
  })

  it('should tell a failed read and read again on retry', async () => {
    let calls = 0
    const { wrapper } = await worker({
      [`GET ${STATUS}`]: () => (++calls === 1 ? problem(503, 'service-unavailable') : json(200, { enabled: false, required: true })),
    })
    expect(wrapper.find('[data-test="second-factor-load-error"]').text()).toContain('无法读取二次验证状态：')
    await wrapper.find('[data-test="second-factor-load-error"] button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="second-factor-status"]').text()).toContain('未开启')
  })

  it('should show the QR code as an image and the secret in groups to type in', async () => {
    const { wrapper, seen } = await worker({ ...off, [`POST ${STATUS}`]: () => json(201, ENROLMENT) })
    await startEnrolment(wrapper)

    expect(seen.at(-1)).toMatchObject({ method: 'POST', path: STATUS })
    const qr = wrapper.find('[data-test="second-factor-qr"]')
    expect(qr.element.tagName).toBe('IMG')
    expect(qr.attributes('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,/)
    expect(decodeURIComponent(qr.attributes('src')!)).toContain('xmlns="http://www.w3.org/2000/svg"')
    // The server's text never becomes markup in the page.
    expect(wrapper.find('svg.segno').exists()).toBe(false)
    expect(wrapper.find('[data-test="second-factor-secret"]').text()).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')
    const input = wrapper.find('[data-test="second-factor-code"] input')
    expect(input.attributes('inputmode')).toBe('numeric')
    expect(input.attributes('autocomplete')).toBe('one-time-code')

    const writeText = vi.fn().mockResolvedValue(undefined)
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    await wrapper.find('[data-test="second-factor-copy-secret"]').trigger('click')
    expect(writeText).toHaveBeenCalledWith(SECRET)
  })

  it('should show the server\'s refusal of a wrong code on the code field', async () => {
    const { wrapper, seen } = await worker({
      ...off,
      [`POST ${STATUS}`]: () => json(201, ENROLMENT),
      [`POST ${STATUS}/confirm`]: () => problem(422, 'second-factor-code-wrong', {
        errors: [{ field: 'body.code', reason: 'does not match', code: 'wrong' }],
      }),
    })
    await startEnrolment(wrapper)

    await confirmWith(wrapper, '12')
    expect(wrapper.find('[data-test="second-factor-code"]').text()).toContain('请输入 6 位数字验证码')
    expect(seen.filter(s => s.path.endsWith('/confirm'))).toHaveLength(0)

    await confirmWith(wrapper, '000000')
    expect(seen.at(-1)).toMatchObject({ path: `${STATUS}/confirm`, body: { code: '000000' } })
    expect(wrapper.find('[data-test="second-factor-code"]').text()).toContain('验证码与身份验证器的密钥不符')
    expect(wrapper.find('[data-test="second-factor-recovery"]').exists()).toBe(false)
    expect(useAuthStore().accessToken).toBe('access-1')
    setLocale('en-US')
    await flushPromises()
    expect(wrapper.find('[data-test="second-factor-code"]').text()).toContain('The code does not match the authenticator\'s secret')
  })

  it('should show the recovery codes once, replace the tokens, and finish as on', async () => {
    const { wrapper, seen } = await worker({
      ...off,
      [`POST ${STATUS}`]: () => json(201, ENROLMENT),
      [`POST ${STATUS}/confirm`]: () => json(200, { recovery_codes: CODES, tokens: NEW_TOKENS }, { 'Cache-Control': 'no-store' }),
    })
    await startEnrolment(wrapper)
    await confirmWith(wrapper, '123456')

    expect(seen.at(-1)).toMatchObject({ path: `${STATUS}/confirm`, body: { code: '123456' }, authorization: 'Bearer access-1' })
    expect(useAuthStore().accessToken).toBe('access-2')
    const recovery = wrapper.find('[data-test="second-factor-recovery"]')
    expect(recovery.findAll('[data-test="second-factor-recovery-codes"] li').map(li => li.text())).toEqual(CODES)
    expect(recovery.find('[data-test="second-factor-recovery-warning"]').text()).toContain('只显示这一次')
    expect(wrapper.find('[data-test="second-factor-status"]').text()).toContain('已开启')
    // The secret is gone from the screen once confirmed.
    expect(wrapper.html()).not.toContain(SECRET)

    const writeText = vi.fn().mockResolvedValue(undefined)
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    await wrapper.find('[data-test="second-factor-copy-codes"]').trigger('click')
    expect(writeText).toHaveBeenCalledWith(CODES.join('\n'))
    const files: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      files.push(blob as Blob)
      return 'blob:codes'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    await wrapper.find('[data-test="second-factor-download-codes"]').trigger('click')
    expect(await files[0]!.text()).toContain(CODES.join('\n'))

    await wrapper.find('[data-test="second-factor-done"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="second-factor-recovery"]').exists()).toBe(false)
    expect(wrapper.html()).not.toContain(CODES[0])
    expect(wrapper.find('[data-test="second-factor-on-note"]').exists()).toBe(true)
  })
})

describe('the QR image and the secret\'s groups', () => {
  it('should give an inline SVG a namespace and a viewBox, and refuse what is not an SVG', () => {
    const url = svgImageUrl(QR)!
    const svg = decodeURIComponent(url.slice(url.indexOf(',') + 1))
    expect(svg).toMatch(/^<svg width="164" height="164" class="segno" xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 164 164">/)
    expect(svg.endsWith('</svg>')).toBe(true)
    const already = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"></svg>'
    expect(decodeURIComponent(svgImageUrl(already)!.split(',')[1]!)).toBe(already)
    expect(svgImageUrl('<script>alert(1)</script>')).toBeNull()
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ')
  })
})

describe('the way to the two-step sign-in screen', () => {
  beforeEach(() => setLocale('zh-CN'))

  it('should be linked from Me and from the account screen', async () => {
    for (const [page, path] of [[MePage, '/me'], [AccountPage, '/account']] as const) {
      const { wrapper } = await mountSignedIn(page, path, {}, { roles: ['grid_worker'] })
      const link = wrapper.find('[data-test="second-factor-link"]')
      expect(link.text()).toContain('二次验证')
      await link.trigger('click')
      await vi.waitFor(() => expect(wrapper.vm.$router.currentRoute.value.name).toBe('second-factor'))
    }
  })
})
