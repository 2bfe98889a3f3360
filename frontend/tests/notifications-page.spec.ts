import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import NotificationsPage from '@/features/notifications/pages/NotificationsPage.vue'
import { useNoticesStore } from '@/features/notifications/store'
import { setLocale } from '@/locales'
import { json, problem } from './fake-transport'
import { mountSignedIn } from './signed-in-page'

function notice(id: string, read = false) {
  return { id, kind: 'incident.updated', title: `标题 ${id}`, body: `内容 ${id}`, link: null, urgent: false, data: {}, created_at: '2026-03-02T08:00:00Z', read_at: read ? '2026-03-02T09:00:00Z' : null }
}

const BASE_ROUTES = {
  'GET /api/v1/notifications/unread-count': () => json(200, { unread: 1 }),
  'GET /api/v1/incident-notifications': () => json(200, { items: [], next_cursor: null }),
}

describe('notifications page, the inbox tab', () => {
  beforeEach(() => setLocale('zh-CN'))

  it('should open on the inbox, list it newest first, and mark all read', async () => {
    const { wrapper, seen } = await mountSignedIn(NotificationsPage, '/notifications', {
      ...BASE_ROUTES,
      'GET /api/v1/notifications': () => json(200, { items: [notice('n2'), notice('n1', true)], next_cursor: null }),
      'POST /api/v1/notifications/read-all': () => json(200, { marked: 1 }),
    })
    expect(wrapper.get('.van-tab--active').text()).toContain('全部通知')
    expect(wrapper.findAll('[data-test="feed-notice"]').map(n => n.attributes('data-read'))).toEqual(['no', 'yes'])
    await wrapper.get('[data-test="mark-all-read"]').trigger('click')
    await flushPromises()
    expect(seen.some(s => s.method === 'POST' && s.path === '/api/v1/notifications/read-all')).toBe(true)
    expect(wrapper.findAll('[data-test="feed-notice"]').map(n => n.attributes('data-read'))).toEqual(['yes', 'yes'])
    expect(wrapper.get('[data-test="mark-all-read"]').attributes('disabled')).toBeDefined()
  })

  it('should show a notice that arrives live at the top', async () => {
    const { wrapper } = await mountSignedIn(NotificationsPage, '/notifications', {
      ...BASE_ROUTES,
      'GET /api/v1/notifications': () => json(200, { items: [], next_cursor: null }),
    })
    expect(wrapper.find('[data-test="feed-empty"]').exists()).toBe(true)
    useNoticesStore().receive({ event: 'notification', data: JSON.stringify(notice('live')) })
    await flushPromises()
    expect(wrapper.get('[data-test="feed-notice"]').text()).toContain('标题 live')
  })

  it('should ask for unread only, and mark one read when it is opened', async () => {
    const { wrapper, seen } = await mountSignedIn(NotificationsPage, '/notifications', {
      ...BASE_ROUTES,
      'GET /api/v1/notifications': s => json(200, { items: s.query.get('unread') === 'true' ? [notice('n2')] : [notice('n2'), notice('n1', true)], next_cursor: null }),
      'POST /api/v1/notifications/n2/read': () => json(200, notice('n2', true)),
    })
    await wrapper.get('[data-test="feed-unread-only"]').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('[data-test="feed-notice"]')).toHaveLength(1)
    await wrapper.get('[data-test="feed-notice"]').trigger('click')
    await flushPromises()
    expect(seen.filter(s => s.path === '/api/v1/notifications/n2/read')).toHaveLength(1)
    expect(wrapper.get('[data-test="feed-notice"]').attributes('data-read')).toBe('yes')
  })

  it('should show the error with a retry when the inbox cannot be read', async () => {
    const { wrapper } = await mountSignedIn(NotificationsPage, '/notifications', {
      ...BASE_ROUTES,
      'GET /api/v1/notifications': () => problem(502, 'upstream-unavailable'),
    })
    expect(wrapper.get('[data-test="feed-error"]').text()).toContain('消息加载失败')
  })
})
