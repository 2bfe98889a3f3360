import type { SecondFactorStatus } from '../api'
import { ref, shallowRef } from 'vue'
import { ApiError } from '@/api'
import { useSecondFactorApi } from '../api'

/** Whether the signed-in account has the second factor on, and whether its roles need it. */
export function useSecondFactorStatus() {
  const api = useSecondFactorApi()
  const status = shallowRef<SecondFactorStatus | null>(null)
  const loading = ref(false)
  const failure = shallowRef<ApiError | null>(null)

  async function load(): Promise<void> {
    loading.value = true
    failure.value = null
    try {
      status.value = await api.status()
    }
    catch (error) {
      if (!(error instanceof ApiError))
        throw error
      failure.value = error
    }
    finally {
      loading.value = false
    }
  }

  function markEnabled(): void {
    status.value = { required: status.value?.required ?? false, enabled: true }
  }

  return { status, loading, failure, load, markEnabled }
}
