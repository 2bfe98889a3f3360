import { defineFeature } from '../feature'
import { enUS, zhCN } from './messages'

// Sign-in with a text-message code, registration and password reset: the code sign-in and
// registration are tabs of the login page (components here), the reset its own screen.
export default defineFeature({
  name: 'signup',
  routes: [],
  bareRoutes: [
    {
      path: '/forgot-password',
      name: 'forgot-password',
      component: () => import('./pages/ForgotPasswordPage.vue'),
      meta: { public: true, titleKey: 'signup.forgotTitle' },
    },
  ],
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
})
