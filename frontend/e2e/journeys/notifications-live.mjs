// A joint-defence alarm reaches the inbox live. grid001, the grid worker of the first grid
// unit (whose ten-household group's alarms they receive), has the messages screen open. On
// a second phone neighbour01, the demo account of a household in that group, signs in and
// raises an alarm with their session over the API, as neighbour-alarm does (the SPA has no
// screen to raise one). Within two seconds grid001's screen shows the urgent alert over it
// (role=alert, the notifications service's title and body) and the inbox lists the notice;
// "查看" opens the alarms screen and the API shows the notice read.
import { chromium } from 'playwright-core'
import { callApi, CHROMIUM_ARGS, signIn, snap as snapPage, TIMEOUT_MS } from '../support.mjs'

const JOURNEY = 'notifications-live'
const LIVE_WITHIN_MS = 2_000

async function tokenOf(baseUrl, username, password) {
  const { access_token: token } = await callApi(baseUrl, '/api/v1/auth/login', { method: 'POST', body: { username, password } })
  return token
}

/** The second phone: a context of its own browser, so nothing of grid001's session is shared. */
async function secondPhone(browser, baseUrl, problems) {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', baseURL: baseUrl })
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT_MS)
  page.on('pageerror', error => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy'))
      problems.push(message.text())
  })
  return page
}

export default async function ({ page, baseUrl, env, snap }) {
  await signIn(page, baseUrl, 'grid001', env.demoPassword)
  await page.goto(`${baseUrl}/notifications`)
  await page.locator('[data-test="feed-notice"], [data-test="feed-empty"]').first().waitFor()
  await snap('inbox-before')

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })
  const problems = []
  try {
    const neighbourPhone = await secondPhone(browser, baseUrl, problems)
    await signIn(neighbourPhone, baseUrl, 'neighbour01', env.demoPassword)
    await snapPage(neighbourPhone, JOURNEY, 'neighbour-signed-in')

    const neighbour = await tokenOf(baseUrl, 'neighbour01', env.demoPassword)
    const { items: groups } = await callApi(baseUrl, '/api/v1/joint-defence/groups', { token: neighbour })
    if (groups.length !== 1)
      throw new Error(`neighbour01 should be in one group, is in ${groups.length}`)
    const alarm = await callApi(baseUrl, `/api/v1/joint-defence/groups/${groups[0].id}/alarms`, {
      token: neighbour,
      method: 'POST',
      body: { kind: 'fire', note: '二楼楼道冒烟' },
    })
    const raised = Date.now()
    // The service's text names the alarm by the last eight characters of its id.
    const ref = alarm.id.slice(-8)

    const alert = page.locator('[data-test="urgent-notice"] [role="alert"]').filter({ hasText: ref })
    await alert.waitFor({ timeout: LIVE_WITHIN_MS })
    console.log(`${JOURNEY}: the urgent alert showed ${Date.now() - raised} ms after the alarm was raised`)
    const said = await alert.innerText()
    if (!said.includes('火情'))
      throw new Error(`the alert says "${said}", not the alarm's kind`)
    await page.locator('[data-test="feed-notice"]').filter({ hasText: ref }).waitFor()
    await snap('urgent-alert')
    await snapPage(neighbourPhone, JOURNEY, 'neighbour-raised')

    await page.locator('[data-test="urgent-view"]').click()
    await page.waitForURL(url => url.pathname === '/alarms')
    await page.locator('[data-test="urgent-notice"]').waitFor({ state: 'hidden' })
    await snap('alarms-opened')

    const worker = await tokenOf(baseUrl, 'grid001', env.demoPassword)
    const { items } = await callApi(baseUrl, '/api/v1/notifications?limit=20', { token: worker })
    const notice = items.find(n => n.data?.alarm_id === alarm.id)
    if (!notice || !notice.urgent || !notice.read_at)
      throw new Error(`grid001's inbox shows ${JSON.stringify(notice)} for the alarm`)
    console.log(`${JOURNEY}: the alarm's notice is in grid001's inbox, urgent and read`)
    if (problems.length)
      throw new Error(`the second phone reported: ${problems.join('; ')}`)
  }
  finally {
    await browser.close()
  }
}
