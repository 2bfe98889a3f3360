import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = join(import.meta.dirname, '..', 'src')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory())
      return sources(path)
    return /\.(?:ts|vue)$/.test(name) ? [path] : []
  })
}

// The first screen's budget excludes maps: Leaflet may only arrive with the map.
describe('leaflet stays out of the first screen', () => {
  const files = sources(SRC).map(path => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }))

  it('should be imported by the map\'s Leaflet module alone', () => {
    const importers = files.filter(f => /from 'leaflet(?:\/[^']*)?'|import 'leaflet/.test(f.text)).map(f => f.path)
    expect(importers).toEqual(['features/map/leafletMap.ts'])
  })

  it('should reach that module only through a dynamic import (types aside)', () => {
    const staticImports = files.filter(f => /^import (?!type )[^\n]*leafletMap'/m.test(f.text)).map(f => f.path)
    expect(staticImports).toEqual([])
    const dynamic = files.filter(f => f.text.includes('import(\'../leafletMap\')')).map(f => f.path)
    expect(dynamic).toEqual(['features/map/pages/MapPage.vue'])
  })
})
