import type { RouteRecordRaw, Router } from 'vue-router'
import { createRouter, createWebHistory } from 'vue-router'
import { bareFeatureRoutes, featureRoutes } from '@/features'
import { useAuthStore } from '@/stores/auth'
import { createAuthGuard } from './guard'

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean
    /** Locale key of the NavBar title. */
    titleKey?: string
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/pages/login.vue'),
    meta: { public: true, titleKey: 'nav.login' },
  },
  {
    path: '/',
    component: () => import('@/components/AppFrame.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/pages/home.vue'), meta: { titleKey: 'nav.home' } },
      { path: 'me', name: 'me', component: () => import('@/pages/me.vue'), meta: { titleKey: 'nav.me' } },
      ...featureRoutes(),
    ],
  },
  ...bareFeatureRoutes(),
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export function createAppRouter(history = createWebHistory(import.meta.env.BASE_URL)): Router {
  const router = createRouter({ history, routes })
  router.beforeEach(createAuthGuard(() => useAuthStore()))
  return router
}
