// A wish-wall screen left on: one 1920×1080 kiosk page paired with its community's wall,
// fed one wall event a second for --minutes, its memory measured as it goes.
//
// community01 registers the kiosk over the API and the page is paired by typing the code,
// as in the hall. Then, once a second, one step that puts exactly one event on the wall:
// a wish is posted and approved (wish.published), claimed by volunteer01 (wish.claimed),
// and either fulfilled with a proof photo (wish.fulfilled) or withdrawn (wish.released) and
// cancelled by the secretary (wish.removed), the two endings in turn. Each published wish's
// card is timed from the approval's answer to its showing on the screen.
//
// Every --sample seconds (and at the start and the end) the page's garbage is collected
// over the DevTools protocol and its JavaScript heap, DOM nodes and event listeners read.
// The growth goal (≤ 20 %) is judged from the first sample after a minute of events to the
// end; the growth from the moment of pairing is reported beside it.
// At the end the events stop, and the screen's counters must equal the wall feed's.
//
//   BASE_URL=… DEMO_PASSWORD=… node scripts/kiosk-soak.mjs --minutes 30 [--sample 60] [--out soak.json]
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'
import { callApi, CHROMIUM_ARGS, requireEnv } from '../e2e/support.mjs'

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    sample: { type: 'string', default: '60' },
    out: { type: 'string' },
  },
})

const TICK_MS = 1000
const ON_SCREEN_TIMEOUT_MS = 10_000
const WARM_UP_SECONDS = 60
// Access tokens live 15 minutes: the driver signs in again well before.
const SIGN_IN_AGAIN_MS = 5 * 60_000

async function tokenOf(baseUrl, username, password) {
  const { access_token: token } = await callApi(baseUrl, '/api/v1/auth/login', { method: 'POST', body: { username, password } })
  return token
}

/** Signs the driver's two accounts in, and again every few minutes. */
function accounts(baseUrl, password) {
  const tokens = {}
  let signedInAt = 0
  return async () => {
    if (Date.now() - signedInAt > SIGN_IN_AGAIN_MS) {
      tokens.staff = await tokenOf(baseUrl, 'community01', password)
      tokens.volunteer = await tokenOf(baseUrl, 'volunteer01', password)
      signedInAt = Date.now()
    }
    return tokens
  }
}

/**
 * What the page holds on to: the smallest of three readings, each after a forced garbage
 * collection, a second apart (one reading can land on a render's short-lived objects).
 */
async function pageMemory(cdp) {
  const readings = []
  for (let n = 0; n < 3; n++) {
    if (n)
      await new Promise(resolve => setTimeout(resolve, 1000))
    await cdp.send('HeapProfiler.collectGarbage')
    readings.push(await cdp.send('Runtime.getHeapUsage'))
  }
  const heap = readings.reduce((low, reading) => (reading.usedSize < low.usedSize ? reading : low))
  const { metrics } = await cdp.send('Performance.getMetrics')
  const metric = name => metrics.find(m => m.name === name)?.value
  return {
    heap_used_mib: Math.round(heap.usedSize / 1024 / 1024 * 100) / 100,
    heap_total_mib: Math.round(heap.totalSize / 1024 / 1024 * 100) / 100,
    dom_nodes: metric('Nodes'),
    event_listeners: metric('JSEventListeners'),
    documents: metric('Documents'),
  }
}

const percentile = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] : null

/** The event steps, one per tick, for wishes posted one after another. */
function* steps() {
  for (let n = 1; ; n++) {
    yield { n, step: 'publish' }
    yield { n, step: 'claim' }
    if (n % 2) {
      yield { n, step: 'fulfil' }
    }
    else {
      yield { n, step: 'withdraw' }
      yield { n, step: 'cancel' }
    }
  }
}

async function main() {
  const baseUrl = requireEnv('BASE_URL')
  const password = requireEnv('DEMO_PASSWORD')
  const minutes = Number(args.minutes)
  const sampleMs = Number(args.sample) * 1000
  const signedIn = accounts(baseUrl, password)

  let { staff } = await signedIn()
  const me = await callApi(baseUrl, '/api/v1/accounts/me', { token: staff })
  const community = me.scopes.find(s => s.startsWith('community:')).slice('community:'.length)
  const { items: [unit] } = await callApi(baseUrl, `/api/v1/grid-units?community_id=${community}&limit=1`, { token: staff })
  const { pairing_code: code } = await callApi(baseUrl, '/api/v1/kiosk-devices', {
    token: staff,
    method: 'POST',
    body: { street_id: unit.street_id, community_id: community, name: '长时间运行测试大屏' },
  })

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })
  const problems = []
  try {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', baseURL: baseUrl })
    const page = await context.newPage()
    page.on('pageerror', error => problems.push(`page error: ${error.message}`))
    await page.goto(`/wall/${community}`)
    await page.locator('[data-test="pairing-code"]').fill(code)
    await page.locator('[data-test="pairing-submit"]').click()
    await page.locator('[data-test="kiosk"][data-phase="wall"][data-link="live"]').waitFor({ timeout: 30_000 })
    const pageStarted = await page.evaluate(() => performance.timeOrigin)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Performance.enable')

    const started = Date.now()
    const samples = [{ second: 0, ...await pageMemory(cdp) }]
    console.log(`kiosk-soak: paired; ${JSON.stringify(samples[0])}`)
    const wishes = new Map() // n → id
    const counts = { publish: 0, claim: 0, fulfil: 0, withdraw: 0, cancel: 0 }
    const onScreenMs = []
    const missedOnScreen = []
    const callMs = []
    const waits = []
    const plan = steps()
    let nextSample = started + sampleMs
    let tick = started

    while (Date.now() - started < minutes * 60_000) {
      const tokens = await signedIn()
      staff = tokens.staff
      const { n, step } = plan.next().value
      const sent = Date.now()
      if (step === 'publish') {
        const wish = await callApi(baseUrl, '/api/v1/wishes', {
          token: staff,
          method: 'POST',
          body: {
            street_id: unit.street_id,
            community_id: community,
            grid_unit_id: unit.id,
            grid_label: unit.name,
            title: `想请人帮忙换灯泡 ${n}`,
            description: '楼道和厨房的灯泡坏了，老人够不着',
            category: 'material',
            estimated_value_yuan: 20,
            beneficiary: { kind: 'individual', resident_id: crypto.randomUUID(), name: '赵桂英', gender: 'female', birth_date: '1943-05-02' },
          },
        })
        await callApi(baseUrl, `/api/v1/wishes/${wish.id}/review`, { token: staff, method: 'POST', body: { decision: 'approve' } })
        const approved = Date.now()
        wishes.set(n, wish.id)
        waits.push(page.locator(`[data-test="wall-card-${wish.id}"]`).waitFor({ timeout: ON_SCREEN_TIMEOUT_MS })
          .then(() => onScreenMs.push(Date.now() - approved))
          .catch(() => missedOnScreen.push(wish.id)))
      }
      else {
        const id = wishes.get(n)
        const call = {
          claim: () => callApi(baseUrl, `/api/v1/wishes/${id}/claim`, { token: tokens.volunteer, method: 'POST', body: {} }),
          fulfil: () => callApi(baseUrl, `/api/v1/wishes/${id}/fulfil`, { token: tokens.volunteer, method: 'POST', body: { proof_photo_url: '/media/proof.jpg', note: '已换好' } }),
          withdraw: () => callApi(baseUrl, `/api/v1/wishes/${id}/claim/withdraw`, { token: tokens.volunteer, method: 'POST', body: {} }),
          cancel: () => callApi(baseUrl, `/api/v1/wishes/${id}/cancel`, { token: staff, method: 'POST', body: { reason: '家属已自行解决' } }),
        }[step]
        await call()
        if (step === 'fulfil' || step === 'cancel')
          wishes.delete(n)
      }
      callMs.push(Date.now() - sent)
      counts[step]++
      if (Date.now() >= nextSample) {
        const sample = { second: Math.round((Date.now() - started) / 1000), ...await pageMemory(cdp) }
        samples.push(sample)
        console.log(`kiosk-soak: ${JSON.stringify(sample)}`)
        nextSample += sampleMs
      }
      tick += TICK_MS
      await new Promise(resolve => setTimeout(resolve, Math.max(0, tick - Date.now())))
    }
    const eventSeconds = (Date.now() - started) / 1000
    await Promise.all(waits)

    // Quiet: the screen must agree with the feed.
    await new Promise(resolve => setTimeout(resolve, 3000))
    const feed = await callApi(baseUrl, `/api/v1/wall/communities/${community}/wishes`, { token: staff })
    const screen = {
      open: Number(await page.locator('[data-test="count-open"]').innerText()),
      claimed_this_year: Number(await page.locator('[data-test="count-claimed"]').innerText()),
      fulfilled_this_year: Number(await page.locator('[data-test="count-fulfilled"]').innerText()),
    }
    const expected = { open: feed.open_count, claimed_this_year: feed.claimed_this_year, fulfilled_this_year: feed.fulfilled_this_year }
    const end = { second: Math.round((Date.now() - started) / 1000), ...await pageMemory(cdp) }
    samples.push(end)
    console.log(`kiosk-soak: end ${JSON.stringify(end)}`)
    const reloaded = await page.evaluate(() => performance.timeOrigin) !== pageStarted
    const link = await page.locator('[data-test="kiosk"]').getAttribute('data-link')

    const sortedScreen = [...onScreenMs].sort((a, b) => a - b)
    const sortedCalls = [...callMs].sort((a, b) => a - b)
    const events = Object.values(counts).reduce((a, b) => a + b, 0)
    // Judged from the first sample after a minute of events: by then the wall has
    // compiled its code paths and filled its activity list and rotation to their caps,
    // so what grows afterwards is what would grow for ever. Growth from the moment of
    // pairing is reported beside it.
    const warm = samples.find(sample => sample.second >= WARM_UP_SECONDS && sample !== end) ?? samples[0]
    const growth = end.heap_used_mib / warm.heap_used_mib - 1
    const growthFromPairing = end.heap_used_mib / samples[0].heap_used_mib - 1
    const result = {
      minutes,
      events,
      events_per_second: Math.round(events / eventSeconds * 100) / 100,
      steps: counts,
      new_wish_on_screen_ms: {
        count: sortedScreen.length,
        p50: percentile(sortedScreen, 50),
        p99: percentile(sortedScreen, 99),
        max: sortedScreen.at(-1) ?? null,
        missed: missedOnScreen.length,
      },
      api_call_ms: { p50: percentile(sortedCalls, 50), p99: percentile(sortedCalls, 99) },
      memory: {
        paired: samples[0],
        start: warm,
        end,
        heap_growth_percent: Math.round(growth * 1000) / 10,
        heap_growth_from_pairing_percent: Math.round(growthFromPairing * 1000) / 10,
        goal_percent: 20,
        met: growth <= 0.2,
      },
      samples,
      counters: { screen, feed: expected, agree: JSON.stringify(screen) === JSON.stringify(expected) },
      still_live: link === 'live',
      reloaded,
      problems,
    }
    if (args.out)
      writeFileSync(args.out, JSON.stringify(result, null, 2))
    console.log(`kiosk-soak: ${events} events in ${Math.round(eventSeconds)} s; heap ${warm.heap_used_mib} MiB after a minute → ${end.heap_used_mib} MiB at the end (${result.memory.heap_growth_percent} %; ${result.memory.heap_growth_from_pairing_percent} % from pairing); new wish on screen p99 ${result.new_wish_on_screen_ms.p99} ms; counters agree: ${result.counters.agree}`)
    if (!result.counters.agree || !result.still_live || reloaded || missedOnScreen.length || problems.length)
      process.exitCode = 1
  }
  finally {
    await browser.close()
  }
}

await main()
