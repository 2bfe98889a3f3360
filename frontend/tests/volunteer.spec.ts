import type { HoursEntry, Shift, Signup, TaskDetail } from '@/features/volunteer/types'
import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setTransport } from '@/api'
import { distance } from '@/features/volunteer/format'
import ActivitiesPage from '@/features/volunteer/pages/ActivitiesPage.vue'
import ProfilePage from '@/features/volunteer/pages/ProfilePage.vue'
import VolunteerHomePage from '@/features/volunteer/pages/VolunteerHomePage.vue'
import { checkInStep, clock, pendingOffer, secondsLeft, shiftAction, shiftCredit, signupsByShift, upcoming } from '@/features/volunteer/schedule'
import { useVolunteer } from '@/features/volunteer/useVolunteer'
import { workEntriesFor } from '@/pages/me-work'
import { setLocale } from '@/locales'
import { useAuthStore } from '@/stores/auth'
import { fakeTransport, json, problem, TOKENS } from './fake-transport'
import { mountSignedIn } from './signed-in-page'

const VOLUNTEER = { username: 'volunteer01', roles: ['volunteer'] }

const NOW = new Date('2026-12-08T02:00:00Z')

function shift(over: Partial<Shift> = {}): Shift {
  return {
    id: 's1',
    activity_id: 'a1',
    starts_at: '2026-12-08T03:00:00Z',
    ends_at: '2026-12-08T05:00:00Z',
    capacity: 2,
    taken: 1,
    attendance_confirmed_at: null,
    ...over,
  }
}

function signup(over: Partial<Signup> = {}): Signup {
  return {
    id: 'u1',
    shift_id: 's1',
    activity_id: 'a1',
    volunteer_id: 'v1',
    status: 'confirmed',
    starts_at: '2026-12-08T03:00:00Z',
    ends_at: '2026-12-08T05:00:00Z',
    checked_in_at: null,
    check_in_method: null,
    checked_out_at: null,
    attendance: null,
    ...over,
  }
}

describe('volunteer schedule', () => {
  it('should offer sign-up, waitlist, cancel or nothing for a shift', () => {
    expect(shiftAction(shift(), undefined, NOW)).toBe('signUp')
    expect(shiftAction(shift({ taken: 2 }), undefined, NOW)).toBe('waitlist')
    expect(shiftAction(shift(), signup({ status: 'waitlisted' }), NOW)).toBe('cancel')
    expect(shiftAction(shift(), signup({ status: 'cancelled' }), NOW)).toBe('signUp')
    expect(shiftAction(shift(), signup({ checked_in_at: '2026-12-08T02:50:00Z' }), NOW)).toBe('none')
    expect(shiftAction(shift({ starts_at: '2026-12-08T01:00:00Z' }), undefined, NOW)).toBe('none')
    expect(shiftAction(shift({ ends_at: '2026-12-08T01:30:00Z', starts_at: '2026-12-08T01:00:00Z' }), undefined, NOW)).toBe('ended')
  })

  it('should keep the live sign-up of a shift over a cancelled one', () => {
    const byShift = signupsByShift([signup({ id: 'old', status: 'cancelled' }), signup({ id: 'new' })])
    expect(byShift.get('s1')?.id).toBe('new')
  })

  it('should list activities with a shift to come, soonest first', () => {
    const base = { title: '', description: '', team_id: null, street_id: 'st', community_id: 'c', lon: 0, lat: 0, checkin_radius_m: 500, requires_approval: false, created_at: '' }
    const later = { ...base, id: 'later', shifts: [shift({ starts_at: '2026-12-09T03:00:00Z', ends_at: '2026-12-09T05:00:00Z' })] }
    const sooner = { ...base, id: 'sooner', shifts: [shift()] }
    const over = { ...base, id: 'over', shifts: [shift({ starts_at: '2026-12-07T03:00:00Z', ends_at: '2026-12-07T05:00:00Z' })] }
    expect(upcoming([later, over, sooner], NOW).map(a => a.id)).toEqual(['sooner', 'later'])
  })

  it('should check in, then out, then be done at the venue', () => {
    expect(checkInStep([], 'a1', NOW)).toEqual({ kind: 'none' })
    expect(checkInStep([signup({ status: 'waitlisted' })], 'a1', NOW).kind).toBe('none')
    expect(checkInStep([signup()], 'a1', NOW).kind).toBe('checkIn')
    const inside = signup({ checked_in_at: '2026-12-08T02:55:00Z' })
    expect(checkInStep([inside], 'a1', NOW)).toEqual({ kind: 'checkOut', signup: inside })
    expect(checkInStep([signup({ checked_in_at: 'x', checked_out_at: 'y' })], 'a1', NOW).kind).toBe('done')
    expect(checkInStep([signup()], 'other', NOW).kind).toBe('none')
  })

  it('should find my pending offer and count down to its expiry', () => {
    const offer = { id: 'o1', task_id: 't1', volunteer_id: 'v1', rank: 1, status: 'pending' as const, offered_at: '', expires_at: '2026-12-08T02:04:05Z', responded_at: null }
    const detail = { task: {}, offers: [{ ...offer, volunteer_id: 'v2' }, offer], alerted: 0 } as unknown as TaskDetail
    expect(pendingOffer(detail, 'v1', NOW)?.id).toBe('o1')
    expect(pendingOffer(detail, 'v1', new Date('2026-12-08T03:00:00Z'))).toBeUndefined()
    expect(clock(secondsLeft(offer.expires_at, NOW))).toBe('4:05')
    expect(clock(3729)).toBe('1:02:09')
    expect(secondsLeft(offer.expires_at, new Date('2026-12-09T00:00:00Z'))).toBe(0)
  })

  it('should link the volunteer and member screens from the me page for them only', () => {
    const every = () => true
    expect(workEntriesFor(['volunteer'], every).map(e => e.name)).toContain('volunteer')
    expect(workEntriesFor(['resident'], every).map(e => e.name)).not.toContain('volunteer')
    expect(workEntriesFor(['member'], every).map(e => e.name)).toContain('member')
  })
})

function entry(over: Partial<HoursEntry> = {}): HoursEntry {
  return {
    id: 'e1',
    volunteer_id: 'v1',
    minutes: 90,
    kind: 'shift',
    signup_id: 'u1',
    reverses_entry_id: null,
    reason: '湖滨步道清洁',
    minutes_reported: true,
    created_at: '2026-12-08T06:00:00Z',
    ...over,
  }
}

describe('a shift\'s credited time', () => {
  it('should be the shift\'s own ledger credit, with its correction', () => {
    const others = [entry({ id: 'e0', signup_id: 'u0', minutes: 30 }), entry({ id: 'm1', kind: 'manual', signup_id: null, minutes: 15 })]
    expect(shiftCredit('u1', [...others, entry()])).toBe(90)
    expect(shiftCredit('u1', [entry({ id: 'r1', kind: 'reversal', signup_id: null, minutes: -90, reverses_entry_id: 'e1' }), entry()])).toBe(0)
    expect(shiftCredit('u1', others)).toBeNull()
  })

  async function homePage(signups: Signup[], entries: HoursEntry[]) {
    const minutes = entries.reduce((sum, e) => sum + e.minutes, 0)
    const { wrapper } = await mountSignedIn(VolunteerHomePage, '/volunteer', {
      'GET /api/v1/volunteers/me': () => json(200, { id: 'v1', community_id: 'c1' }),
      'GET /api/v1/volunteers/v1/hours': () => json(200, {
        volunteer_id: 'v1',
        confirmed_minutes: minutes,
        confirmed_hours: Math.round(minutes / 60 * 100) / 100,
        stars: 0,
        next_star_at_hours: 10,
        entries: { items: entries, next_cursor: null },
      }),
      'GET /api/v1/volunteers/me/signups': () => json(200, { items: signups, next_cursor: null }),
      'GET /api/v1/activities/a1': () => json(200, { id: 'a1', title: '湖滨步道清洁' }),
    }, VOLUNTEER)
    return wrapper
  }

  it('should show a confirmed shift with the minutes it credited, in both languages', async () => {
    setLocale('zh-CN')
    const done = signup({ checked_in_at: '2026-12-08T02:55:00Z', check_in_method: 'qr', checked_out_at: '2026-12-08T04:31:00Z', attendance: 'attended' })
    const wrapper = await homePage([done], [entry()])
    const row = wrapper.find('[data-test="my-signup"]')
    expect(row.text()).toContain('湖滨步道清洁')
    expect(row.text()).toContain('时长已确认，计入 90 分钟')
    expect(wrapper.find('[data-test="hours-total"]').text()).toBe('1.5 小时')
    setLocale('en-US')
    await flushPromises()
    expect(row.text()).toContain('Confirmed: 90 min credited')
    setLocale('zh-CN')
  })

  it('should say a shift is credited without minutes when its credit is not among the entries loaded', async () => {
    setLocale('zh-CN')
    const done = signup({ checked_in_at: '2026-12-08T02:55:00Z', checked_out_at: '2026-12-08T04:31:00Z', attendance: 'attended' })
    const wrapper = await homePage([done], [entry({ signup_id: 'other' })])
    expect(wrapper.find('[data-test="my-signup"]').text()).toContain('时长已计入')
    expect(wrapper.find('[data-test="my-signup"]').text()).not.toContain('分钟')
  })

  it('should still show a shift checked out as waiting for the organiser', async () => {
    setLocale('zh-CN')
    const waiting = signup({ checked_in_at: '2026-12-08T02:55:00Z', checked_out_at: '2026-12-08T04:31:00Z' })
    const wrapper = await homePage([waiting], [])
    expect(wrapper.find('[data-test="my-signup"]').text()).toContain('待组织者确认')
  })
})

describe('the profile screen', () => {
  it('should show a refused skills save under the skills\' button, not the availability\'s', async () => {
    setLocale('zh-CN')
    const me = { id: 'v1', community_id: 'c1', skill_codes: ['counselling'], availability: { weekly: [], exceptions: [] } }
    const { wrapper } = await mountSignedIn(ProfilePage, '/volunteer/profile', {
      'GET /api/v1/volunteers/me': () => json(200, me),
      'GET /api/v1/skills': () => json(200, [{ code: 'counselling', name: '心理疏导', requires_certificate: true }]),
      'GET /api/v1/teams': () => json(200, { items: [], next_cursor: null }),
      'PUT /api/v1/volunteers/v1/skills': () => problem(422, 'certificate-expired', {
        errors: [{ field: 'body.skill_codes', reason: 'the certificate for counselling has expired', code: 'certificate-expired' }],
      }),
      'PUT /api/v1/volunteers/v1/availability': () => json(200, me),
    }, VOLUNTEER)

    await wrapper.find('[data-test="save-skills"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="skills-problem"]').text()).toBe('证书已过期')
    expect(wrapper.findAll('[role="alert"]')).toHaveLength(1)

    await wrapper.find('[data-test="save-availability"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="skills-problem"]').exists()).toBe(false)
  })
})

describe('useVolunteer', () => {
  beforeEach(() => sessionStorage.clear())

  async function signedIn(me: () => Response) {
    const fake = fakeTransport({
      'POST /api/v1/auth/login': () => json(200, TOKENS),
      'GET /api/v1/accounts/me': () => json(200, { id: 'acc', username: 'volunteer01', display_name: '志愿者', roles: ['volunteer'], scopes: [] }),
      'GET /api/v1/volunteers/me': me,
    })
    setTransport(fake.transport, 'http://weimin.test')
    setActivePinia(createPinia())
    await useAuthStore().login('volunteer01', 'secret')
    return useVolunteer()
  }

  it('should load the volunteer record', async () => {
    const volunteer = await signedIn(() => json(200, { id: 'v1', community_id: 'c1' }))
    expect((await volunteer.load())?.id).toBe('v1')
    expect([volunteer.missing.value, volunteer.error.value]).toEqual([false, null])
  })

  it('should say the account has no volunteer record on a 404', async () => {
    const volunteer = await signedIn(() => problem(404, 'not-found'))
    expect(await volunteer.load()).toBeNull()
    expect(volunteer.missing.value).toBe(true)
  })
})

describe('activities near me', () => {
  const later = { id: 's9', activity_id: 'x', starts_at: '2099-01-01T01:00:00Z', ends_at: '2099-01-01T03:00:00Z', capacity: 5, taken: 0, attendance_confirmed_at: null }
  const activity = (id: string, title: string, metres: number) => ({
    id,
    title,
    description: '',
    team_id: null,
    street_id: 's',
    community_id: 'c1',
    lon: 100.2,
    lat: 25.6,
    checkin_radius_m: 500,
    requires_approval: false,
    shifts: [{ ...later, id: `s-${id}`, activity_id: id }],
    created_at: '2026-12-01T00:00:00Z',
    distance_m: metres,
  })
  let asked: URLSearchParams[] = []

  async function openScreen(position: { lon: number, lat: number } | null) {
    setLocale('zh-CN')
    asked = []
    vi.stubGlobal('navigator', {
      ...globalThis.navigator,
      geolocation: {
        getCurrentPosition: (ok: PositionCallback, fail: PositionErrorCallback) => position
          ? ok({ coords: { longitude: position.lon, latitude: position.lat } } as GeolocationPosition)
          : fail({ code: 1, PERMISSION_DENIED: 1 } as GeolocationPositionError),
      },
    })
    const { wrapper } = await mountSignedIn(ActivitiesPage, '/volunteer/activities', {
      'GET /api/v1/volunteers/me': () => json(200, { id: 'v1', community_id: 'c1', home_lon: 100.1, home_lat: 25.5 }),
      'GET /api/v1/volunteers/me/signups': () => json(200, { items: [], next_cursor: null }),
      'GET /api/v1/activities/nearby': ({ query }) => {
        asked.push(query)
        return json(200, { items: [activity('a2', '最近的', 350), activity('a1', '远一点的', 2460)] })
      },
      'GET /api/v1/activities': () => json(200, { items: [activity('a1', '远一点的', 0)], next_cursor: null }),
    }, VOLUNTEER)
    return wrapper
  }

  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('should list them nearest first from where the phone is, with their distance', async () => {
    const wrapper = await openScreen({ lon: 100.23, lat: 25.61 })
    expect([asked[0]?.get('lon'), asked[0]?.get('lat'), asked[0]?.get('within_km')]).toEqual(['100.23', '25.61', '10'])
    expect(wrapper.findAll('[data-test="activity"]').map(card => card.find('h2').text())).toEqual(['最近的', '远一点的'])
    expect(wrapper.findAll('[data-test="distance"]').map(d => d.text())).toEqual([distance(350, 'zh-CN'), distance(2460, 'zh-CN')])
    expect(wrapper.find('[data-test="activities-hint"]').text()).toContain('你当前位置')
  })

  it('should measure from the registered home when the phone will not say where it is', async () => {
    const wrapper = await openScreen(null)
    expect([asked[0]?.get('lon'), asked[0]?.get('lat')]).toEqual(['100.1', '25.5'])
    expect(wrapper.find('[data-test="activities-hint"]').text()).toContain('登记的住址')
  })

  it('should write distances in metres, then kilometres, in the chosen language', () => {
    expect(distance(350.4, 'zh-CN')).toBe('350米')
    expect(distance(2460, 'zh-CN')).toBe('2.5公里')
    expect(distance(2460, 'en')).toBe('2.5 km')
  })
})
