// The life of a wish across phones and the wall, in the SPA's own screens. A paired
// 1920×1080 wall is on. On a 360×640 phone grid001 submits a wish for a resident of their
// grid; on a second phone community01 approves it in the review queue, and the wall shows it
// within two seconds. A volunteer follows the wish's QR link on a third phone and claims it
// in one tap: the wall stamps it claimed within two seconds. The volunteer finds it under
// "claimed by me" and marks it fulfilled with a proof photo and the time spent; grid001
// confirms for the resident, with a rating and thanks.
import { chromium } from 'playwright-core'
import { callApi as call, CHROMIUM_ARGS, signIn, snap as snapPage, TIMEOUT_MS } from '../support.mjs'

const JOURNEY = 'wish-wall-live'
const LIVE_WITHIN_MS = 2_000

async function tokenOf(baseUrl, username, password) {
  const { access_token: token } = await call(baseUrl, '/api/v1/auth/login', { method: 'POST', body: { username, password } })
  return token
}

/** A context of the second browser: the wall's screen, or another person's phone. */
async function newScreen(browser, baseUrl, problems, phone) {
  const context = await browser.newContext(phone
    ? { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', baseURL: baseUrl }
    : { viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1, locale: 'zh-CN', baseURL: baseUrl })
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
  const started = Date.now()
  // Staff register the wall's screen over the API (the pairing screens have their own
  // journey, kiosk-wall) and find a resident of grid001's unit to make the wish for.
  const secretary = await tokenOf(baseUrl, 'community01', env.demoPassword)
  const me = await call(baseUrl, '/api/v1/accounts/me', { token: secretary })
  const community = me.scopes.find(s => s.startsWith('community:')).slice('community:'.length)
  const worker = await tokenOf(baseUrl, 'grid001', env.demoPassword)
  const { items: [unit] } = await call(baseUrl, '/api/v1/grid-units?limit=1', { token: worker })
  const { items: residents } = await call(baseUrl, `/api/v1/residents?grid_unit_id=${unit.id}&limit=20`, { token: worker })
  const resident = residents.find(r => !r.moved_out_at && r.birth_date)
  const device = await call(baseUrl, '/api/v1/kiosk-devices', {
    token: secretary,
    method: 'POST',
    body: { street_id: unit.street_id, community_id: community, name: '心愿旅程大屏' },
  })

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })
  const problems = []
  try {
    const kiosk = await newScreen(browser, baseUrl, problems, false)
    await kiosk.goto(`/wall/${community}`)
    await kiosk.locator('[data-test="pairing-code"]').fill(device.pairing_code)
    await kiosk.locator('[data-test="pairing-submit"]').click()
    await kiosk.locator('[data-test="kiosk"][data-phase="wall"][data-link="live"]').waitFor()

    // grid001 submits a wish for the resident on the phone.
    await signIn(page, baseUrl, 'grid001', env.demoPassword)
    await page.goto(`${baseUrl}/wishes`)
    await page.locator('[data-test="wishes-list"], [data-test="wishes-empty"]').first().waitFor()
    await snap('1-wishes-community')
    await page.locator('[data-test="wish-new"]').click()
    await page.locator('[data-test="submit-form"]').waitFor()
    await page.locator('[data-test="resident-search"] input').fill(resident.name)
    await page.locator('[data-test="resident-search"] input').press('Enter')
    await page.locator(`[data-test="resident-${resident.id}"]`).click()
    await page.locator('[data-test="wish-title-input"] input').fill('想要一台助听器')
    await page.locator('[data-test="wish-description-input"] textarea').fill('耳朵背了，邻居敲门和电话都听不见')
    await page.locator('[data-test="wish-value-input"] input').fill('300')
    await snap('2-submit-form')
    await page.locator('[data-test="submit-send"]').click()
    await page.waitForURL(url => /^\/wishes\/[0-9a-f-]{36}$/.test(url.pathname))
    const wishId = new URL(page.url()).pathname.split('/').at(-1)
    await page.locator('[data-test="wish-state"]').filter({ hasText: '待审核' }).waitFor()
    await snap('3-submitted')

    // community01 approves it on their phone; the wall shows it within two seconds.
    const office = await newScreen(browser, baseUrl, problems, true)
    await signIn(office, baseUrl, 'community01', env.demoPassword)
    await office.goto('/wishes/review')
    const waiting = office.locator(`[data-test="review-${wishId}"]`)
    await waiting.waitFor()
    await snapPage(office, JOURNEY, '4-review-queue')
    await waiting.locator('[data-test="review-approve"]').click()
    const approvedAt = Date.now()
    const card = kiosk.locator(`[data-test="wall-card-${wishId}"]`)
    await card.waitFor({ timeout: LIVE_WITHIN_MS })
    console.log(`${JOURNEY}: on the wall ${Date.now() - approvedAt} ms after the approval`)
    if ((await card.innerText()).includes(resident.name))
      throw new Error('the wall shows the beneficiary\'s full name')
    await waiting.waitFor({ state: 'detached' })
    await snapPage(office, JOURNEY, '5-approved')
    await snapPage(kiosk, JOURNEY, '6-wall-new-wish')

    // A volunteer scans the QR code: its link opens the wish, one tap claims it.
    const qrLink = await card.locator('svg[data-url]').getAttribute('data-url')
    if (qrLink !== `${baseUrl}/w/${wishId}`)
      throw new Error(`the QR code opens ${qrLink}`)
    const volunteer = await newScreen(browser, baseUrl, problems, true)
    await signIn(volunteer, baseUrl, 'volunteer01', env.demoPassword)
    await volunteer.goto(qrLink)
    await volunteer.locator('[data-test="claim"]').click()
    const claimedAt = Date.now()
    await card.and(kiosk.locator('[data-state="claimed"]')).locator('[data-test="stamp-claimed"]').waitFor({ timeout: LIVE_WITHIN_MS })
    console.log(`${JOURNEY}: stamped claimed ${Date.now() - claimedAt} ms after the claim`)
    await volunteer.locator('[data-test="claim-done"]').waitFor()
    await snapPage(volunteer, JOURNEY, '7-claimed-by-qr')
    await kiosk.waitForTimeout(700) // the stamp's animation
    await snapPage(kiosk, JOURNEY, '8-wall-claimed')

    // Claimed by me → the wish → fulfilled, with a proof photo and the time spent.
    await volunteer.goto('/wishes?tab=claimed')
    await volunteer.locator(`[data-test="wish-${wishId}"]`).click()
    await volunteer.locator('[data-test="wish-fulfil"]').waitFor()
    await snapPage(volunteer, JOURNEY, '9-my-claimed-wish')
    await volunteer.locator('[data-test="wish-fulfil"]').click()
    const proof = await kiosk.screenshot({ type: 'jpeg', quality: 70, clip: { x: 0, y: 0, width: 480, height: 360 } })
    await volunteer.locator('[data-test="photos"] input[type="file"]').setInputFiles({ name: 'proof.jpg', mimeType: 'image/jpeg', buffer: proof })
    await volunteer.locator('[data-test="fulfil-minutes"] input').fill('40')
    await volunteer.locator('.van-uploader__preview').waitFor()
    await snapPage(volunteer, JOURNEY, '10-fulfil-form')
    await volunteer.locator('[data-test="fulfil-submit"]').click()
    await volunteer.locator('[data-test="wish-state"]').filter({ hasText: '待确认完成' }).waitFor()

    // grid001 confirms for the resident: a rating and thanks.
    await page.goto(`${baseUrl}/wishes/${wishId}`)
    await page.locator('[data-test="proof-photos"] img').first().waitFor()
    await page.locator('[data-test="wish-confirm"]').click()
    await page.locator('[data-test="confirm-thanks"] textarea').fill('谢谢你，现在听得清楚多了')
    await snap('11-confirm')
    await page.locator('[data-test="confirm-submit"]').click()
    await page.locator('[data-test="wish-state"]').filter({ hasText: '已完成' }).waitFor()
    await snap('12-confirmed')
    if (problems.length)
      throw new Error(`the other screens reported: ${problems.join('; ')}`)
    console.log(`${JOURNEY}: ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
  finally {
    await browser.close()
  }
}
