import type { EventSourceLike, LinkState } from '@/features/wall/liveWall'
import type { WallFeed, WallWish } from '@/features/wall/types'
import { describe, expect, it, vi } from 'vitest'
import { openLiveWall } from '@/features/wall/liveWall'
import { qrPicture } from '@/features/wall/qr'
import { applyEvent, CLAIMED_LINGER_MS, emptyWall, fromFeed, pageOf, parseWallEvent, rotation } from '@/features/wall/wallState'

function card(id: string, state = 'open'): WallWish {
  return {
    id,
    community_id: 'c1',
    grid_unit_id: 'g1',
    grid_label: '第一网格',
    title: `心愿${id}`,
    description: '想要一台收音机',
    category: 'material',
    urgency: 'normal',
    estimated_value_yuan: 100,
    photo_url: null,
    beneficiary: '张奶奶',
    claim_rule: 'anyone',
    state,
    claimer_type: null,
    published_at: '2026-12-07T01:00:00Z',
    claim_url: `https://weimin.example.cn/w/${id}`,
    qr_url: `/api/v1/wall/wishes/${id}/qr.svg`,
  }
}

function feed(items: WallWish[], seq = 10): WallFeed {
  return { community_id: 'c1', last_event_id: seq, open_count: items.length, claimed_count: 0, year: 2026, claimed_this_year: 5, fulfilled_this_year: 3, items }
}

describe('the wall\'s state', () => {
  it('should put a new wish first, marked, and count a claim and a fulfilment at once', () => {
    let wall = fromFeed(emptyWall(), feed([card('a')]))
    wall = applyEvent(wall, { seq: 11, type: 'wish.published', wish: card('b') }, 1000)
    expect(wall.items.map(w => w.id)).toEqual(['b', 'a'])
    expect(wall.marks.b?.kind).toBe('new')
    wall = applyEvent(wall, { seq: 12, type: 'wish.claimed', wish: card('a', 'claimed') }, 2000)
    expect([wall.claimedThisYear, wall.items[1]?.state, wall.activity[0]?.kind]).toEqual([6, 'claimed', 'claimed'])
    wall = applyEvent(wall, { seq: 13, type: 'wish.fulfilled', wish: card('a', 'fulfilled') }, 3000)
    expect([wall.fulfilledThisYear, wall.items.map(w => w.id)]).toEqual([4, ['b']])
    expect(wall.activity.map(a => a.kind)).toEqual(['fulfilled', 'claimed', 'new'])
  })

  it('should count a claim out again when it is withdrawn, or the claimed wish is cancelled, as the feed does', () => {
    let wall = fromFeed(emptyWall(), feed([card('a'), card('b')]))
    wall = applyEvent(wall, { seq: 11, type: 'wish.claimed', wish: card('a', 'claimed') }, 0)
    wall = applyEvent(wall, { seq: 12, type: 'wish.claimed', wish: card('b', 'claimed') }, 0)
    expect(wall.claimedThisYear).toBe(7)
    wall = applyEvent(wall, { seq: 13, type: 'wish.released', wish: card('a') }, 0)
    expect([wall.claimedThisYear, wall.items.find(w => w.id === 'a')?.state]).toEqual([6, 'open'])
    wall = applyEvent(wall, { seq: 14, type: 'wish.removed', wish: card('b', 'cancelled') }, 0)
    expect([wall.claimedThisYear, wall.items.map(w => w.id)]).toEqual([5, ['a']])
    // An open wish cancelled was never counted.
    wall = applyEvent(wall, { seq: 15, type: 'wish.removed', wish: card('a', 'cancelled') }, 0)
    expect([wall.claimedThisYear, wall.items]).toEqual([5, []])
  })

  it('should ignore an event it has already seen (a replay after reconnecting)', () => {
    const wall = fromFeed(emptyWall(), feed([card('a')], 20))
    expect(applyEvent(wall, { seq: 20, type: 'wish.removed', wish: card('a') }, 0)).toBe(wall)
  })

  it('should keep a claimed wish in the rotation for a minute, stamped, then drop it', () => {
    let wall = fromFeed(emptyWall(), feed([card('a'), card('b')]))
    wall = applyEvent(wall, { seq: 11, type: 'wish.claimed', wish: card('a', 'claimed') }, 0)
    expect(rotation(wall, 1000).map(w => w.id)).toEqual(['a', 'b'])
    expect(rotation(wall, CLAIMED_LINGER_MS + 1).map(w => w.id)).toEqual(['b'])
  })

  it('should page the rotation and wrap around', () => {
    const items = ['a', 'b', 'c', 'd', 'e'].map(id => card(id))
    expect(pageOf(items, 1, 4).map(w => w.id)).toEqual(['e'])
    expect(pageOf(items, 2, 4).map(w => w.id)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('should read only well-formed wall events', () => {
    expect(parseWallEvent('wish.claimed', JSON.stringify({ seq: 3, type: 'wish.claimed', wish: card('a') }))?.seq).toBe(3)
    expect(parseWallEvent('alarm', '{}')).toBeNull()
    expect(parseWallEvent('wish.claimed', 'not json')).toBeNull()
  })
})

describe('the QR code', () => {
  it('should draw a square code with a quiet zone for the claim link', () => {
    const picture = qrPicture('https://weimin.example.cn/w/0b6f1f0e-9d7c-4c55-a2a8-1c2f0f9e8d7c')
    expect(picture.size).toBeGreaterThanOrEqual(25 + 4)
    expect(picture.path.startsWith('M2 2h1v1h-1z')).toBe(true) // the finder pattern's corner
  })
})

function nth<T>(list: T[], index: number): T {
  const item = list[index]
  if (item === undefined)
    throw new Error(`nothing at ${index}`)
  return item
}

class FakeSource implements EventSourceLike {
  readyState = 0
  onopen: ((event: Event) => void) | null = null
  onerror: ((event: Event) => void) | null = null
  listeners = new Map<string, (event: MessageEvent) => void>()
  closed = false
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, listener)
  }

  close() {
    this.closed = true
    this.readyState = 2
  }

  opened() {
    this.readyState = 1
    this.onopen?.(new Event('open'))
  }

  failed(readyState: number) {
    this.readyState = readyState
    this.onerror?.(new Event('error'))
  }
}

describe('the live wall connection', () => {
  it('should put no key in the URL, resync on open, and back off when the browser gives up', async () => {
    vi.useFakeTimers()
    const sources: FakeSource[] = []
    const states: LinkState[] = []
    const onOpen = vi.fn()
    const events: string[] = []
    const wall = openLiveWall({
      url: '/api/v1/wall/stream?community_id=c1',
      open: (url) => {
        const source = new FakeSource(url)
        sources.push(source)
        return source
      },
      onEvent: type => events.push(type),
      onOpen,
      onState: s => states.push(s),
      stillPaired: async () => true,
      random: () => 0,
    })
    expect(nth(sources, 0).url).not.toMatch(/key/)
    nth(sources, 0).opened()
    nth(sources, 0).listeners.get('wish.published')?.(new MessageEvent('wish.published', { data: '{}' }))
    expect([onOpen.mock.calls.length, events]).toEqual([1, ['wish.published']])

    nth(sources, 0).failed(0) // the browser retries by itself: only say so
    expect([states.at(-1), sources.length]).toEqual(['offline', 1])
    nth(sources, 0).failed(2) // a 502 while the gateway restarts: the browser gave up
    await vi.advanceTimersByTimeAsync(999)
    expect(sources.length).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(sources.length).toBe(2)
    nth(sources, 1).failed(2)
    await vi.advanceTimersByTimeAsync(1999)
    expect(sources.length).toBe(2) // the second wait is twice as long
    await vi.advanceTimersByTimeAsync(1)
    nth(sources, 2).opened()
    expect([onOpen.mock.calls.length, states.at(-1)]).toEqual([2, 'live'])
    wall.stop()
    expect(nth(sources, 2).closed).toBe(true)
    vi.useRealTimers()
  })

  it('should stop for good once the kiosk is no longer paired', async () => {
    vi.useFakeTimers()
    const sources: FakeSource[] = []
    const states: LinkState[] = []
    openLiveWall({
      url: '/api/v1/wall/stream',
      open: (url) => {
        const source = new FakeSource(url)
        sources.push(source)
        return source
      },
      onEvent: () => {},
      onOpen: () => {},
      onState: s => states.push(s),
      stillPaired: async () => false,
      random: () => 0,
    })
    nth(sources, 0).failed(2)
    await vi.advanceTimersByTimeAsync(1000)
    expect([sources.length, states.at(-1)]).toEqual([1, 'stopped'])
    vi.useRealTimers()
  })

  it('should say when the network is gone and start afresh the moment it is back', async () => {
    const sources: FakeSource[] = []
    const states: LinkState[] = []
    const wall = openLiveWall({
      url: '/api/v1/wall/stream',
      open: (url) => {
        const source = new FakeSource(url)
        sources.push(source)
        return source
      },
      onEvent: () => {},
      onOpen: () => {},
      onState: s => states.push(s),
      stillPaired: async () => true,
    })
    nth(sources, 0).opened()
    wall.networkLost()
    expect(states.at(-1)).toBe('offline')
    wall.retryNow()
    await Promise.resolve()
    await Promise.resolve()
    expect([nth(sources, 0).closed, sources.length]).toEqual([true, 2])
    nth(sources, 1).opened()
    expect(states.at(-1)).toBe('live')
    wall.stop()
  })
})
