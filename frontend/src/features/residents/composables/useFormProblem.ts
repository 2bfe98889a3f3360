import { computed, shallowRef } from 'vue'
import { ApiError, translateProblem } from '@/api'

/**
 * A form's refusal from the server: each field's reason goes under the field it names
 * (`body.reason` → `fieldError('reason')`); a problem naming no shown field is the form's.
 */
export function useFormProblem(fields: readonly string[]) {
  const error = shallowRef<ApiError | null>(null)

  function fieldError(name: string): string {
    return error.value?.fieldError(name) ?? ''
  }

  const formError = computed(() => {
    const current = error.value
    if (!current)
      return ''
    const elsewhere = current.fieldErrors.filter(problem => !fields.some(name => problem.field === name || problem.field === `body.${name}`))
    if (current.fieldErrors.length > 0 && elsewhere.length === 0)
      return ''
    const reasons = elsewhere.map(problem => problem.reason).join('；')
    return reasons || translateProblem(current)
  })

  /** Keeps an ApiError for the form; anything else is not a refusal and is rethrown. */
  function capture(caught: unknown): void {
    if (!(caught instanceof ApiError))
      throw caught
    error.value = caught
  }

  return { error, fieldError, formError, capture, clear: () => { error.value = null } }
}
