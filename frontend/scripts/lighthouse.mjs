// Lighthouse 12 (mobile preset) on the grid worker's home, signed in as grid001.
//
// Chromium (Debian's, with the closed-network flags the browser journeys use) is started by
// chrome-launcher; playwright-core signs in over CDP in one tab. The session lives in that
// tab's sessionStorage, so Lighthouse audits that same tab (handed to it through
// puppeteer-core, the driver Lighthouse itself uses) with `disableStorageReset`: a tab
// Lighthouse opened itself would start signed out and audit the sign-in page.
//
//   BASE_URL=… DEMO_PASSWORD=… node scripts/lighthouse.mjs [--runs 3]
//     [--categories performance,accessibility,best-practices]
//     [--min accessibility=95,best-practices=95] [--out result.json] [--full lhr.json]
//
// Prints each run's scores and the median, writes them as JSON with --out, and exits 1 when
// a median is under its --min (naming the audits that cost points).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { chromium } from 'playwright-core'
import puppeteer from 'puppeteer-core'
import { CHROMIUM_ARGS, requireEnv, signIn } from '../e2e/support.mjs'

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    categories: { type: 'string', default: 'performance,accessibility,best-practices' },
    min: { type: 'string', default: '' },
    out: { type: 'string' },
    user: { type: 'string', default: 'grid001' },
    // The last run's whole report, to read where the time went (bootup-time, long tasks).
    full: { type: 'string' },
  },
})

// Milliseconds (layout shift: a score), recorded when performance is measured.
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'speed-index', 'interactive']

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** The audits of a category that did not score full marks and weigh in its score. */
function lostPoints(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter(ref => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
    .map(ref => `${ref.id} (${lhr.audits[ref.id].title})`)
}

async function signedInTab(port, baseUrl, user, password) {
  const playwright = await chromium.connectOverCDP(`http://127.0.0.1:${port}`)
  const context = playwright.contexts()[0]
  const page = context.pages()[0] ?? await context.newPage()
  await signIn(page, baseUrl, user, password)
  await page.locator('.frame').waitFor({ state: 'visible' })
  const url = page.url()
  // Lets go of the tab without closing it (the browser belongs to chrome-launcher).
  await playwright.close()
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, defaultViewport: null })
  const tab = (await browser.pages()).find(candidate => candidate.url() === url)
  if (!tab)
    throw new Error(`the signed-in tab (${url}) is gone`)
  return { browser, tab, url }
}

async function main() {
  const baseUrl = requireEnv('BASE_URL')
  const password = requireEnv('DEMO_PASSWORD')
  const categories = args.categories.split(',').map(name => name.trim()).filter(Boolean)
  const minimums = Object.fromEntries(args.min.split(',').filter(Boolean).map((pair) => {
    const [name, value] = pair.split('=')
    return [name.trim(), Number(value)]
  }))
  const profile = mkdtempSync(join(tmpdir(), 'weimin-lighthouse-'))
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    chromeFlags: CHROMIUM_ARGS,
    userDataDir: profile,
    logLevel: 'silent',
  })
  const runs = []
  let browser
  try {
    const signedIn = await signedInTab(chrome.port, baseUrl, args.user, password)
    browser = signedIn.browser
    for (let run = 1; run <= Number(args.runs); run++) {
      const result = await lighthouse(signedIn.url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        disableStorageReset: true,
        onlyCategories: categories,
      }, undefined, signedIn.tab)
      const { lhr } = result
      if (args.full)
        writeFileSync(args.full, JSON.stringify(lhr))
      if (lhr.runtimeError)
        throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
      if (new URL(lhr.finalDisplayedUrl).pathname.startsWith('/login'))
        throw new Error('Lighthouse audited the sign-in page: the session was lost')
      const scores = Object.fromEntries(categories.map(name => [name, Math.round(lhr.categories[name].score * 100)]))
      const lost = Object.fromEntries(categories.map(name => [name, lostPoints(lhr, name)]))
      const metrics = Object.fromEntries(METRICS.filter(id => lhr.audits[id]?.numericValue !== undefined)
        .map(id => [id, Math.round(lhr.audits[id].numericValue)]))
      runs.push({ scores, lost, metrics, url: lhr.finalDisplayedUrl })
      console.log(`run ${run}: ${categories.map(name => `${name} ${scores[name]}`).join(', ')}`)
    }
  }
  finally {
    await browser?.disconnect()
    await chrome.kill()
    rmSync(profile, { recursive: true, force: true })
  }

  const medians = Object.fromEntries(categories.map(name => [name, median(runs.map(run => run.scores[name]))]))
  const report = {
    tool: 'lighthouse 12.2.3, mobile preset (simulated throttling)',
    page: `home of ${args.user}`,
    runs: runs.length,
    median: medians,
    each_run: runs.map(run => ({ ...run.scores, metrics_ms: run.metrics })),
    lost_points_last_run: runs.at(-1)?.lost,
  }
  if (args.out)
    writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`)
  console.log(`median of ${runs.length}: ${categories.map(name => `${name} ${medians[name]}`).join(', ')}`)
  const short = Object.entries(minimums).filter(([name, min]) => !(medians[name] >= min))
  for (const [name, min] of short)
    console.error(`${name} ${medians[name]} < ${min}; points lost on: ${runs.at(-1)?.lost[name]?.join('; ')}`)
  return short.length ? 1 : 0
}

process.exitCode = await main()
