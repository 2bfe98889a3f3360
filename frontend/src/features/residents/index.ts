import type { RouteLocationNormalized } from 'vue-router'
import { defineFeature } from '../feature'
import enUS from './messages.en-US'
import zhCN from './messages.zh-CN'
import './screen.css'

// The address travels in the query so a screen can name the building or household it
// lists without another request (the API has no single-building or single-household read).
function withAddress(params: string[]) {
  return (route: RouteLocationNormalized) => ({
    ...Object.fromEntries(params.map(name => [name, route.params[name]])),
    address: typeof route.query.address === 'string' ? route.query.address : undefined,
  })
}

export default defineFeature({
  name: 'residents',
  routes: [
    {
      path: 'residents',
      name: 'residents',
      component: () => import('./pages/ResidentsHome.vue'),
      meta: { titleKey: 'residents.nav.list' },
    },
    {
      path: 'residents/visits-due',
      name: 'residents-visits-due',
      component: () => import('./pages/VisitsDuePage.vue'),
      meta: { titleKey: 'residents.nav.visitsDue' },
    },
    {
      path: 'residents/reveals',
      name: 'residents-reveals',
      component: () => import('./pages/MyRevealsPage.vue'),
      meta: { titleKey: 'residents.nav.myReveals' },
    },
    {
      path: 'residents/buildings/:buildingId',
      name: 'residents-building',
      component: () => import('./pages/BuildingPage.vue'),
      props: withAddress(['buildingId']),
      meta: { titleKey: 'residents.nav.building' },
    },
    {
      path: 'residents/households/:householdId',
      name: 'residents-household',
      component: () => import('./pages/HouseholdPage.vue'),
      props: withAddress(['householdId']),
      meta: { titleKey: 'residents.nav.household' },
    },
    {
      path: 'residents/households/:householdId/visit',
      name: 'residents-visit',
      component: () => import('./pages/VisitPage.vue'),
      props: withAddress(['householdId']),
      meta: { titleKey: 'residents.nav.visit' },
    },
    {
      path: 'residents/:residentId',
      name: 'residents-resident',
      component: () => import('./pages/ResidentPage.vue'),
      props: true,
      meta: { titleKey: 'residents.nav.resident' },
    },
    {
      path: 'residents/:residentId/move-out',
      name: 'residents-move-out',
      component: () => import('./pages/MoveOutPage.vue'),
      props: true,
      meta: { titleKey: 'residents.nav.moveOut' },
    },
    {
      path: 'residents/:residentId/move-in',
      name: 'residents-move-in',
      component: () => import('./pages/MoveInPage.vue'),
      props: true,
      meta: { titleKey: 'residents.nav.moveIn' },
    },
  ],
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
})
