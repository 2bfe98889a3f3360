import { defineFeature } from '../feature'
import { enUS, zhCN } from './messages'

export default defineFeature({
  name: 'notifications',
  routes: [
    {
      path: 'notifications',
      name: 'notifications',
      component: () => import('./pages/NotificationsPage.vue'),
      meta: { titleKey: 'notifications.title' },
    },
  ],
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
})
