import type { ExtraField } from '@/features/incidents/types'
import { describe, expect, it, vi } from 'vitest'
import { extraFieldRules, extraValues } from '@/features/incidents/composables/extraFields'
import { useGeolocation } from '@/features/incidents/composables/useGeolocation'
import { COMPRESSION_OPTIONS, compressPhoto } from '@/features/incidents/composables/usePhotoCompression'

type Success = (position: { coords: { longitude: number, latitude: number } }) => void
type Failure = (error: { code: number, PERMISSION_DENIED: number }) => void
type Compress = Parameters<typeof compressPhoto>[1]

function fakeGeolocation(answer: (ok: Success, fail: Failure) => void) {
  const getCurrentPosition = vi.fn<(ok: Success, fail: Failure, options?: PositionOptions) => void>((ok, fail) => answer(ok, fail))
  return { getCurrentPosition } as unknown as Geolocation & { getCurrentPosition: typeof getCurrentPosition }
}

describe('useGeolocation', () => {
  it('should fill in the position from a fix', async () => {
    const gps = useGeolocation(fakeGeolocation(ok => ok({ coords: { longitude: 100.2, latitude: 25.6 } })))

    expect(await gps.locate()).toEqual({ lon: 100.2, lat: 25.6 })
    expect(gps.manual.value).toBe(false)
  })

  it('should fall back to manual entry when permission is refused', async () => {
    const gps = useGeolocation(fakeGeolocation((_, fail) => fail({ code: 1, PERMISSION_DENIED: 1 })))

    expect(await gps.locate()).toBeNull()
    expect([gps.manual.value, gps.failure.value]).toEqual([true, 'denied'])
    gps.setManually({ lon: 100.1, lat: 25.5 })
    expect(gps.position.value).toEqual({ lon: 100.1, lat: 25.5 })
  })

  it('should fall back to manual entry when no fix comes or there is no GPS', async () => {
    const timedOut = useGeolocation(fakeGeolocation((_, fail) => fail({ code: 3, PERMISSION_DENIED: 1 })))
    await timedOut.locate()
    expect([timedOut.manual.value, timedOut.failure.value]).toEqual([true, 'unavailable'])

    const none = useGeolocation(undefined)
    expect(await none.locate()).toBeNull()
    expect([none.manual.value, none.failure.value]).toEqual([true, 'unsupported'])
  })

  it('should ask for a high-accuracy fix with a timeout', async () => {
    const geolocation = fakeGeolocation(ok => ok({ coords: { longitude: 1, latitude: 2 } }))
    await useGeolocation(geolocation).locate()

    expect(geolocation.getCurrentPosition.mock.calls[0]![2]).toMatchObject({ enableHighAccuracy: true, timeout: 10_000 })
  })
})

describe('compressPhoto', () => {
  it('should compress a large photo to at most 1600 px and about 500 KB as JPEG', async () => {
    const compress = vi.fn(async () => new Blob(['small'], { type: 'image/jpeg' }))
    const asCompress = compress as unknown as Compress
    const photo = new File([new Uint8Array(600_000)], 'camera.jpg', { type: 'image/jpeg' })

    const result = await compressPhoto(photo, asCompress)

    expect(await result.text()).toBe('small')
    expect(compress).toHaveBeenCalledWith(photo, expect.objectContaining({ maxWidthOrHeight: 1600, maxSizeMB: 0.5, fileType: 'image/jpeg' }))
    expect(COMPRESSION_OPTIONS.maxWidthOrHeight).toBe(1600)
  })

  it('should compress a small photo that is not a JPEG, and keep a small JPEG as it is', async () => {
    const compress = vi.fn(async () => new Blob(['jpeg'], { type: 'image/jpeg' }))
    const asCompress = compress as unknown as Compress
    const png = new File([new Uint8Array(1000)], 'shot.png', { type: 'image/png' })
    const jpeg = new File([new Uint8Array(1000)], 'shot.jpg', { type: 'image/jpeg' })

    await compressPhoto(png, asCompress)
    expect(await compressPhoto(jpeg, asCompress)).toBe(jpeg)
    expect(compress).toHaveBeenCalledTimes(1)
  })
})

describe('extra field rules', () => {
  const t = (key: string, values?: Record<string, unknown>) => `${key} ${JSON.stringify(values ?? {})}`
  const people: ExtraField = { name: 'people_at_risk', type: 'integer', label: '受威胁人数', label_en: 'People at risk', required: false, choices: [], choice_labels: [], minimum: 0, maximum: 10 }

  async function check(rules: ReturnType<typeof extraFieldRules>, value: unknown): Promise<string[]> {
    const failed = []
    for (const rule of rules) {
      if (rule.required && (value === '' || value === undefined))
        failed.push(String(rule.message))
      else if (rule.validator && !(await rule.validator(value, rule)))
        failed.push(String(rule.message))
    }
    return failed
  }

  it('should check an integer field\'s bounds as the server does', async () => {
    const rules = extraFieldRules(people, t)

    expect(await check(rules, '')).toEqual([])
    expect(await check(rules, '5')).toEqual([])
    expect(await check(rules, '11')).toEqual(['incidents.form.fieldMax {"label":"受威胁人数","n":10}'])
    expect(await check(rules, '2.5')).toEqual(['incidents.form.fieldInteger {"label":"受威胁人数"}'])
  })

  it('should require a required field and send integers as numbers, leaving empty ones out', async () => {
    const hazard: ExtraField = { name: 'hazard', type: 'enum', label: '隐患类型', label_en: 'Type of hazard', required: true, choices: ['fire'], choice_labels: [{ value: 'fire', label: '消防', label_en: 'Fire' }], minimum: null, maximum: null }
    const night: ExtraField = { name: 'at_night', type: 'boolean', label: '夜间', label_en: 'At night', required: true, choices: [], choice_labels: [], minimum: null, maximum: null }

    expect(await check(extraFieldRules(hazard, t), '')).toEqual(['incidents.form.fieldRequired {"label":"隐患类型"}'])
    expect(extraValues([people, hazard, night], { people_at_risk: '3', hazard: '' })).toEqual({ people_at_risk: 3, at_night: false })
  })
})
