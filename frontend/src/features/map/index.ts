import { defineFeature } from '../feature'
import { enUS, zhCN } from './messages'

export default defineFeature({
  name: 'map',
  routes: [
    {
      path: 'map',
      name: 'map',
      // The page is its own chunk; Leaflet is a further one it imports when it mounts.
      component: () => import('./pages/MapPage.vue'),
      meta: { titleKey: 'map.title' },
    },
  ],
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
})
