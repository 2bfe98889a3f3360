import { defineFeature } from '../feature'
import { enUS, zhCN } from './messages'

/**
 * The wish wall: the kiosk screen (`/wall/<community id>`, full screen, no person signed
 * in; paired once with a code) and the staff's screen of kiosk devices.
 */
export default defineFeature({
  name: 'wall',
  routes: [
    {
      path: 'kiosks',
      name: 'kiosks',
      component: () => import('./pages/KiosksPage.vue'),
      meta: { titleKey: 'wall.kiosks.title' },
    },
  ],
  bareRoutes: [
    {
      path: '/wall/:communityId',
      name: 'wall',
      component: () => import('./pages/WallPage.vue'),
      meta: { public: true, titleKey: 'wall.title' },
    },
  ],
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
})
