import { computed, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError, translateProblem } from '@/api'
import { unwrap } from '@/api/client'
import { useAuthStore } from '@/stores/auth'

type Field = 'current_password' | 'new_password'

/** The change-password form: sends it, and turns the server's refusal into a text per
 * field (the password policy's codes told in the reader's language). */
export function useChangePassword() {
  const { t, te, locale } = useI18n()
  const auth = useAuthStore()
  const form = reactive({ current: '', next: '', confirm: '' })
  const submitting = ref(false)
  const failure = ref<ApiError | null>(null)
  const done = ref(false)

  function fieldText(field: Field): string | undefined {
    const problems = failure.value?.fieldErrors.filter(e => e.field === `body.${field}`) ?? []
    if (!problems.length)
      return undefined
    return problems
      .map(p => (p.code && te(`account.password.problems.${p.code}`) ? t(`account.password.problems.${p.code}`) : p.reason))
      .join(locale.value === 'zh-CN' ? '；' : '; ')
  }

  const currentError = computed(() => fieldText('current_password'))
  const newError = computed(() => fieldText('new_password'))
  // A problem that names no field of this form (offline, throttled...) is shown as a whole.
  const generalError = computed(() =>
    failure.value && !currentError.value && !newError.value ? translateProblem(failure.value) : '',
  )

  async function submit(): Promise<boolean> {
    submitting.value = true
    failure.value = null
    done.value = false
    try {
      const result = await auth.api.POST('/api/v1/accounts/me/password', {
        body: { current_password: form.current, new_password: form.next },
      })
      if (!result.response.ok)
        unwrap(result)
      form.current = form.next = form.confirm = ''
      done.value = true
      return true
    }
    catch (error) {
      if (!(error instanceof ApiError))
        throw error
      failure.value = error
      return false
    }
    finally {
      submitting.value = false
    }
  }

  return { form, submitting, failure, done, currentError, newError, generalError, submit }
}
