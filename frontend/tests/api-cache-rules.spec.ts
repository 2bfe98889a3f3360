import { describe, expect, it } from 'vitest'
import { isCacheableApiRequest, refuseUnstorable } from '@/offline/api-cache-rules'

const ORIGIN = 'http://weimin.test'

function match(path: string, method = 'GET', sameOrigin = true) {
  const url = new URL(path, ORIGIN)
  return isCacheableApiRequest({ url, request: new Request(url, { method }), sameOrigin })
}

describe('what the service worker keeps of the API', () => {
  it.each([
    '/api/v1/residents?grid_unit_id=g1',
    '/api/v1/residents/r1',
    '/api/v1/grid-units/summary',
    '/api/v1/buildings/b1',
    '/api/v1/households?building_id=b1',
    '/api/v1/incidents',
    '/api/v1/accounts/me',
    '/api/v1/grid-units/my-desk',
    '/api/v1/visits/overdue',
    '/api/v1/incident-categories',
    '/api/v1/patrols?grid_unit_id=g1',
    '/api/v1/joint-defence/alarms?group_id=j1',
  ])('should keep the masked grid read %s', (path) => {
    expect(match(path)).toBe(true)
  })

  it('should never keep a reveal, which is a POST', () => {
    expect(match('/api/v1/residents/r1/reveal', 'POST')).toBe(false)
  })

  it.each([
    '/api/v1/residents/r1/reveal',
    '/api/v1/audit/reveals',
    '/api/v1/residents/export',
    '/api/v1/imports/i1',
    '/api/v1/audit/reveals/mine',
    '/api/v1/joint-defence/groups/j1/alarms/stream',
  ])('should never keep %s, whatever its method', (path) => {
    expect(match(path)).toBe(false)
  })

  it('should keep no write, no other origin and no other area', () => {
    expect(match('/api/v1/incidents', 'POST')).toBe(false)
    expect(match('/api/v1/residents', 'GET', false)).toBe(false)
    expect(match('/api/v1/auth/refresh')).toBe(false)
    expect(match('/api/v1/residentsx')).toBe(false)
    expect(match('/api/v1/wishes')).toBe(false)
  })

  it('should refuse an answer marked no-store', async () => {
    const response = new Response('{}', { headers: { 'Cache-Control': 'private, no-store' } })
    expect(await refuseUnstorable({ response })).toBeNull()
    const upper = new Response('{}', { headers: { 'Cache-Control': 'NO-STORE' } })
    expect(await refuseUnstorable({ response: upper })).toBeNull()
  })

  it('should keep a plain 200 answer and refuse errors', async () => {
    const ok = new Response('[]', { headers: { 'Cache-Control': 'no-cache' } })
    expect(await refuseUnstorable({ response: ok })).toBe(ok)
    expect(await refuseUnstorable({ response: new Response('{}', { status: 401 }) })).toBeNull()
    expect(await refuseUnstorable({ response: new Response('{}', { status: 500 }) })).toBeNull()
  })
})
