import type { Seen } from './fake-transport'
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import { apiTime, timeParts } from '@/features/notifications/composables/usePreferences'
import NotificationSettingsPage from '@/features/notifications/pages/NotificationSettingsPage.vue'
import { setLocale } from '@/locales'
import { json, problem } from './fake-transport'
import { mountSignedIn } from './signed-in-page'

const DEFAULTS = {
  language: 'zh-CN',
  channels: { web_push: 'all', wecom: 'all', dingtalk: 'all', wechat_oa: 'all', sms: 'urgent' },
  quiet_start: '18:00:00',
  quiet_end: '08:30:00',
  available_channels: ['sms', 'wecom'],
  saved: false,
}
const CONTACT = { id: 'c1', subject: 'acc', channel: 'sms', address: '138****5678', label: '工作手机', created_at: '2026-03-01T08:00:00Z' }

/** The PUT answers with the defaults changed as asked, as the service does. */
function preferencesRoutes(contacts: unknown[] = [CONTACT]) {
  return {
    'GET /api/v1/notification-preferences/me': () => json(200, DEFAULTS),
    'PUT /api/v1/notification-preferences/me': (seen: Seen) => {
      const body = seen.body as Record<string, unknown>
      const channels = { ...DEFAULTS.channels, ...(body.channels as object) }
      const quiet = body.never_quiet ? { quiet_start: null, quiet_end: null } : { quiet_start: body.quiet_start ?? DEFAULTS.quiet_start, quiet_end: body.quiet_end ?? DEFAULTS.quiet_end }
      return json(200, { ...DEFAULTS, ...quiet, language: body.language ?? DEFAULTS.language, channels, saved: true })
    },
    'GET /api/v1/notification-contacts': () => json(200, contacts),
  }
}

const puts = (seen: Seen[]) => seen.filter(s => s.method === 'PUT').map(s => s.body)

describe('notification settings page', () => {
  beforeEach(() => setLocale('zh-CN'))

  it('should offer the modes of the channels this place has, and show the others as not available', async () => {
    const { wrapper } = await mountSignedIn(NotificationSettingsPage, '/me/notifications', preferencesRoutes())
    expect(wrapper.get('[data-test="always-note"]').text()).toContain('报警总会送达（包括短信）')
    expect(wrapper.find('[data-test="defaults-note"]').exists()).toBe(true)
    const sms = wrapper.get('[data-test="channel-sms"]')
    expect(sms.attributes('data-available')).toBe('yes')
    expect(sms.find('.van-radio__icon--disabled').exists()).toBe(false)
    const dingtalk = wrapper.get('[data-test="channel-dingtalk"]')
    expect(dingtalk.attributes('data-available')).toBe('no')
    expect(dingtalk.text()).toContain('未开通')
    expect(dingtalk.findAll('.van-radio__icon--disabled')).toHaveLength(3)
    expect(wrapper.find('[data-test="browser-push-slot"]').exists()).toBe(true)
  })

  it('should send only the channel changed, and the language', async () => {
    const { wrapper, seen } = await mountSignedIn(NotificationSettingsPage, '/me/notifications', preferencesRoutes())
    await wrapper.get('[data-test="mode-wecom-urgent"]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-test="language-en"]').trigger('click')
    await flushPromises()
    expect(puts(seen)).toEqual([
      { never_quiet: false, channels: { wecom: 'urgent' } },
      { never_quiet: false, language: 'en' },
    ])
    expect(wrapper.find('[data-test="defaults-note"]').exists()).toBe(false)
  })

  it('should turn quiet hours off with never_quiet and back on with both times', async () => {
    const { wrapper, seen } = await mountSignedIn(NotificationSettingsPage, '/me/notifications', preferencesRoutes())
    expect(wrapper.get('[data-test="quiet-start"]').text()).toContain('18:00')
    await wrapper.get('[data-test="never-quiet"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="quiet-start"]').exists()).toBe(false)
    await wrapper.get('[data-test="never-quiet"]').trigger('click')
    await flushPromises()
    expect(puts(seen)).toEqual([
      { never_quiet: true },
      { never_quiet: false, quiet_start: '22:00:00', quiet_end: '07:00:00' },
    ])
    expect(wrapper.get('[data-test="quiet-end"]').text()).toContain('07:00')
  })

  it('should show the service\'s reason under the address when it refuses a number', async () => {
    const refusal = problem(422, 'validation-failed', { errors: [{ field: 'address', reason: '不是有效的手机号', code: 'invalid' }] })
    const { wrapper, seen } = await mountSignedIn(NotificationSettingsPage, '/me/notifications', {
      ...preferencesRoutes([]),
      'POST /api/v1/notification-contacts': () => refusal,
    })
    expect(wrapper.find('[data-test="contacts-empty"]').exists()).toBe(true)
    await wrapper.get('[data-test="contact-address"] input').setValue('12345')
    await wrapper.get('[data-test="add-contact"]').trigger('submit')
    await flushPromises()
    expect(seen.find(s => s.method === 'POST' && s.path === '/api/v1/notification-contacts')?.body).toEqual({ channel: 'sms', address: '12345' })
    expect(wrapper.get('[data-test="contact-address"]').text()).toContain('不是有效的手机号')
  })

  it('should add a WeCom id and list it as the service masks it', async () => {
    const added = { ...CONTACT, id: 'c2', channel: 'wecom', address: 'zh****an', label: null }
    const { wrapper, seen } = await mountSignedIn(NotificationSettingsPage, '/me/notifications', {
      ...preferencesRoutes([]),
      'POST /api/v1/notification-contacts': () => json(201, added),
    })
    await wrapper.get('[data-test="contact-channel-wecom"]').trigger('click')
    await wrapper.get('[data-test="contact-address"] input').setValue(' zhangsan ')
    await wrapper.get('[data-test="add-contact"]').trigger('submit')
    await flushPromises()
    expect(seen.find(s => s.method === 'POST' && s.path === '/api/v1/notification-contacts')?.body).toEqual({ channel: 'wecom', address: 'zhangsan' })
    expect(wrapper.findAll('[data-test="contact"]').map(c => c.text())).toEqual([expect.stringContaining('zh****an')])
    expect((wrapper.get('[data-test="contact-address"] input').element as HTMLInputElement).value).toBe('')
  })

  it('should delete a contact only once confirmed', async () => {
    const { wrapper, seen } = await mountSignedIn(NotificationSettingsPage, '/me/notifications', {
      ...preferencesRoutes(),
      'DELETE /api/v1/notification-contacts/c1': () => new Response(null, { status: 204 }),
    })
    expect(wrapper.get('[data-test="contact"]').text()).toContain('138****5678')
    await wrapper.get('[data-test="contact-remove"]').trigger('click')
    await flushPromises()
    const confirm = document.querySelector<HTMLButtonElement>('.van-dialog__confirm')
    expect(confirm).not.toBeNull()
    confirm!.click()
    await flushPromises()
    expect(seen.some(s => s.method === 'DELETE' && s.path === '/api/v1/notification-contacts/c1')).toBe(true)
    expect(wrapper.find('[data-test="contact"]').exists()).toBe(false)
  })

  it('should show the error with a retry when the settings cannot be read', async () => {
    const { wrapper } = await mountSignedIn(NotificationSettingsPage, '/me/notifications', {
      'GET /api/v1/notification-preferences/me': () => problem(502, 'upstream-unavailable'),
      'GET /api/v1/notification-contacts': () => json(200, []),
    })
    expect(wrapper.get('[data-test="settings-error"]').text()).toContain('通知设置加载失败')
  })
})

describe('quiet hour times', () => {
  it('should turn the API\'s times into the pickers\' columns and back', () => {
    expect(timeParts('18:00:00')).toEqual(['18', '00'])
    expect(timeParts('7:5')).toEqual(['07', '05'])
    expect(apiTime(['08', '30'])).toBe('08:30:00')
  })
})
