import type { ApiError } from '@/api'
import { onBeforeUnmount, ref } from 'vue'
import { unwrap } from '@/api/client'
import { useAuthStore } from '@/stores/auth'

export type CodePurpose = 'sign-in' | 'register' | 'reset-password'

/** Asks the server to text a code and counts down until another may be asked for (the
 * server's `resend_in`, or a 429's Retry-After). */
export function usePhoneCode(purpose: CodePurpose) {
  const auth = useAuthStore()
  const sending = ref(false)
  const sent = ref(false)
  const secondsLeft = ref(0)
  let timer: ReturnType<typeof setInterval> | undefined

  function countDown(seconds: number): void {
    clearInterval(timer)
    secondsLeft.value = seconds
    timer = setInterval(() => {
      secondsLeft.value -= 1
      if (secondsLeft.value <= 0)
        clearInterval(timer)
    }, 1000)
  }

  /** Resolves when the code is on its way; throws the ApiError otherwise. */
  async function send(phone: string): Promise<void> {
    sending.value = true
    try {
      const result = unwrap(await auth.api.POST('/api/v1/auth/phone-codes', { body: { phone, purpose } }))
      sent.value = true
      countDown(result.resend_in)
    }
    catch (error) {
      const wait = (error as ApiError).retryAfterSeconds
      if (wait)
        countDown(wait)
      throw error
    }
    finally {
      sending.value = false
    }
  }

  onBeforeUnmount(() => clearInterval(timer))
  return { send, sending, sent, secondsLeft }
}

/** The same check as the server's, so most typos are caught before a request. */
export function looksLikeMobile(value: string): boolean {
  const compact = value.replace(/[\s\-()]/g, '').replace(/^(\+86|0086)/, '')
  return /^1[3-9]\d{9}$/.test(compact)
}
