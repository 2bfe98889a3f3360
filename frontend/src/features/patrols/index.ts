import { defineFeature } from '../feature'
import { enUS, zhCN } from './messages'

export default defineFeature({
  name: 'patrols',
  routes: [
    {
      path: 'patrols',
      name: 'patrols',
      component: () => import('./pages/PatrolsPage.vue'),
      meta: { titleKey: 'patrols.title' },
    },
    {
      path: 'patrols/:patrolId',
      name: 'patrol',
      component: () => import('./pages/PatrolDetailPage.vue'),
      props: true,
      meta: { titleKey: 'patrols.detailTitle' },
    },
  ],
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
})
