// Runs one journey: `node e2e/run.mjs journeys/<name>.mjs`.
// Env: BASE_URL, ADMIN_PASSWORD, DEMO_PASSWORD (the demo accounts'), optional CHROMIUM and
// SCREENSHOT_DIR; SMS_OUTBOX (org-registry's text-message outbox file, for journeys that
// read a sign-in code). A journey module exports `default async function ({ phone, baseUrl, env, snap })`.
import { basename, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { openPhone, requireEnv, snap } from './support.mjs'

const file = process.argv[2]
if (!file) {
  console.error('usage: node e2e/run.mjs journeys/<name>.mjs')
  process.exit(2)
}
const journey = basename(file, '.mjs')
const { default: run, options } = await import(pathToFileURL(resolve(import.meta.dirname, file)).href)
const baseUrl = requireEnv('BASE_URL')
const phone = await openPhone(options ?? {})
let failed = false
try {
  await run({
    phone,
    page: phone.page,
    baseUrl,
    env: { adminPassword: requireEnv('ADMIN_PASSWORD'), demoPassword: requireEnv('DEMO_PASSWORD'), smsOutbox: process.env.SMS_OUTBOX },
    snap: name => snap(phone.page, journey, name),
  })
  if (phone.problems.length)
    throw new Error(`the page reported: ${phone.problems.join('; ')}`)
  console.log(`${journey}: OK`)
}
catch (error) {
  failed = true
  console.error(`${journey}: FAILED at ${phone.page.url()}: ${error instanceof Error ? error.stack : error}`)
  await phone.page.screenshot({ path: `${process.env.SCREENSHOT_DIR ?? resolve(import.meta.dirname, 'screenshots')}/${journey}-failure.png` }).catch(() => {})
}
finally {
  await phone.close()
}
process.exit(failed ? 1 : 0)
