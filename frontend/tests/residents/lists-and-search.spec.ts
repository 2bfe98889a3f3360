import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api'
import { usePagedList } from '@/features/residents/composables/usePagedList'
import { searchQuery } from '@/features/residents/search'

describe('searchQuery', () => {
  it('should look a full identity number up exactly, upper-casing its X', () => {
    expect(searchQuery(' 53290119500517003x ')).toEqual({ active: true, residents: { id_card_number: '53290119500517003X' } })
  })

  it('should look a full mobile number up exactly, spaces ignored', () => {
    expect(searchQuery('138 1234 5678')).toEqual({ active: true, residents: { phone: '13812345678' } })
  })

  it('should search names and addresses with any other text', () => {
    expect(searchQuery('3栋 101')).toEqual({ active: true, residents: { name: '3栋 101' }, address: '3栋 101' })
  })

  it('should be inactive for blank text', () => {
    expect(searchQuery('   ').active).toBe(false)
  })
})

describe('usePagedList', () => {
  it('should follow the cursor until the last page', async () => {
    const asked: (string | undefined)[] = []
    const list = usePagedList<number>(async (cursor) => {
      asked.push(cursor)
      return cursor ? { items: [3], next_cursor: null } : { items: [1, 2], next_cursor: 'c2' }
    })
    await list.load()
    await list.load()
    await list.load()
    expect(asked).toEqual([undefined, 'c2'])
    expect(list.items.value).toEqual([1, 2, 3])
    expect(list.finished.value).toBe(true)
  })

  it('should share one request when asked twice at once', async () => {
    let calls = 0
    const list = usePagedList<number>(async () => {
      calls += 1
      return { items: [calls], next_cursor: 'more' }
    })
    await Promise.all([list.load(), list.load()])
    expect(calls).toBe(1)
  })

  it('should not let an answer from before a reset into the new list', async () => {
    let release: (value: { items: string[], next_cursor: null }) => void = () => {}
    const list = usePagedList<string>(() => new Promise((resolve) => {
      release = resolve
    }))
    const old = list.load()
    const staleRelease = release
    list.reset()
    const fresh = list.load()
    release({ items: ['new'], next_cursor: null })
    staleRelease({ items: ['old'], next_cursor: null })
    await Promise.all([old, fresh])
    expect(list.items.value).toEqual(['new'])
  })

  it('should keep the ApiError and retry after it is cleared', async () => {
    let fail = true
    const list = usePagedList<number>(async () => {
      if (fail)
        throw new ApiError({ status: 503, code: 'http-503', title: 'down' })
      return { items: [1], next_cursor: null }
    })
    await list.load()
    expect(list.error.value?.status).toBe(503)
    fail = false
    list.clearError()
    await list.load()
    expect(list.items.value).toEqual([1])
    expect(list.error.value).toBeNull()
  })
})
