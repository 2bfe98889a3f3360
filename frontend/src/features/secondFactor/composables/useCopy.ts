import { showFailToast, showSuccessToast } from 'vant'
import { useI18n } from 'vue-i18n'

/** Copies a text for the reader, and says whether it worked (a webview may refuse). */
export function useCopy() {
  const { t } = useI18n()
  return async (text: string, done: string): Promise<boolean> => {
    try {
      await navigator.clipboard.writeText(text)
      showSuccessToast(done)
      return true
    }
    catch {
      showFailToast(t('secondFactor.copyFailed'))
      return false
    }
  }
}
