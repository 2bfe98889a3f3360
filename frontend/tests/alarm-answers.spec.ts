import type { Alarm } from '@/features/alarms/types'
import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import AlarmCard from '@/features/alarms/components/AlarmCard.vue'
import { i18n, setLocale } from '@/locales'

const ALARM: Alarm = {
  id: 'alarm-1',
  group_id: 'group-1',
  raised_by: 'member-0',
  kind: 'intrusion',
  note: null,
  state: 'answered',
  raised_at: '2026-03-02T08:00:00Z',
  answer_due_at: '2026-03-02T08:05:00Z',
  escalated_at: null,
  notices: [],
  responses: [
    { responder: 'member-2', responder_name: '李阿姨', answer: 'received', at: '2026-03-02T08:01:00Z' },
    { responder: 'member-3', responder_name: null, answer: 'received', at: '2026-03-02T08:02:00Z' },
    { responder: 'worker-1', responder_name: '网格员小王', answer: 'on_my_way', at: '2026-03-02T08:03:00Z' },
  ],
}

function card(alarm: Alarm) {
  return mount(AlarmCard, {
    props: { alarm, me: 'worker-1', myAnswers: ['on_my_way'], busy: false },
    global: { plugins: [i18n] },
  })
}

function lines(wrapper: ReturnType<typeof card>): string[] {
  return wrapper.findAll('[data-test="alarm-response"]').map(line => line.text().replace(/\s+/g, ' '))
}

describe('an alarm\'s answers', () => {
  afterEach(() => setLocale('zh-CN', { persist: false }))

  it('should list who answered, what and when: me, a neighbour by name, or "a neighbour"', () => {
    setLocale('zh-CN', { persist: false })
    const wrapper = card(ALARM)

    // Times in Beijing time (UTC+8).
    expect(lines(wrapper)).toEqual([
      '李阿姨：收到 · 3/2 16:01',
      '邻居：收到 · 3/2 16:02',
      '我：马上到 · 3/2 16:03',
    ])
    expect(wrapper.find('[data-test="alarm-response"] time').attributes('datetime')).toBe('2026-03-02T08:01:00Z')
  })

  it('should say the same in English', () => {
    setLocale('en-US', { persist: false })
    const wrapper = card(ALARM)

    expect(lines(wrapper)).toEqual([
      '李阿姨: Received · 3/2, 16:01',
      'A neighbour: Received · 3/2, 16:02',
      'Me: On my way · 3/2, 16:03',
    ])
  })

  it('should say nobody has answered yet when no one has', () => {
    const wrapper = card({ ...ALARM, state: 'open', responses: [] })

    expect(wrapper.findAll('[data-test="alarm-response"]')).toHaveLength(0)
    expect(wrapper.get('[data-test="alarm-responses"]').text()).toBe('暂无人响应')
  })
})
