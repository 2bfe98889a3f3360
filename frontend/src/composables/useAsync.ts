import type { Ref } from 'vue'
import { ref, shallowRef } from 'vue'
import { ApiError } from '@/api'

/** Runs a loader; keeps its result, whether it is running, and the ApiError it ended with. */
export function useAsync<T>(loader: () => Promise<T>) {
  const data = shallowRef<T | null>(null) as Ref<T | null>
  const error = shallowRef<ApiError | null>(null)
  const loading = ref(false)

  async function run(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      data.value = await loader()
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

  return { data, error, loading, run }
}
