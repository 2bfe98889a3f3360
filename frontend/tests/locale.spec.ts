import { mount } from '@vue/test-utils'
import { Picker } from 'vant'
import { afterEach, describe, expect, it } from 'vitest'
import { i18n, LOCALE_STORAGE_KEY, setLocale, storedLocale } from '@/locales'

function pickerToolbar(): string {
  const wrapper = mount(Picker, { props: { columns: [{ text: 'x', value: 'x' }] } })
  const text = wrapper.find('.van-picker__toolbar').text()
  wrapper.unmount()
  return text
}

describe('locale switch', () => {
  afterEach(() => {
    setLocale('zh-CN')
    localStorage.clear()
  })

  it('should switch the app texts and Vant texts together', () => {
    expect(pickerToolbar()).toContain('确认')
    expect(i18n.global.t('nav.me')).toBe('我的')

    setLocale('en-US')

    expect(pickerToolbar()).toContain('Confirm')
    expect(i18n.global.t('nav.me')).toBe('Me')
    expect(document.documentElement.lang).toBe('en-US')
  })

  it('should remember the chosen language in localStorage', () => {
    setLocale('en-US')
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en-US')
    expect(storedLocale()).toBe('en-US')
  })

  it('should start in Chinese when nothing or something unknown is stored', () => {
    localStorage.clear()
    expect(storedLocale()).toBe('zh-CN')
    localStorage.setItem(LOCALE_STORAGE_KEY, 'fr-FR')
    expect(storedLocale()).toBe('zh-CN')
  })

  it('should define every Chinese message in English too', () => {
    const keys = (o: object, prefix = ''): string[] => Object.entries(o).flatMap(([k, v]) =>
      typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`])
    const messages = i18n.global.messages.value
    expect(keys(messages['en-US'])).toEqual(keys(messages['zh-CN']))
  })
})
