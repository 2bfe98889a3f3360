import { describe, expect, it } from 'vitest'
import { workEntriesFor } from '@/pages/me-work'

const everyRoute = () => true

describe('the me page\'s work links', () => {
  it('should give a grid worker their reports, patrols, alarms, messages and sync', () => {
    expect(workEntriesFor(['grid_worker'], everyRoute).map(e => e.name))
      .toEqual(['incidents', 'patrols', 'alarms', 'notifications', 'sync', 'wishes'])
  })

  it('should give a resident alarms and messages but no patrols or incident desk', () => {
    expect(workEntriesFor(['resident'], everyRoute).map(e => e.name)).toEqual(['alarms', 'notifications', 'sync', 'wishes'])
  })

  it('should give a community secretary the wish review queue', () => {
    expect(workEntriesFor(['community_secretary'], everyRoute).map(e => e.name)).toContain('wish-review')
    expect(workEntriesFor(['volunteer'], everyRoute).map(e => e.name)).not.toContain('wish-review')
  })

  it('should leave out a screen this build does not have', () => {
    expect(workEntriesFor(['grid_worker'], name => name !== 'patrols').map(e => e.name)).not.toContain('patrols')
  })
})
