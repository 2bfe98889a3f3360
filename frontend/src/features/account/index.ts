import { defineFeature } from '../feature'
import { enUS, zhCN } from './messages'

export default defineFeature({
  name: 'account',
  routes: [
    {
      path: 'account',
      name: 'account',
      component: () => import('./pages/AccountPage.vue'),
      meta: { titleKey: 'account.title' },
    },
  ],
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
})
