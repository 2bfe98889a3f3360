import { defineFeature } from '../feature'
import { enUS, zhCN } from './messages'

export default defineFeature({
  name: 'secondFactor',
  routes: [
    {
      path: 'account/second-factor',
      name: 'second-factor',
      component: () => import('./pages/SecondFactorPage.vue'),
      meta: { titleKey: 'secondFactor.title' },
    },
  ],
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
})
