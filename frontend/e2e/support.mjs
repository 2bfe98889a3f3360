// What every browser journey shares: a phone-sized headless Chromium (Debian's, never a
// downloaded one), signing in, and `snap()`, which saves a screenshot of the screen and
// fails the journey on any serious or critical axe-core finding on it.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
export const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? join(dirname(fileURLToPath(import.meta.url)), 'screenshots')
export const TIMEOUT_MS = 30_000
// The flags a closed network needs: without them Chromium keeps calling Google's hosts.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export function requireEnv(name) {
  const value = process.env[name]
  if (!value)
    throw new Error(`${name} is not set`)
  return value
}

/** A fresh profile at 360×640 (a cheap Android phone), with geolocation granted. */
export async function openPhone({ geolocation, locale = 'zh-CN' } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'weimin-e2e-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    geolocation,
    permissions: geolocation ? ['geolocation'] : [],
    args: CHROMIUM_ARGS,
  })
  const problems = []
  const page = context.pages()[0] ?? await context.newPage()
  page.setDefaultTimeout(TIMEOUT_MS)
  watchPage(page, problems)
  context.on('page', p => watchPage(p, problems))
  return {
    context,
    page,
    /** Page errors and Content-Security-Policy violations seen so far. */
    problems,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

function watchPage(page, problems) {
  page.on('pageerror', error => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy'))
      problems.push(message.text())
  })
}

export async function signIn(page, baseUrl, username, password) {
  await page.goto(baseUrl, { waitUntil: 'domcontentloaded' })
  await page.waitForURL(/\/login/)
  await page.locator('input[name="username"]').fill(username)
  await page.locator('input[name="password"]').fill(password)
  await page.locator('[data-test="login-submit"]').click()
  await page.waitForURL(url => !url.pathname.startsWith('/login'))
}

/**
 * One JSON call to the platform's API, as a journey sets the scene or checks the result
 * behind the screens; throws naming the call and the answer when it is not a success.
 */
export async function callApi(baseUrl, path, { token, method = 'GET', body } = {}) {
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  const answer = await response.json().catch(() => undefined)
  if (!response.ok)
    throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(answer)}`)
  return answer
}

/**
 * Has the test kill the named processes of the platform (`wishes`, `gateway` …) and
 * waits until the launcher has started each again and it answers /readyz
 * (tests/browser/test_journeys.py watches PLATFORM_CONTROL_DIR for the request).
 */
export async function restartPlatform(names, { withinMs = 120_000 } = {}) {
  const dir = requireEnv('PLATFORM_CONTROL_DIR')
  const done = join(dir, 'restart.done')
  rmSync(done, { force: true })
  writeFileSync(join(dir, 'restart'), names.join('\n'))
  const deadline = Date.now() + withinMs
  while (!existsSync(done)) {
    if (Date.now() > deadline)
      throw new Error(`${names.join(', ')} did not come back within ${withinMs} ms`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

const SERIOUS = new Set(['serious', 'critical'])

// Vue's <Transition> classes: an element carrying one is half faded in or out.
const IN_TRANSITION = /-(?:enter|leave)-(?:active|from|to)\b|-move\b/

/** Waits (up to 3 s) until no element on the page is in the middle of a Vue transition. */
async function transitionsSettled(page) {
  await page.waitForFunction(
    pattern => ![...globalThis.document.querySelectorAll('[class]')].some(el => new RegExp(pattern).test(el.getAttribute('class'))),
    IN_TRANSITION.source,
    { timeout: 3000, polling: 100 },
  ).catch(() => {}) // a screen that animates for ever is still checked as it stands
}

async function seriousViolations(page) {
  // Evaluated over the DevTools protocol, so the page's own script policy does not apply.
  await page.evaluate(AXE_SOURCE)
  const result = await page.evaluate(() => globalThis.axe.run(globalThis.document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }))
  return result.violations.filter(v => SERIOUS.has(v.impact))
}

/** True when every offending element was caught mid-transition (a rotating wall card, say). */
function onlyMidTransition(violations) {
  return violations.every(v => v.nodes.every(n => n.target.some(t => IN_TRANSITION.test(t))))
}

/**
 * Saves `<journey>/<name>.png` under e2e/screenshots and checks the screen with axe-core
 * (WCAG 2 A/AA and best practices); throws on any serious or critical violation. A finding
 * made only on elements that were fading in or out is checked again once they have settled,
 * since a half-faded card is not what a person reads.
 */
export async function snap(page, journey, name) {
  const dir = join(SCREENSHOTS, journey)
  mkdirSync(dir, { recursive: true })
  // Let transitions and toasts settle so the picture is what a person sees.
  await page.waitForTimeout(300)
  await transitionsSettled(page)
  await page.screenshot({ path: join(dir, `${name}.png`) })
  let serious = await seriousViolations(page)
  for (let retry = 0; retry < 3 && serious.length && onlyMidTransition(serious); retry++) {
    await transitionsSettled(page)
    serious = await seriousViolations(page)
  }
  if (serious.length) {
    const lines = serious.map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`)
    throw new Error(`axe on ${journey}/${name}:\n  ${lines.join('\n  ')}`)
  }
  console.log(`${journey}: ${name} saved, axe found nothing serious`)
}
