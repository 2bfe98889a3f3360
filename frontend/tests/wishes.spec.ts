import type { WallWish } from '@/features/wishes/types'
import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { setTransport } from '@/api'
import { communityOfScopes, orderWishes, parseMinutes } from '@/features/wishes/feed'
import { useWishDetail } from '@/features/wishes/useWishDetail'
import { useWishList } from '@/features/wishes/useWishList'
import { useAuthStore } from '@/stores/auth'
import { fakeTransport, json, problem, TOKENS } from './fake-transport'

const BASE = 'http://weimin.test'
const VOLUNTEER = { id: 'vol-1', username: 'volunteer01', display_name: '志愿者', roles: ['volunteer'], scopes: [] }
const SECRETARY = { id: 'sec-1', username: 'community01', display_name: '书记', roles: ['community_secretary'], scopes: ['community:c1'] }

function card(id: string, overrides: Partial<WallWish> = {}): WallWish {
  return {
    id,
    community_id: 'c1',
    grid_unit_id: 'g1',
    grid_label: '一网格',
    title: `心愿 ${id}`,
    description: '说明',
    category: 'material',
    urgency: 'normal',
    estimated_value_yuan: 80,
    photo_url: null,
    beneficiary: '张奶奶',
    claim_rule: 'anyone',
    state: 'open',
    claimer_type: null,
    published_at: '2026-12-01T08:00:00Z',
    claim_url: `http://weimin.test/w/${id}`,
    qr_url: `/api/v1/wall/wishes/${id}/qr.svg`,
    ...overrides,
  }
}

function feed(items: WallWish[]) {
  return { community_id: null, last_event_id: 1, open_count: items.length, claimed_count: 0, year: 2026, claimed_this_year: 0, fulfilled_this_year: 0, items }
}

function mine(wish: WallWish, overrides: Record<string, unknown> = {}) {
  return {
    card: wish,
    state: 'claimed',
    i_claimed: true,
    i_submitted: false,
    claim_deadline_at: '2026-12-21T08:00:00Z',
    fulfilled_at: null,
    service_minutes: null,
    confirmed_at: null,
    rating: null,
    thanks_message: null,
    rejection_reason: null,
    updated_at: '2026-12-07T08:00:00Z',
    ...overrides,
  }
}

async function signedIn(account: object, routes: Parameters<typeof fakeTransport>[0]) {
  const fake = fakeTransport({
    'POST /api/v1/auth/login': () => json(200, TOKENS),
    'GET /api/v1/accounts/me': () => json(200, account),
    ...routes,
  })
  setTransport(fake.transport, BASE)
  setActivePinia(createPinia())
  await useAuthStore().login('someone', 'secret')
  return fake.seen
}

describe('wish list order and form helpers', () => {
  it('should list open wishes first, those of the phone\'s grid unit first, urgent before normal', () => {
    const ordered = orderWishes([
      card('claimed', { state: 'claimed', urgency: 'high' }),
      card('elsewhere', { grid_unit_id: 'g2', urgency: 'high' }),
      card('here-old', { published_at: '2026-11-01T08:00:00Z' }),
      card('here-new'),
    ], 'g1')
    expect(ordered.map(w => w.id)).toEqual(['here-new', 'here-old', 'elsewhere', 'claimed'])
    expect(orderWishes([card('a'), card('b', { urgency: 'high' })]).map(w => w.id)).toEqual(['b', 'a'])
  })

  it('should read minutes as whole numbers from 1 to 1440, empty as not reported', () => {
    expect(parseMinutes(' 45 ')).toBe(45)
    expect(parseMinutes('')).toBeNull()
    expect(parseMinutes('0')).toBe('invalid')
    expect(parseMinutes('1441')).toBe('invalid')
    expect(parseMinutes('1.5')).toBe('invalid')
  })

  it('should take the community from the token\'s scopes', () => {
    expect(communityOfScopes(['street:s1', 'community:c9'])).toBe('c9')
    expect(communityOfScopes([])).toBeNull()
  })
})

describe('useWishList', () => {
  beforeEach(() => sessionStorage.clear())

  it('should show a secretary\'s own community wall', async () => {
    const seen = await signedIn(SECRETARY, {
      'GET /api/v1/wall/communities/c1/wishes': () => json(200, feed([card('a')])),
    })
    const list = useWishList(async () => null)
    await list.load('community')
    expect(seen.some(s => s.path === '/api/v1/wall/communities/c1/wishes')).toBe(true)
    expect(list.wishes.value.map(w => w.id)).toEqual(['a'])
    expect(list.place.value).toEqual({ kind: 'community', communityId: 'c1' })
  })

  it('should show the wishes of the community the phone is in, its grid unit first', async () => {
    await signedIn(VOLUNTEER, {
      'GET /api/v1/locate': () => json(200, { lon: 102.7, lat: 25.0, crs: 'wgs84', in_scope: false, nearest_building: null, grid_unit: { id: 'g2', code: 'G2', name: '二网格', street_id: 's1', community_id: 'c1' } }),
      'GET /api/v1/wall/communities/c1/wishes': () => json(200, feed([card('a'), card('b', { grid_unit_id: 'g2', published_at: '2026-01-01T00:00:00Z' })])),
    })
    const list = useWishList(async () => ({ lon: 102.7, lat: 25.0 }))
    await list.load('near')
    expect(list.wishes.value.map(w => w.id)).toEqual(['b', 'a'])
    expect(list.place.value).toMatchObject({ kind: 'near', name: '二网格' })
  })

  it('should fall back to the city\'s wall outside every grid or without a position', async () => {
    await signedIn(VOLUNTEER, {
      'GET /api/v1/locate': () => problem(404, 'point-outside-grid'),
      'GET /api/v1/wall/wishes': () => json(200, feed([card('city')])),
    })
    const outside = useWishList(async () => ({ lon: 0, lat: 0 }))
    await outside.load('near')
    expect(outside.place.value).toEqual({ kind: 'city', why: 'outside' })
    expect(outside.wishes.value.map(w => w.id)).toEqual(['city'])

    const unknown = useWishList(async () => null)
    await unknown.load('near')
    expect(unknown.place.value).toEqual({ kind: 'city', why: 'not-located' })
  })

  it('should list the wishes I claimed, and keep the error of a failed load', async () => {
    let fail = false
    await signedIn(VOLUNTEER, {
      'GET /api/v1/wishes/mine': () => (fail ? problem(503, 'service-unavailable') : json(200, [mine(card('m'))])),
    })
    const list = useWishList(async () => null)
    await list.load('claimed')
    expect(list.mine.value.map(w => w.card.id)).toEqual(['m'])
    fail = true
    await list.load('claimed')
    expect(list.error.value?.status).toBe(503)
    expect(list.loading.value).toBe(false)
  })
})

describe('useWishDetail', () => {
  beforeEach(() => sessionStorage.clear())

  it('should show a claimer their claim and let them withdraw it', async () => {
    let state = 'claimed'
    const seen = await signedIn(VOLUNTEER, {
      'GET /api/v1/wall/wishes/w1': () => json(200, card('w1', { state: state === 'open' ? 'open' : 'claimed' })),
      'GET /api/v1/wishes/mine/w1': () => (state === 'open' ? problem(404, 'wish-not-found') : json(200, mine(card('w1', { state: 'claimed' })))),
      'POST /api/v1/wishes/w1/claim/withdraw': () => {
        state = 'open'
        return new Response(null, { status: 204 })
      },
    })
    const detail = useWishDetail(() => 'w1')
    await detail.load()
    expect(detail.wish.value).toMatchObject({ state: 'claimed', iClaimed: true, beneficiary: '张奶奶' })
    expect(await detail.withdraw()).toBe(true)
    await flushPromises()
    expect(seen.some(s => s.method === 'POST' && s.path.endsWith('/withdraw'))).toBe(true)
    expect(detail.wish.value).toMatchObject({ state: 'open', iClaimed: false })
  })

  it('should say a claim waits for the community, and keep a refused claim\'s problem', async () => {
    let answer = () => json(201, { id: 'c1', wish_id: 'w1', claimer_id: 'vol-1', claimer_type: 'volunteer', claimer_name: null, organisation_id: null, status: 'pending', claimed_at: '2026-12-07T08:00:00Z', deadline_at: '2026-12-21T08:00:00Z', ended_at: null })
    await signedIn(VOLUNTEER, {
      'GET /api/v1/wall/wishes/w1': () => json(200, card('w1')),
      'GET /api/v1/wishes/mine/w1': () => problem(404, 'wish-not-found'),
      'POST /api/v1/wishes/w1/claim': () => answer(),
    })
    const detail = useWishDetail(() => 'w1')
    await detail.load()
    expect(await detail.claim()).toBe('pending')
    answer = () => problem(409, 'wish-already-claimed')
    expect(await detail.claim()).toBeNull()
    expect(detail.actionError.value?.code).toBe('wish-already-claimed')
  })
})
