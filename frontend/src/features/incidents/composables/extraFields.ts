import type { FieldRule } from 'vant'
import type { ExtraField } from '../types'

type Translate = (key: string, values?: Record<string, unknown>) => string

/** The field's label in the UI language (the catalogue carries Chinese and English). */
export function fieldLabel(field: ExtraField, locale: string): string {
  return locale === 'zh-CN' ? field.label : field.label_en
}

/** An enum value's label in the UI language; the value itself (what is sent) if unlabelled. */
export function choiceLabel(field: ExtraField, value: string, locale: string): string {
  const choice = field.choice_labels.find(c => c.value === value)
  if (!choice)
    return value
  return locale === 'zh-CN' ? choice.label : choice.label_en
}

/** Vant form rules for one of a category's extra fields, as the server validates it;
 * `label` names the field in the messages (the UI language's label). */
export function extraFieldRules(field: ExtraField, t: Translate, label = field.label): FieldRule[] {
  const rules: FieldRule[] = []
  if (field.required && field.type !== 'boolean')
    rules.push({ required: true, message: t('incidents.form.fieldRequired', { label }) })
  if (field.type === 'integer') {
    const present = (value: unknown) => value !== '' && value !== undefined && value !== null
    rules.push({ validator: (value: unknown) => !present(value) || Number.isInteger(Number(value)), message: t('incidents.form.fieldInteger', { label }) })
    if (field.minimum !== null)
      rules.push({ validator: (value: unknown) => !present(value) || Number(value) >= field.minimum!, message: t('incidents.form.fieldMin', { label, n: field.minimum }) })
    if (field.maximum !== null)
      rules.push({ validator: (value: unknown) => !present(value) || Number(value) <= field.maximum!, message: t('incidents.form.fieldMax', { label, n: field.maximum }) })
  }
  return rules
}

/** The values as the API wants them: integers as numbers, empty optional fields left out. */
export function extraValues(fields: ExtraField[], values: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const field of fields) {
    const value = values[field.name]
    if (field.type === 'boolean')
      result[field.name] = Boolean(value)
    else if (value === '' || value === undefined || value === null)
      continue
    else
      result[field.name] = field.type === 'integer' ? Number(value) : value
  }
  return result
}
