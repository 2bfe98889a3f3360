import { Locale as VantLocale } from 'vant'
import vantEnUS from 'vant/es/locale/lang/en-US'
import vantZhCN from 'vant/es/locale/lang/zh-CN'
import { createI18n } from 'vue-i18n'
import { featureMessages } from '@/features'
import enUS from './en-US'
import zhCN from './zh-CN'

export type MessageSchema = typeof zhCN
export const SUPPORTED_LOCALES = ['zh-CN', 'en-US'] as const
export type AppLocale = (typeof SUPPORTED_LOCALES)[number]
export const DEFAULT_LOCALE: AppLocale = 'zh-CN'

// Only the chosen language is persisted; nothing about the session lives in localStorage.
export const LOCALE_STORAGE_KEY = 'weimin.locale'

const vantMessages: Record<AppLocale, Parameters<typeof VantLocale.use>[1]> = {
  'zh-CN': vantZhCN,
  'en-US': vantEnUS,
}

export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value)
}

export function storedLocale(): AppLocale {
  const saved = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY)
  return isAppLocale(saved) ? saved : DEFAULT_LOCALE
}

export const i18n = createI18n<[MessageSchema], AppLocale, false>({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  // Each feature's texts sit under its name beside the shell's (`t('map.title')`).
  messages: {
    'zh-CN': { ...zhCN, ...featureMessages('zh-CN') } as MessageSchema,
    'en-US': { ...enUS, ...featureMessages('en-US') } as MessageSchema,
  },
})

/** Switches vue-i18n and Vant's built-in texts together, and remembers the choice. */
export function setLocale(locale: AppLocale, options: { persist?: boolean } = {}): void {
  i18n.global.locale.value = locale
  VantLocale.use(locale, vantMessages[locale])
  if (typeof document !== 'undefined')
    document.documentElement.lang = locale
  if (options.persist ?? true)
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale)
}

export function currentLocale(): AppLocale {
  return i18n.global.locale.value
}
