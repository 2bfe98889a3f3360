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
    {
      path: 'me/notifications',
      name: 'notification-settings',
      component: () => import('./pages/NotificationSettingsPage.vue'),
      meta: { titleKey: 'notifications.settings.title' },
    },
  ],
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
})
