/** The screens the "me" page links to, by who may use them (the tab bar has the rest). */
export interface WorkEntry {
  name: string
  titleKey: string
  icon: string
}

const FIELD_ROLES = ['grid_worker', 'community_secretary', 'street_secretary']

const ENTRIES: (WorkEntry & { roles: string[] | 'everyone' })[] = [
  { name: 'volunteer', titleKey: 'volunteer.title', icon: 'like-o', roles: ['volunteer'] },
  { name: 'member', titleKey: 'member.title', icon: 'flag-o', roles: ['member'] },
  { name: 'incidents', titleKey: 'incidents.listTitle', icon: 'todo-list-o', roles: FIELD_ROLES },
  { name: 'patrols', titleKey: 'patrols.title', icon: 'guide-o', roles: ['grid_worker'] },
  { name: 'alarms', titleKey: 'alarms.title', icon: 'warning-o', roles: [...FIELD_ROLES, 'resident'] },
  { name: 'notifications', titleKey: 'notifications.title', icon: 'bell', roles: 'everyone' },
  { name: 'sync', titleKey: 'sync.title', icon: 'exchange', roles: 'everyone' },
  { name: 'wishes', titleKey: 'wishes.entry', icon: 'like-o', roles: 'everyone' },
  { name: 'wish-review', titleKey: 'wishes.reviewEntry', icon: 'passed', roles: ['community_secretary', 'street_secretary'] },
  { name: 'kiosks', titleKey: 'wall.kiosks.entry', icon: 'tv-o', roles: ['community_secretary', 'street_secretary'] },
]

export function workEntriesFor(roles: readonly string[], hasRoute: (name: string) => boolean): WorkEntry[] {
  return ENTRIES
    .filter(entry => entry.roles === 'everyone' || entry.roles.some(role => roles.includes(role)))
    .filter(entry => hasRoute(entry.name))
    .map(({ name, titleKey, icon }) => ({ name, titleKey, icon }))
}
