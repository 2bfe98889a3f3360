/**
 * The tab bar's tabs and who sees which. Route names are the contract with the areas that
 * build the screens (`features/<name>/`): a tab shows only once its route exists, so the
 * frame never links to a screen that is not there.
 */

export type TabName = 'home' | 'map' | 'incident-report' | 'residents' | 'me'

export interface Tab {
  /** The route name the tab opens. */
  name: TabName
  icon: string
  labelKey: string
}

export const TABS: readonly Tab[] = [
  { name: 'home', icon: 'wap-home-o', labelKey: 'nav.home' },
  { name: 'map', icon: 'location-o', labelKey: 'nav.map' },
  { name: 'incident-report', icon: 'add-o', labelKey: 'nav.report' },
  { name: 'residents', icon: 'friends-o', labelKey: 'nav.residents' },
  { name: 'me', icon: 'user-o', labelKey: 'nav.me' },
]

// The grid worker works in the field: all of it. Secretaries oversee their street or
// community on the map and in the registry; incidents reach them through the desk, not a
// report form. The administrator runs the system, not a grid. People who may report an
// incident (residents, members, volunteers, partners) get the report form.
const TABS_BY_ROLE: Readonly<Record<string, readonly TabName[]>> = {
  grid_worker: ['home', 'map', 'incident-report', 'residents', 'me'],
  community_secretary: ['home', 'map', 'residents', 'me'],
  street_secretary: ['home', 'map', 'residents', 'me'],
  admin: ['home', 'map', 'me'],
  resident: ['home', 'incident-report', 'me'],
  member: ['home', 'incident-report', 'me'],
  volunteer: ['home', 'incident-report', 'me'],
  partner: ['home', 'incident-report', 'me'],
}

const ALWAYS: readonly TabName[] = ['home', 'me']

/** The tabs a person with these roles sees, in the bar's order; `exists` says whether a
 * route of that name is registered. */
export function tabsFor(roles: readonly string[], exists: (name: TabName) => boolean): Tab[] {
  const allowed = new Set<TabName>(ALWAYS)
  for (const role of roles)
    TABS_BY_ROLE[role]?.forEach(name => allowed.add(name))
  return TABS.filter(tab => allowed.has(tab.name) && exists(tab.name))
}
