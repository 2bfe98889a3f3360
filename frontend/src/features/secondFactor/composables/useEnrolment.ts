import type { Enrolment } from '../api'
import { computed, ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError, translateProblem } from '@/api'
import { useAuthStore } from '@/stores/auth'
import { useSecondFactorApi } from '../api'
import { svgImageUrl } from '../qr'

const WRONG_CODE = 'second-factor-code-wrong'

/**
 * Turning the second factor on: a new secret (its QR code and text), a first code to
 * confirm it, then the recovery codes, held here only until the reader is done with them.
 * Confirming replaces this sign-in by one that counts as password and code.
 */
export function useEnrolment() {
  const { t } = useI18n()
  const api = useSecondFactorApi()
  const auth = useAuthStore()
  const enrolment = shallowRef<Enrolment | null>(null)
  const recoveryCodes = ref<string[] | null>(null)
  const code = ref('')
  const starting = ref(false)
  const confirming = ref(false)
  const failure = shallowRef<ApiError | null>(null)
  const localCodeError = ref('')

  const qrUrl = computed(() => (enrolment.value ? svgImageUrl(enrolment.value.qr_svg) : null))
  // The server's refusal of the code goes on the code field, in the reader's language.
  const codeError = computed(() => {
    const error = failure.value
    if (localCodeError.value || !error)
      return localCodeError.value
    if (error.code === WRONG_CODE)
      return translateProblem(error)
    return error.fieldError('code') ?? ''
  })
  const formError = computed(() => (failure.value && !codeError.value ? translateProblem(failure.value) : ''))

  async function attempt<T>(busy: typeof starting, work: () => Promise<T>): Promise<T | null> {
    busy.value = true
    failure.value = null
    localCodeError.value = ''
    try {
      return await work()
    }
    catch (error) {
      if (!(error instanceof ApiError))
        throw error
      failure.value = error
      return null
    }
    finally {
      busy.value = false
    }
  }

  async function start(): Promise<boolean> {
    code.value = ''
    enrolment.value = await attempt(starting, api.start)
    return enrolment.value !== null
  }

  async function confirm(): Promise<boolean> {
    const typed = code.value.replace(/\s+/g, '')
    if (!/^\d{6}$/.test(typed)) {
      failure.value = null
      localCodeError.value = t('secondFactor.code.invalid')
      return false
    }
    const codes = await attempt(confirming, () => auth.confirmSecondFactor(typed))
    if (!codes)
      return false
    // The secret is of no more use on this screen; the recovery codes are shown once.
    enrolment.value = null
    code.value = ''
    recoveryCodes.value = codes
    return true
  }

  function cancel(): void {
    enrolment.value = null
    code.value = ''
    failure.value = null
    localCodeError.value = ''
  }

  function finish(): void {
    recoveryCodes.value = null
  }

  return { enrolment, recoveryCodes, code, qrUrl, starting, confirming, codeError, formError, start, confirm, cancel, finish }
}
