import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { setTransport } from '@/api'
import { useUnreadNotifications } from '@/features/notifications/composables/useUnreadNotifications'
import { useAuthStore } from '@/stores/auth'
import { fakeTransport, json, TOKENS } from './fake-transport'

const WORKER = { id: 'worker-1', username: 'grid001', display_name: '网格员', roles: ['grid_worker'], scopes: [] }

function notices(n: number) {
  return Array.from({ length: n }, (_, k) => ({ id: `n${k}` }))
}

async function setUp(page: { items: unknown[], next_cursor: string | null }) {
  const fake = fakeTransport({
    'POST /api/v1/auth/login': () => json(200, TOKENS),
    'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
    'GET /api/v1/accounts/me': () => json(200, WORKER),
    'GET /api/v1/incident-notifications': () => json(200, page),
  })
  setTransport(fake.transport, 'http://weimin.test')
  setActivePinia(createPinia())
  const auth = useAuthStore()
  await auth.login('grid001', 'secret')
  return { auth, unread: useUnreadNotifications() }
}

describe('useUnreadNotifications', () => {
  beforeEach(() => sessionStorage.clear())

  it('should count the unread notices and count down as one is read', async () => {
    const { unread } = await setUp({ items: notices(3), next_cursor: null })
    expect(unread.badge.value).toBeUndefined()
    await unread.refresh()
    expect([unread.count.value, unread.badge.value]).toEqual([3, '3'])
    unread.markedRead()
    expect(unread.badge.value).toBe('2')
  })

  it('should say 99+ when there are more unread than one page', async () => {
    const { unread } = await setUp({ items: notices(100), next_cursor: 'more' })
    await unread.refresh()
    expect(unread.badge.value).toBe('99+')
  })

  it('should clear the badge at sign-out', async () => {
    const { auth, unread } = await setUp({ items: notices(2), next_cursor: null })
    await unread.refresh()
    await auth.logout()
    expect(unread.badge.value).toBeUndefined()
  })
})
