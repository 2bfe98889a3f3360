import { describe, expect, it } from 'vitest'
import { homeKindFor } from '@/composables/useHomeKind'

describe('role to home page', () => {
  it.each([
    [['admin'], 'overview'],
    [['street_secretary'], 'overview'],
    [['community_secretary', 'member'], 'overview'],
    [['grid_worker'], 'grid'],
    [['grid_worker', 'volunteer'], 'grid'],
    [['grid_worker', 'community_secretary'], 'overview'],
    [['member'], 'welcome'],
    [['volunteer'], 'welcome'],
    [['resident'], 'welcome'],
    [['kiosk'], 'welcome'],
    [['partner'], 'welcome'],
    [[], 'welcome'],
  ])('should map %j to the %s home', (roles, kind) => {
    expect(homeKindFor(roles)).toBe(kind)
  })
})
