import { afterEach, describe, expect, it, vi } from 'vitest'
import { setWaiting, useSyncStatus } from '@/offline/status'

function goOffline(offline: boolean) {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(!offline)
  window.dispatchEvent(new Event(offline ? 'offline' : 'online'))
}

describe('sync status', () => {
  afterEach(() => {
    setWaiting(0)
    goOffline(false)
  })

  it('should follow the browser going offline and coming back', () => {
    const { online } = useSyncStatus()
    goOffline(true)
    expect(online.value).toBe(false)
    goOffline(false)
    expect(online.value).toBe(true)
  })

  it('should show the count the queue reports', () => {
    const { waiting } = useSyncStatus()
    setWaiting(3)
    expect(waiting.value).toBe(3)
    setWaiting(0)
    expect(waiting.value).toBe(0)
  })

  it('should never show a negative or broken count', () => {
    const { waiting } = useSyncStatus()
    setWaiting(-2)
    expect(waiting.value).toBe(0)
    setWaiting(Number.NaN)
    expect(waiting.value).toBe(0)
    setWaiting(2.7)
    expect(waiting.value).toBe(2)
  })

  it('should share one state between every screen that reads it', () => {
    const first = useSyncStatus()
    const second = useSyncStatus()
    setWaiting(5)
    expect(first.waiting.value).toBe(5)
    expect(second.waiting.value).toBe(5)
  })
})
