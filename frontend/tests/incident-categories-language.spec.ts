import type { Category } from '@/features/incidents/types'
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import ExtraFields from '@/features/incidents/components/ExtraFields.vue'
import { forgetCategoriesForTests } from '@/features/incidents/composables/useCategories'
import ReportIncidentPage from '@/features/incidents/pages/ReportIncidentPage.vue'
import { setLocale } from '@/locales'
import { json } from './fake-transport'
import { mountSignedIn } from './signed-in-page'

// As GET /v1/incident-categories answers: Chinese and English, enum values as slugs.
const HAZARD: Category = {
  code: '0401',
  name: '安全隐患',
  name_en: 'safety hazard',
  major_code: '04',
  major_name: '突发事件',
  major_name_en: 'Emergencies',
  extension: false,
  sla_hours: { urgent: 1, high: 4, normal: 24, low: 72 },
  fields: [
    {
      name: 'hazard',
      type: 'enum',
      label: '隐患类型',
      label_en: 'Type of hazard',
      required: true,
      choices: ['fire', 'gas'],
      choice_labels: [
        { value: 'fire', label: '消防', label_en: 'Fire' },
        { value: 'gas', label: '燃气', label_en: 'Gas' },
      ],
      minimum: null,
      maximum: null,
    },
    { name: 'people_at_risk', type: 'integer', label: '受威胁人数', label_en: 'People at risk', required: false, choices: [], choice_labels: [], minimum: 0, maximum: 10_000 },
    { name: 'at_night', type: 'boolean', label: '夜间', label_en: 'At night', required: false, choices: [], choice_labels: [], minimum: null, maximum: null },
  ],
}

async function reportForm() {
  forgetCategoriesForTests()
  const { wrapper } = await mountSignedIn(ReportIncidentPage, '/incidents/new', {
    'GET /api/v1/incident-categories': () => json(200, [HAZARD]),
  }, { roles: ['grid_worker'] })
  await wrapper.get('[data-test="category"]').trigger('click')
  await flushPromises()
  const picker = wrapper.findComponent({ name: 'van-cascader' })
  picker.vm.$emit('finish', { value: '0401', selectedOptions: [{ value: 'major-04' }, { value: '0401' }], tabIndex: 1 })
  await flushPromises()
  return { wrapper, picker }
}

describe('the report form in the reader\'s language', () => {
  afterEach(() => setLocale('zh-CN', { persist: false }))

  it('should show the category, its fields and their choices in English to an English reader', async () => {
    setLocale('en-US', { persist: false })
    const { wrapper, picker } = await reportForm()

    expect(picker.props('options')).toEqual([
      { text: 'Emergencies', value: 'major-04', children: [{ text: 'safety hazard', value: '0401' }] },
    ])
    expect(wrapper.get('[data-test="category"] input').element).toHaveProperty('value', 'safety hazard')
    expect(wrapper.get('[data-test="extra-hazard"] .van-field__label').text()).toBe('Type of hazard')
    expect(wrapper.get('[data-test="extra-hazard-fire"]').text()).toBe('Fire')
    expect(wrapper.get('[data-test="extra-hazard-gas"]').text()).toBe('Gas')
    expect(wrapper.get('[data-test="extra-people_at_risk"] .van-field__label').text()).toBe('People at risk')
    expect(wrapper.get('[data-test="extra-at_night"] .van-field__label').text()).toBe('At night')
    expect(wrapper.text()).not.toMatch(/[\u4E00-\u9FFF]/)

    // The label reads "Gas"; the value chosen is still the stored slug.
    await wrapper.get('[data-test="extra-hazard-gas"]').trigger('click')
    expect(wrapper.get('[data-test="extra-hazard-gas"]').attributes('aria-checked')).toBe('true')
    expect(wrapper.findComponent(ExtraFields).props('modelValue')).toEqual({ hazard: 'gas' })
  })

  it('should show them in Chinese to a Chinese reader', async () => {
    setLocale('zh-CN', { persist: false })
    const { wrapper, picker } = await reportForm()

    expect(picker.props('options')[0]).toMatchObject({ text: '突发事件', children: [{ text: '安全隐患' }] })
    expect(wrapper.get('[data-test="extra-hazard"] .van-field__label').text()).toBe('隐患类型')
    expect(wrapper.get('[data-test="extra-hazard-gas"]').text()).toBe('燃气')
  })
})
