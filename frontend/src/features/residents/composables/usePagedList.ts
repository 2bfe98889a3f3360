import type { Ref } from 'vue'
import type { Page } from '../api'
import { ref, shallowRef } from 'vue'
import { ApiError } from '@/api'

/**
 * A cursor-paged list for Vant's `<van-list>`: `load()` fetches the next page (van-list
 * calls it as the reader scrolls), `reset()` starts over (a new search or filter).
 */
export function usePagedList<T>(fetchPage: (cursor?: string) => Promise<Page<T>>) {
  const items = shallowRef<T[]>([]) as Ref<T[]>
  const loading = ref(false)
  const finished = ref(false)
  const error = shallowRef<ApiError | null>(null)
  /** True once the first page has answered (to tell "empty" from "not loaded yet"). */
  const loaded = ref(false)
  let cursor: string | undefined
  // A reset while a page is in flight must not let the old answer land in the new list.
  let generation = 0
  let inFlight: Promise<void> | null = null

  /** The next page; a call while one is on its way shares it (van-list may ask twice). */
  function load(): Promise<void> {
    if (finished.value)
      return Promise.resolve()
    if (inFlight)
      return inFlight
    const current: Promise<void> = fetchNext().finally(() => {
      if (inFlight === current)
        inFlight = null
    })
    inFlight = current
    return current
  }

  async function fetchNext(): Promise<void> {
    const mine = generation
    loading.value = true
    error.value = null
    try {
      const page = await fetchPage(cursor)
      if (mine !== generation)
        return
      items.value = [...items.value, ...page.items]
      cursor = page.next_cursor ?? undefined
      finished.value = !page.next_cursor
      loaded.value = true
    }
    catch (caught) {
      if (!(caught instanceof ApiError))
        throw caught
      if (mine === generation)
        error.value = caught
    }
    finally {
      if (mine === generation)
        loading.value = false
    }
  }

  function reset(): void {
    generation += 1
    inFlight = null
    items.value = []
    cursor = undefined
    finished.value = false
    loaded.value = false
    error.value = null
    loading.value = false
  }

  return { items, loading, finished, error, loaded, load, reset, clearError: () => { error.value = null } }
}
