// Real-browser smoke test: sign in as the admin and see the demo city's overview counts,
// with no Content-Security-Policy violation on the way (the gateway's policy is strict).
// Env: BASE_URL (required), ADMIN_USER, ADMIN_PASSWORD, SCREENSHOT (optional PNG path),
// CHROMIUM (optional, default /usr/bin/chromium). Exits non-zero on any failure.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const EXPECTED = [2, 31, 143, 427, 1707]
const TIMEOUT_MS = 30_000

function requireEnv(name) {
  const value = process.env[name]
  if (!value) {
    console.error(`smoke: ${name} is not set`)
    process.exit(2)
  }
  return value
}

const baseUrl = requireEnv('BASE_URL')
const username = requireEnv('ADMIN_USER')
const password = requireEnv('ADMIN_PASSWORD')
const screenshot = process.env.SCREENSHOT
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium'

// Either 1707 or 1,707 (zh-CN and en-US both group thousands with a comma).
function numberPattern(n) {
  const grouped = n.toLocaleString('en-US').replaceAll(',', ',?')
  return new RegExp(`^\\s*${grouped}\\s*$`)
}

const profile = mkdtempSync(join(tmpdir(), 'weimin-smoke-'))
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 360, height: 640 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
})

let failed = false
try {
  const page = context.pages()[0] ?? await context.newPage()
  page.setDefaultTimeout(TIMEOUT_MS)
  page.on('pageerror', error => console.error(`smoke: page error: ${error.message}`))
  // Reported by the page itself (the init script runs outside the page's policy).
  const violations = []
  await page.exposeFunction('reportCspViolation', text => violations.push(text))
  await page.addInitScript(() => {
    /* global document, window -- this function runs in the page, not in Node */
    document.addEventListener('securitypolicyviolation', (event) => {
      window.reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`)
    })
  })
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy'))
      violations.push(message.text())
  })

  await page.goto(baseUrl, { waitUntil: 'domcontentloaded' })
  await page.waitForURL(/\/login/)
  await page.locator('input[name="username"]').fill(username)
  await page.locator('input[name="password"]').fill(password)
  await page.locator('[data-test="login-submit"]').click()

  const overview = page.locator('[data-test="overview"]')
  try {
    await overview.waitFor({ state: 'visible' })
  }
  catch (error) {
    const alert = await page.locator('[role="alert"]').allInnerTexts()
    throw new Error(`overview did not appear (url ${page.url()}, alert ${JSON.stringify(alert)}): ${error.message}`)
  }

  const values = overview.locator('.counts__value')
  for (const n of EXPECTED) {
    const cell = values.filter({ hasText: numberPattern(n) })
    await cell.first().waitFor({ state: 'visible' })
  }
  console.log(`smoke: overview shows ${(await values.allInnerTexts()).join(' / ')}`)
  if (violations.length)
    throw new Error(`Content Security Policy violations: ${violations.join('; ')}`)
  console.log('smoke: no Content Security Policy violations')
  if (screenshot) {
    await page.screenshot({ path: screenshot, fullPage: true })
    console.log(`smoke: screenshot saved to ${screenshot}`)
  }
  console.log('smoke: OK')
}
catch (error) {
  failed = true
  console.error(`smoke: FAILED: ${error instanceof Error ? error.message : error}`)
  if (screenshot) {
    const pages = context.pages()
    if (pages[0])
      await pages[0].screenshot({ path: screenshot, fullPage: true })
  }
}
finally {
  await context.close()
  rmSync(profile, { recursive: true, force: true })
}
process.exit(failed ? 1 : 0)
