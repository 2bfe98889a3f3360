import { defineFeature } from '../feature'
import { enUS, zhCN } from './messages'

export default defineFeature({
  name: 'incidents',
  routes: [
    {
      path: 'incidents',
      name: 'incidents',
      component: () => import('./pages/IncidentListPage.vue'),
      meta: { titleKey: 'incidents.listTitle' },
    },
    {
      path: 'incidents/new',
      name: 'incident-report',
      component: () => import('./pages/ReportIncidentPage.vue'),
      meta: { titleKey: 'incidents.reportTitle' },
    },
    {
      path: 'incidents/:id',
      name: 'incident-detail',
      component: () => import('./pages/IncidentDetailPage.vue'),
      meta: { titleKey: 'incidents.detailTitle' },
    },
  ],
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
})
