import { defineFeature } from '../feature'
import { enUS, zhCN } from './messages'

// An in-service party member: their report to the home community (org-registry's
// `/member-reports`, which the member sees as their own), pledges and services done.
export default defineFeature({
  name: 'member',
  routes: [
    {
      path: 'member',
      name: 'member',
      component: () => import('./pages/MemberPage.vue'),
      meta: { titleKey: 'member.title' },
    },
  ],
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
})
