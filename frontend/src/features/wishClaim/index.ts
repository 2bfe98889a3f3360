import { defineFeature } from '../feature'
import { enUS, zhCN } from './messages'

// `/w/<wishId>`: where a wish's QR code on the wall leads. Public (the wish as the wall
// shows it), full screen, and the same window throughout: WeChat's in-app browser opens
// no popups, so sign-in and registration come back here through `?redirect=`.
export default defineFeature({
  name: 'wishClaim',
  routes: [],
  bareRoutes: [
    {
      path: '/w/:wishId',
      name: 'wish-claim',
      component: () => import('./pages/WishClaimPage.vue'),
      props: true,
      meta: { public: true, titleKey: 'wishClaim.title' },
    },
  ],
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
})
