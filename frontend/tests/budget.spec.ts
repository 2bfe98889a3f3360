import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain Node script without type declarations
import { BUDGET_BYTES, firstLoadChunks, measure } from '../scripts/check-budget.mjs'

const MANIFEST = {
  'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_vendor.js'], dynamicImports: ['src/map.vue'] },
  '_vendor.js': { file: 'assets/vendor.js', imports: ['_shared.js'] },
  '_shared.js': { file: 'assets/shared.js', imports: ['_vendor.js'] },
  'src/map.vue': { file: 'assets/map.js', isDynamicEntry: true, imports: ['_leaflet.js'] },
  '_leaflet.js': { file: 'assets/leaflet.js' },
}

function dist(files: Record<string, string | Buffer>) {
  const dir = mkdtempSync(join(tmpdir(), 'budget-'))
  mkdirSync(join(dir, '.vite'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, '.vite', 'manifest.json'), JSON.stringify(MANIFEST))
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, 'assets', name), content)
  return dir
}

// Bytes that do not compress: the gzipped size is about the raw size.
function noise(size: number) {
  return randomBytes(size)
}

describe('first-load budget', () => {
  it('should count the entry and its static imports, never the lazy screens', () => {
    expect(firstLoadChunks(MANIFEST).sort()).toEqual(['_shared.js', '_vendor.js', 'index.html'])
  })

  it('should pass a small first load and fail one over 200 KB gzipped', () => {
    const small = measure(dist({ 'index.js': 'a', 'vendor.js': 'b', 'shared.js': 'c', 'map.js': noise(300_000) }))
    expect(small.total).toBeLessThan(BUDGET_BYTES)
    const big = measure(dist({ 'index.js': 'a', 'vendor.js': noise(210 * 1024), 'shared.js': 'c', 'map.js': 'm' }))
    expect(big.total).toBeGreaterThan(BUDGET_BYTES)
  })

  it('should notice the map library in the first load', () => {
    const eager = measure(dist({ 'index.js': 'a', 'vendor.js': '"https://leafletjs.com"', 'shared.js': 'c', 'map.js': 'm' }))
    expect(eager.eager.map((item: { what: string }) => item.what)).toEqual(['Leaflet (maps)'])
  })
})
