import type { RevealableField, RevealedValues } from '../api'
import { onBeforeUnmount, onMounted, ref, shallowRef } from 'vue'
import { onBeforeRouteLeave, onBeforeRouteUpdate } from 'vue-router'
import { ApiError } from '@/api'
import { useResidentsApi } from '../api'

/** The problem code the API answers when a reveal needs a sign-in with a second factor. */
export const SECOND_FACTOR_CODE = 'second-factor-sign-in-required'

/**
 * A resident's revealed (unmasked) values for ONE screen. They live only in this
 * component-local ref: never in a Pinia store, storage or any cache, and they are dropped
 * when the screen is left (route change, another resident, unmount) or hidden by the reader.
 */
export function useReveal(residentId: () => string) {
  const residents = useResidentsApi()
  const revealed = shallowRef<RevealedValues | null>(null)
  const revealing = ref(false)
  const error = shallowRef<ApiError | null>(null)

  function forget(): void {
    revealed.value = null
    error.value = null
  }

  async function reveal(reason: string, fields: RevealableField[]): Promise<boolean> {
    revealing.value = true
    error.value = null
    try {
      revealed.value = await residents.reveal(residentId(), reason, fields)
      return true
    }
    catch (caught) {
      if (!(caught instanceof ApiError))
        throw caught
      error.value = caught
      return false
    }
    finally {
      revealing.value = false
    }
  }

  // The phone locked or another app in front: the values go, a new reveal brings them back.
  function forgetWhenHidden(): void {
    if (document.visibilityState === 'hidden')
      forget()
  }

  onMounted(() => document.addEventListener('visibilitychange', forgetWhenHidden))
  onBeforeRouteLeave(forget)
  onBeforeRouteUpdate(forget)
  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', forgetWhenHidden)
    forget()
  })

  return {
    revealed,
    revealing,
    error,
    reveal,
    forget,
    needsSecondFactor: () => error.value?.code === SECOND_FACTOR_CODE,
  }
}
