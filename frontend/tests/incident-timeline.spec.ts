import { describe, expect, it } from 'vitest'
import { actorOf } from '@/features/incidents/timeline'
import { i18n, setLocale } from '@/locales'

const line = (over: { actor?: string, actor_name?: string | null, action?: string } = {}) => ({ actor: 'acc-2', actor_name: null, action: 'accept', ...over })

describe('who acted on an incident timeline line', () => {
  it('should name the staff member, say "me" for my own lines, and never show an account id', () => {
    setLocale('zh-CN')
    const text = (step: ReturnType<typeof line>, me = 'acc-1') => {
      const { key, name } = actorOf(step, me)
      return i18n.global.t(key, { name })
    }
    expect(text(line({ actor_name: '网格员杨松' }))).toBe('网格员杨松')
    expect(text(line({ actor: 'acc-1', actor_name: '网格员杨松' }))).toBe('我')
    expect(text(line({ actor: 'anonymous', action: 'report' }))).toBe('匿名')
    // A resident's line, or one written before names were kept: the part played.
    expect(text(line({ action: 'report' }))).toBe('上报人')
    expect(text(line({ action: 'close' }))).toBe('工作人员')
    setLocale('en-US')
    expect(text(line({ action: 'satisfaction' }))).toBe('Reporter')
    expect(text(line({ action: 'verify' }))).not.toContain('acc-2')
  })
})
