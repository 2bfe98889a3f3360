// Fails when src/api/generated/schema.d.ts is not what openapi-typescript makes from openapi.json,
// i.e. someone changed the contract without running `npm run api:gen`.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const committed = join(root, 'src/api/generated/schema.d.ts')
const scratch = mkdtempSync(join(tmpdir(), 'weimin-api-check-'))
const fresh = join(scratch, 'schema.d.ts')

try {
  execFileSync(join(root, 'node_modules/.bin/openapi-typescript'), ['openapi.json', '-o', fresh], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (readFileSync(fresh, 'utf8') !== readFileSync(committed, 'utf8')) {
    console.error(
      'api:check FAILED: src/api/generated/schema.d.ts is out of date with openapi.json.\n'
      + 'Run `npm run api:gen` and commit the result.',
    )
    process.exitCode = 1
  }
  else {
    console.log('api:check OK: src/api/generated/schema.d.ts matches openapi.json')
  }
}
finally {
  rmSync(scratch, { recursive: true, force: true })
}
