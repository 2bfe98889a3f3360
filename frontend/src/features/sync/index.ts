import { defineFeature } from '../feature'
import { enUS, zhCN } from './messages'

export default defineFeature({
  name: 'sync',
  routes: [
    {
      path: 'sync',
      name: 'sync',
      component: () => import('./pages/SyncPage.vue'),
      meta: { titleKey: 'sync.title' },
    },
  ],
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
})
