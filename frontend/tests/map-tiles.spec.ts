import gcoord from 'gcoord'
import { describe, expect, it } from 'vitest'
import { needsGcj02, NO_TILES, parseTiles, projectorFor } from '@/features/map/tiles'

const DALI: [number, number] = [100.2052, 25.6051]
const AMAP = { ...NO_TILES, url: 'https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}', subdomains: ['1'], crs: 'gcj02' as const }
const TIANDITU = { ...NO_TILES, url: 'https://t{s}.tianditu.gov.cn/vec_w/wmts?x={x}&y={y}&l={z}', subdomains: ['0'], crs: 'wgs84' as const }

function metres(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180
  return Math.hypot((b[0] - a[0]) * rad * Math.cos(a[1] * rad), (b[1] - a[1]) * rad) * 6_371_000
}

describe('tiles and datum', () => {
  it('should shift our WGS-84 data only onto GCJ-02 tiles', () => {
    expect(needsGcj02(AMAP)).toBe(true)
    expect(needsGcj02(TIANDITU)).toBe(false)
    // No tiles: nothing to line up with, even if the datum says GCJ-02.
    expect(needsGcj02({ ...AMAP, url: '' })).toBe(false)
    expect(needsGcj02(NO_TILES)).toBe(false)
  })

  it('should move a point in Dali by the GCJ-02 offset (a few hundred metres) for AMap tiles', () => {
    const shifted = projectorFor(AMAP)(DALI)
    expect(shifted).toEqual(gcoord.transform(DALI, gcoord.WGS84, gcoord.GCJ02))
    const offset = metres(DALI, shifted)
    expect(offset).toBeGreaterThan(100)
    expect(offset).toBeLessThan(700)
  })

  it('should leave positions alone for Tianditu and for no tiles', () => {
    expect(projectorFor(TIANDITU)(DALI)).toEqual(DALI)
    expect(projectorFor(NO_TILES)(DALI)).toEqual(DALI)
  })

  it('should read the gateway setting, and take anything unreadable for no tiles', () => {
    expect(parseTiles({ map: { ...AMAP } })).toEqual(AMAP)
    expect(parseTiles({ map: { url: TIANDITU.url, crs: 'bd09' } }).crs).toBe('wgs84')
    expect(parseTiles(null)).toEqual(NO_TILES)
    expect(parseTiles({})).toEqual(NO_TILES)
    expect(parseTiles({ map: { url: 42 } })).toEqual(NO_TILES)
  })
})
