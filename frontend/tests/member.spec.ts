import type { Seen } from './fake-transport'
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import MemberPage from '@/features/member/pages/MemberPage.vue'
import { setLocale } from '@/locales'
import { json, problem } from './fake-transport'
import { mountSignedIn } from './signed-in-page'

function report(over: Record<string, unknown> = {}) {
  return {
    id: 'r1',
    member_id: 'm1',
    person_id: 'p1',
    street_id: 's1',
    community_id: 'c1',
    reported_on: '2026-12-07',
    pledges: [{ area: 'environment', description: '每月清理一次楼道', hours_per_month: 4 }],
    services_done: 3,
    service_minutes: 250,
    services_unreported: 1,
    created_at: '2026-12-07T01:00:00Z',
    ...over,
  }
}

async function openPage(routes: Record<string, (seen: Seen) => Response>) {
  setLocale('zh-CN')
  return mountSignedIn(MemberPage, '/member', routes, { username: 'member01', roles: ['member'] })
}

describe('the member\'s page', () => {
  it('should report to the home community with the pledges given, then show the report', async () => {
    let reported: ReturnType<typeof report> | null = null
    const { wrapper, seen } = await openPage({
      'GET /api/v1/member-reports': () => json(200, { items: reported ? [reported] : [], next_cursor: null }),
      'GET /api/v1/party-members': () => json(200, { items: [{ id: 'm1' }], next_cursor: null }),
      'POST /api/v1/member-reports': ({ body }) => {
        reported = report({ pledges: (body as { pledges: unknown[] }).pledges, services_done: 0, service_minutes: 0, services_unreported: 0 })
        return json(201, reported)
      },
    })
    expect(wrapper.text()).toContain('你还没有向居住地社区报到')
    await wrapper.find('select').setValue('environment')
    await wrapper.find('input[type="text"], textarea').setValue('  每月清理一次楼道  ')
    await wrapper.find('form').trigger('submit')
    await flushPromises()

    const sent = seen.find(s => s.method === 'POST' && s.path === '/api/v1/member-reports')
    expect(sent?.body).toMatchObject({
      member_id: 'm1',
      pledges: [{ area: 'environment', description: '每月清理一次楼道', hours_per_month: 4 }],
    })
    expect((sent?.body as { reported_on: string }).reported_on).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(wrapper.find('[data-test="member-report"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('每月清理一次楼道')
  })

  it('should show a refused pledge\'s reason under its own field', async () => {
    const { wrapper } = await openPage({
      'GET /api/v1/member-reports': () => json(200, { items: [], next_cursor: null }),
      'GET /api/v1/party-members': () => json(200, { items: [{ id: 'm1' }], next_cursor: null }),
      'POST /api/v1/member-reports': () => problem(422, 'invalid-input', {
        errors: [{ field: 'body.pledges.0.description', reason: '不能为空', code: 'invalid-input' }],
      }),
    })
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('.van-field__error-message').text()).toBe('不能为空')
    expect(wrapper.find('.member__problem').exists()).toBe(false)
    expect(wrapper.find('[data-test="member-report"]').exists()).toBe(true)
  })

  it('should show the services done and their hours once reported', async () => {
    const { wrapper } = await openPage({
      'GET /api/v1/member-reports': () => json(200, { items: [report()], next_cursor: null }),
      'GET /api/v1/member-reports/r1/services': () => json(200, {
        items: [
          { id: 'x1', report_id: 'r1', wish_id: 'w1', claim_id: 'c1', community_id: 'c1', claimer_type: 'member', minutes: 90, fulfilled_at: '2026-12-06T02:00:00Z' },
          { id: 'x2', report_id: 'r1', wish_id: 'w2', claim_id: 'c2', community_id: 'c1', claimer_type: 'member', minutes: null, fulfilled_at: '2026-12-05T02:00:00Z' },
        ],
        next_cursor: null,
      }),
    })
    const counts = wrapper.findAll('.member__count').map(c => c.text())
    // 250 minutes are 4.2 hours.
    expect(counts).toEqual(['3 次', '4.2 小时', '1 次'])
    const services = wrapper.findAll('.member__services .van-cell__value').map(v => v.text())
    expect(services).toEqual(['90 分钟', '未报时长'])
  })

  it('should say so when the account has no party-member record', async () => {
    const { wrapper } = await openPage({
      'GET /api/v1/member-reports': () => json(200, { items: [], next_cursor: null }),
      'GET /api/v1/party-members': () => json(200, { items: [], next_cursor: null }),
    })
    expect(wrapper.find('[data-test="member-unknown"]').exists()).toBe(true)
    expect(wrapper.find('form').exists()).toBe(false)
  })
})
