// The first-load budget, run after `vite build`: the JavaScript a phone must fetch before
// the app can draw anything (the entry chunk and every chunk it imports statically,
// gzipped) stays under 200 KB, and the map library is never part of it (maps load with the
// map screen). Reads Vite's manifest (dist/.vite/manifest.json). Exit 1 when over.
//
//   node scripts/check-budget.mjs [distDir]
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'

export const BUDGET_BYTES = 200 * 1024
// Leaflet's attribution names its site; no other code we ship does.
const LAZY_ONLY = [{ what: 'Leaflet (maps)', marker: 'leafletjs.com' }]

/** The manifest keys of the entry chunk and everything it imports statically. */
export function firstLoadChunks(manifest) {
  const entries = Object.keys(manifest).filter(key => manifest[key].isEntry)
  const seen = new Set()
  const visit = (key) => {
    if (seen.has(key) || !manifest[key])
      return
    seen.add(key)
    for (const imported of manifest[key].imports ?? [])
      visit(imported)
  }
  entries.forEach(visit)
  return [...seen]
}

export function measure(distDir) {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8'))
  const chunks = firstLoadChunks(manifest).map((key) => {
    const code = readFileSync(join(distDir, manifest[key].file))
    return { file: manifest[key].file, bytes: code.length, gzipped: gzipSync(code, { level: 9 }).length, code }
  })
  const total = chunks.reduce((sum, chunk) => sum + chunk.gzipped, 0)
  const eager = LAZY_ONLY.filter(({ marker }) => chunks.some(chunk => chunk.code.includes(marker)))
  return { chunks, total, eager }
}

function main() {
  const distDir = resolve(process.argv[2] ?? 'dist')
  const { chunks, total, eager } = measure(distDir)
  const kb = bytes => `${(bytes / 1024).toFixed(1)} KB`
  for (const chunk of chunks)
    console.log(`  ${chunk.file}  ${kb(chunk.bytes)}, gzipped ${kb(chunk.gzipped)}`)
  console.log(`first-load JavaScript: ${kb(total)} gzipped (budget ${kb(BUDGET_BYTES)})`)
  let failed = false
  if (total > BUDGET_BYTES) {
    console.error(`over budget by ${kb(total - BUDGET_BYTES)}: import heavy code lazily (() => import(...))`)
    failed = true
  }
  for (const { what } of eager) {
    console.error(`${what} is in the first load: import it only from the screens that need it`)
    failed = true
  }
  process.exit(failed ? 1 : 0)
}

if (import.meta.url === `file://${process.argv[1]}`)
  main()
