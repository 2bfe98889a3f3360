import { defineFeature } from '../feature'
import { enUS, zhCN } from './messages'

// The volunteer's screens. `volunteer-checkin` is what the QR code at an activity's venue
// opens (`/volunteer/check-in/<activity id>?code=<the activity's code>`, the code from
// `GET /api/v1/activities/{id}/qr`); `service-rate` what the QR code on a walk-in service
// request's slip opens. Signed out, both go through sign-in and come back (`?redirect=`).
export default defineFeature({
  name: 'volunteer',
  routes: [
    {
      path: 'volunteer',
      name: 'volunteer',
      component: () => import('./pages/VolunteerHomePage.vue'),
      meta: { titleKey: 'volunteer.title' },
    },
    {
      path: 'volunteer/activities',
      name: 'volunteer-activities',
      component: () => import('./pages/ActivitiesPage.vue'),
      meta: { titleKey: 'volunteer.activities.title' },
    },
    {
      path: 'volunteer/check-in/:activityId',
      name: 'volunteer-checkin',
      component: () => import('./pages/CheckInPage.vue'),
      props: true,
      meta: { titleKey: 'volunteer.checkIn.title' },
    },
    {
      path: 'volunteer/tasks',
      name: 'volunteer-tasks',
      component: () => import('./pages/TasksPage.vue'),
      meta: { titleKey: 'volunteer.tasks.title' },
    },
    {
      path: 'volunteer/services',
      name: 'volunteer-services',
      component: () => import('./pages/ServicesPage.vue'),
      meta: { titleKey: 'volunteer.services.title' },
    },
    {
      path: 'volunteer/profile',
      name: 'volunteer-profile',
      component: () => import('./pages/ProfilePage.vue'),
      meta: { titleKey: 'volunteer.profile.title' },
    },
    {
      path: 'service-requests/:requestId/rate',
      name: 'service-rate',
      component: () => import('./pages/RateServicePage.vue'),
      props: true,
      meta: { titleKey: 'volunteer.rateWalkIn.title' },
    },
  ],
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
})
