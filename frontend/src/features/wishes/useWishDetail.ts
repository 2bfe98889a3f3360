import type { MyWish, WallWish, WishRead } from './types'
import { computed, ref, shallowRef } from 'vue'
import { ApiError } from '@/api'
import { unwrap } from '@/api/client'
import { useAuthStore } from '@/stores/auth'
import { STAFF_ROLES } from './types'

/** A wish as one screen shows it, whoever looks: staff see the beneficiary's name
 * (`staff`), a claimer or submitter their own follow-up (`mine`), anyone the public card. */
export interface WishView {
  id: string
  title: string
  description: string
  category: string
  urgency: string
  estimatedValueYuan: number
  gridLabel: string
  claimRule: string
  /** The beneficiary as shown: 张奶奶 to the public, 张桂英（张奶奶） to staff. */
  beneficiary: string
  state: string
  claimDeadlineAt: string | null
  fulfilledAt: string | null
  serviceMinutes: number | null
  rating: number | null
  thanksMessage: string | null
  rejectionReason: string | null
  iClaimed: boolean
}

function fromCard(card: WallWish, mine: MyWish | null): WishView {
  return {
    id: card.id,
    title: card.title,
    description: card.description,
    category: card.category,
    urgency: card.urgency,
    estimatedValueYuan: card.estimated_value_yuan,
    gridLabel: card.grid_label,
    claimRule: card.claim_rule,
    beneficiary: card.beneficiary,
    state: mine?.state ?? card.state,
    claimDeadlineAt: mine?.claim_deadline_at ?? null,
    fulfilledAt: mine?.fulfilled_at ?? null,
    serviceMinutes: mine?.service_minutes ?? null,
    rating: mine?.rating ?? null,
    thanksMessage: mine?.thanks_message ?? null,
    rejectionReason: mine?.rejection_reason ?? null,
    iClaimed: mine?.i_claimed ?? false,
  }
}

function fromStaff(wish: WishRead, subject: string | undefined): WishView {
  const { name, public_name: publicName } = wish.beneficiary
  return {
    id: wish.id,
    title: wish.title,
    description: wish.description,
    category: wish.category,
    urgency: wish.urgency,
    estimatedValueYuan: wish.estimated_value_yuan,
    gridLabel: wish.grid_label,
    claimRule: wish.claim_rule,
    beneficiary: name === publicName ? name : `${name}（${publicName}）`,
    state: wish.state,
    claimDeadlineAt: wish.claim_deadline_at,
    fulfilledAt: wish.fulfilled_at,
    serviceMinutes: wish.service_minutes,
    rating: wish.rating,
    thanksMessage: wish.thanks_message,
    rejectionReason: wish.rejection_reason,
    iClaimed: subject !== undefined && wish.claimer_id === subject,
  }
}

/** One wish for the detail screen, and the moves its viewer may make on it. */
export function useWishDetail(wishId: () => string) {
  const auth = useAuthStore()
  const wish = shallowRef<WishView | null>(null)
  const staffWish = shallowRef<WishRead | null>(null)
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)
  const acting = ref(false)
  const actionError = shallowRef<ApiError | null>(null)

  const isStaff = computed(() => auth.roles.some(role => (STAFF_ROLES as readonly string[]).includes(role)))

  async function mineOf(id: string): Promise<MyWish | null> {
    try {
      return unwrap(await auth.api.GET('/api/v1/wishes/mine/{wish_id}', { params: { path: { wish_id: id } } }))
    }
    catch (caught) {
      if (caught instanceof ApiError && caught.status === 404)
        return null
      throw caught
    }
  }

  async function load(): Promise<void> {
    const id = wishId()
    loading.value = true
    error.value = null
    try {
      if (isStaff.value) {
        const read = unwrap(await auth.api.GET('/api/v1/wishes/{wish_id}', { params: { path: { wish_id: id } } }))
        staffWish.value = read
        wish.value = fromStaff(read, auth.account?.id)
      }
      else {
        const [card, mine] = await Promise.all([
          auth.api.GET('/api/v1/wall/wishes/{wish_id}', { params: { path: { wish_id: id } } }).then(unwrap),
          mineOf(id),
        ])
        wish.value = fromCard(card, mine)
      }
    }
    catch (caught) {
      if (!(caught instanceof ApiError))
        throw caught
      error.value = caught
    }
    finally {
      loading.value = false
    }
  }

  /** Runs one move; reloads the wish afterwards (also after a conflict, which means the
   * wish changed under the viewer). Returns whether the move was made. */
  async function act(move: () => Promise<unknown>): Promise<boolean> {
    acting.value = true
    actionError.value = null
    try {
      await move()
      await load()
      return true
    }
    catch (caught) {
      if (!(caught instanceof ApiError))
        throw caught
      actionError.value = caught
      if (caught.status === 409)
        await load()
      return false
    }
    finally {
      acting.value = false
    }
  }

  const path = () => ({ params: { path: { wish_id: wishId() } } })

  /** Claims the wish; answers 'pending' when the community must approve the claim first. */
  async function claim(): Promise<'claimed' | 'pending' | null> {
    const made = { status: '' }
    const done = await act(async () => {
      made.status = unwrap(await auth.api.POST('/api/v1/wishes/{wish_id}/claim', { ...path(), body: {} })).status
    })
    if (!done)
      return null
    return made.status === 'pending' ? 'pending' : 'claimed'
  }

  function withdraw(): Promise<boolean> {
    return act(async () => unwrap(await auth.api.POST('/api/v1/wishes/{wish_id}/claim/withdraw', path())))
  }

  function confirm(rating: number, thanks: string): Promise<boolean> {
    return act(async () => unwrap(await auth.api.POST('/api/v1/wishes/{wish_id}/confirm', {
      ...path(),
      body: { rating, thanks_message: thanks },
    })))
  }

  return { wish, staffWish, loading, error, acting, actionError, isStaff, load, claim, withdraw, confirm }
}
