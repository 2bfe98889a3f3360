import type { Category } from '../types'
import { computed, shallowRef } from 'vue'
import { unwrap } from '@/api/client'
import { useAsync } from '@/composables/useAsync'
import { currentLocale } from '@/locales'
import { useAuthStore } from '@/stores/auth'

// The catalogue changes with a release, not during a shift: read once per app start.
const cached = shallowRef<Category[] | null>(null)

export function useCategories() {
  const auth = useAuthStore()
  const state = useAsync(async () => {
    cached.value ??= unwrap(await auth.api.GET('/api/v1/incident-categories'))
    return cached.value
  })
  const byCode = computed(() => new Map((state.data.value ?? []).map(c => [c.code, c])))

  function categoryName(code: string): string {
    const category = byCode.value.get(code)
    if (!category)
      return code
    return currentLocale() === 'zh-CN' ? category.name : category.name_en
  }

  function majorName(category: Category): string {
    return currentLocale() === 'zh-CN' ? category.major_name : category.major_name_en
  }

  /** Two levels for the picker: the major groups, each with its categories. */
  const options = computed(() => {
    const groups = new Map<string, { text: string, value: string, children: { text: string, value: string }[] }>()
    for (const category of state.data.value ?? []) {
      const group = groups.get(category.major_code)
        ?? groups.set(category.major_code, { text: majorName(category), value: `major-${category.major_code}`, children: [] }).get(category.major_code)!
      group.children.push({ text: categoryName(category.code), value: category.code })
    }
    return [...groups.values()]
  })

  return { ...state, byCode, options, categoryName }
}

export function forgetCategoriesForTests(): void {
  cached.value = null
}
