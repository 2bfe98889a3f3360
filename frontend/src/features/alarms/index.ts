import { defineFeature } from '../feature'
import { enUS, zhCN } from './messages'

export default defineFeature({
  name: 'alarms',
  routes: [
    {
      path: 'alarms',
      name: 'alarms',
      component: () => import('./pages/AlarmsPage.vue'),
      meta: { titleKey: 'alarms.title' },
    },
  ],
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
})
