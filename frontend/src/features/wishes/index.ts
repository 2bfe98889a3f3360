import { defineFeature } from '../feature'
import { enUS, zhCN } from './messages'

/**
 * Micro-wishes on the phone: the wishes of one's community and near the phone, a wish's
 * detail (claim, give up, mark fulfilled with a proof photo and the time spent, confirm
 * with a rating and thanks), one's own claimed and submitted wishes; for staff, submitting
 * a wish for a resident and the review queue.
 */
export default defineFeature({
  name: 'wishes',
  routes: [
    {
      path: 'wishes',
      name: 'wishes',
      component: () => import('./pages/WishesPage.vue'),
      meta: { titleKey: 'wishes.title' },
    },
    {
      path: 'wishes/new',
      name: 'wish-new',
      component: () => import('./pages/SubmitWishPage.vue'),
      meta: { titleKey: 'wishes.submit.title' },
    },
    {
      path: 'wishes/review',
      name: 'wish-review',
      component: () => import('./pages/ReviewWishesPage.vue'),
      meta: { titleKey: 'wishes.review.title' },
    },
    {
      path: 'wishes/:wishId',
      name: 'wish-detail',
      component: () => import('./pages/WishDetailPage.vue'),
      props: true,
      meta: { titleKey: 'wishes.detail.title' },
    },
    {
      path: 'wishes/:wishId/fulfil',
      name: 'wish-fulfil',
      component: () => import('./pages/FulfilWishPage.vue'),
      props: true,
      meta: { titleKey: 'wishes.fulfil.title' },
    },
    {
      path: 'wishes/:wishId/confirm',
      name: 'wish-confirm',
      component: () => import('./pages/ConfirmWishPage.vue'),
      props: true,
      meta: { titleKey: 'wishes.confirm.title' },
    },
  ],
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
})
