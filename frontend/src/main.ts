import type { ToastOptions } from 'vant'
import { createPinia } from 'pinia'
import { setToastDefaultOptions } from 'vant'
import { createApp } from 'vue'
import { i18n, setLocale, storedLocale } from '@/locales'
import { wipeCachesWhenSignedOut } from '@/offline/cache'
import { startWriteQueue } from '@/offline/queue'
import { createAppRouter } from '@/router'
import { useAuthStore } from '@/stores/auth'
import App from './App.vue'
import 'vant/es/dialog/style'
import 'vant/es/toast/style'
import './styles/app.css'

// Vant draws a toast as a popup with role="dialog" and no name. A passing message is a
// status that screen readers announce politely, not a dialog (Vant passes the extra
// options on to the popup element as attributes).
setToastDefaultOptions({ 'role': 'status', 'aria-live': 'polite' } as ToastOptions)

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
setLocale(storedLocale(), { persist: false })

const router = createAppRouter()
const auth = useAuthStore()
// However a session ends (signed out here or everywhere, revoked, a lost phone signed out
// by staff), nothing it cached may stay on the phone; queued writes stay for the next sign-in.
wipeCachesWhenSignedOut(auth)
auth.onSessionLost(() => {
  const current = router.currentRoute.value
  if (current.name !== 'login')
    void router.replace({ name: 'login', query: { redirect: current.fullPath } })
})
app.use(router)
// Writes queued offline go when the signal returns, at start and at every sign-in.
startWriteQueue()
app.mount('#app')

if (import.meta.env.PROD) {
  window.addEventListener('load', () => {
    void import('@/offline/register-sw').then(({ registerServiceWorker }) => registerServiceWorker(() => {
      if (auth.isAuthenticated)
        void auth.loadAccount().catch(() => {})
    }))
  })
}
