import { defineFeature } from '../feature'
import { enUS, zhCN } from './messages'
// In the main bundle, not a lazy chunk: the screen that shows what waits for a signal must
// open without one, even before the service worker has cached the app's chunks.
import SyncPage from './pages/SyncPage.vue'

export default defineFeature({
  name: 'sync',
  routes: [
    {
      path: 'sync',
      name: 'sync',
      component: SyncPage,
      meta: { titleKey: 'sync.title' },
    },
  ],
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
})
