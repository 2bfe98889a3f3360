import type { Volunteer } from './types'
import { computed, shallowRef } from 'vue'
import { ApiError } from '@/api'
import { useAuthStore } from '@/stores/auth'
import { volunteerApi } from './api'

/**
 * The signed-in volunteer's record and the calls of these screens. `load()` reads
 * `/volunteers/me`; a 404 there means the account has no volunteer record (`missing`).
 */
export function useVolunteer() {
  const auth = useAuthStore()
  const api = volunteerApi(auth.api)
  const me = shallowRef<Volunteer | null>(null)
  const error = shallowRef<ApiError | null>(null)
  const loading = shallowRef(false)
  const missing = computed(() => error.value?.status === 404)

  async function load(): Promise<Volunteer | null> {
    loading.value = true
    error.value = null
    try {
      me.value = await api.me()
      return me.value
    }
    catch (caught) {
      if (!(caught instanceof ApiError))
        throw caught
      error.value = caught
      return null
    }
    finally {
      loading.value = false
    }
  }

  return { api, me, error, loading, missing, load }
}
