import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

// public/push-sw.js runs in the service worker: here it runs against a fake `self`.
const SOURCE = readFileSync(join(import.meta.dirname, '..', 'public', 'push-sw.js'), 'utf8')
const ORIGIN = 'https://weimin.test'

type Handler = (event: unknown) => void

function worker(windows: { url: string, focus: () => Promise<unknown>, navigate: (url: string) => Promise<unknown> }[] = []) {
  const handlers: Record<string, Handler> = {}
  const self = {
    navigator: { language: 'zh-CN' },
    location: { origin: ORIGIN },
    registration: { showNotification: vi.fn(async () => {}) },
    clients: {
      matchAll: vi.fn(async () => windows),
      openWindow: vi.fn(async () => null),
    },
    addEventListener: (type: string, handler: Handler) => {
      handlers[type] = handler
    },
  }
  new Function('self', SOURCE)(self)
  async function fire(type: string, event: Record<string, unknown>): Promise<void> {
    let done: Promise<unknown> = Promise.resolve()
    handlers[type]!({ ...event, waitUntil: (promise: Promise<unknown>) => { done = promise } })
    await done
  }
  return { self, fire }
}

const pushData = (value: unknown) => ({ json: () => value, text: () => JSON.stringify(value) })

describe('the service worker push handlers', () => {
  it('should show an alarm that replaces its own repeat, sounds again and stays', async () => {
    const { self, fire } = worker()
    await fire('push', {
      data: pushData({ title: '联防报警', body: '7 号楼', link: '/alarms/42', kind: 'alarm.raised', urgent: true, delivery_id: 'd-1' }),
    })
    expect(self.registration.showNotification).toHaveBeenCalledWith('联防报警', {
      body: '7 号楼',
      icon: '/icons/icon-192.png',
      tag: 'd-1',
      renotify: true,
      requireInteraction: true,
      data: { link: '/alarms/42', kind: 'alarm.raised' },
    })
  })

  it('should show an ordinary notice quietly, and something even without a payload', async () => {
    const { self, fire } = worker()
    await fire('push', { data: pushData({ title: '工单已指派', body: '请处理', link: '/incidents/9', urgent: false, delivery_id: 'd-2' }) })
    await fire('push', { data: null })
    const shown = self.registration.showNotification.mock.calls as unknown as [string, Record<string, unknown>][]
    const [title, bare] = shown[1]!
    expect(shown[0]![1]).toMatchObject({ tag: 'd-2', renotify: false, requireInteraction: false })
    expect([title, bare.body, bare.tag]).toEqual(['为民', '您有一条新通知。', undefined])
  })

  it('should focus an open window and take it to the link', async () => {
    const open = { url: `${ORIGIN}/home`, focus: vi.fn(async () => open), navigate: vi.fn(async () => open) }
    const { self, fire } = worker([open])
    const close = vi.fn()
    await fire('notificationclick', { notification: { close, data: { link: '/alarms/42' } } })
    expect(close).toHaveBeenCalled()
    expect(open.focus).toHaveBeenCalled()
    expect(open.navigate).toHaveBeenCalledWith(`${ORIGIN}/alarms/42`)
    expect(self.clients.openWindow).not.toHaveBeenCalled()
  })

  it('should open a window when none is open, and never another site', async () => {
    const { self, fire } = worker()
    await fire('notificationclick', { notification: { close: () => {}, data: { link: '/incidents/9' } } })
    await fire('notificationclick', { notification: { close: () => {}, data: { link: 'https://evil.example/x' } } })
    expect(self.clients.openWindow.mock.calls).toEqual([[`${ORIGIN}/incidents/9`], [`${ORIGIN}/`]])
  })
})
