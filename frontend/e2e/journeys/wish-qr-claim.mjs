// A passer-by scans a wish's QR code on the wall: the phone opens /w/<wishId>, sees the
// wish, registers with a mobile number (the code read from org-registry's SMS outbox, as a
// phone would receive it), comes back to the wish and claims it in one tap.
import { existsSync, readFileSync } from 'node:fs'

const OPEN_CLAIMABLE = w => w.state === 'open' && w.claim_approval === 'automatic' && ['anyone', 'volunteers'].includes(w.claim_rule)

/** An open wish of the demo city a new volunteer may claim at once (found as the admin). */
async function pickWish(baseUrl, adminPassword) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  })
  if (!login.ok)
    throw new Error(`admin sign-in: ${login.status} ${await login.text()}`)
  const { access_token: token } = await login.json()
  let cursor = ''
  for (let page = 0; page < 20; page++) {
    const response = await fetch(`${baseUrl}/api/v1/wishes?state=open&limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { Authorization: `Bearer ${token}` },
    })
    if (!response.ok)
      throw new Error(`wishes: ${response.status} ${await response.text()}`)
    const body = await response.json()
    const wish = body.items.find(OPEN_CLAIMABLE)
    if (wish)
      return wish
    if (!body.next_cursor)
      break
    cursor = encodeURIComponent(body.next_cursor)
  }
  throw new Error('no open wish a volunteer may claim without approval in the demo city')
}

/** The newest code texted to `phone`, waiting for the outbox line to appear. */
async function codeFromOutbox(page, outbox, phone) {
  for (let tries = 0; tries < 50; tries++) {
    if (existsSync(outbox)) {
      const lines = readFileSync(outbox, 'utf8').trim().split('\n').filter(Boolean).map(line => JSON.parse(line))
      const message = lines.filter(m => m.to === phone).at(-1)
      const code = message?.text.match(/\b(\d{6})\b/)?.[1]
      if (code)
        return code
    }
    await page.waitForTimeout(200)
  }
  throw new Error(`no text message to ${phone} in ${outbox}`)
}

export default async function ({ page, baseUrl, env, snap }) {
  if (!env.smsOutbox)
    throw new Error('SMS_OUTBOX is not set')
  const wish = await pickWish(baseUrl, env.adminPassword)
  // A number nobody registered: 139 and eight digits from the clock.
  const phone = `139${String(Date.now()).slice(-8)}`

  await page.goto(`${baseUrl}/w/${wish.id}`)
  await page.locator('[data-test="wish-card"]').waitFor()
  const title = await page.locator('[data-test="wish-title"]').textContent()
  if (title?.trim() !== wish.title)
    throw new Error(`the landing shows "${title}", not the wish "${wish.title}"`)
  await snap('1-wish')

  await page.locator('[data-test="register-to-claim"]').click()
  await page.locator('[data-test="register-form"]').waitFor()
  await page.locator('input[name="phone"]').fill(phone)
  await page.locator('[data-test="send-code"]').click()
  await page.locator('[data-test="code-sent"]').waitFor()
  const code = await codeFromOutbox(page, env.smsOutbox, phone)
  await page.locator('input[name="code"]').fill(code)
  await page.locator('input[name="display_name"]').fill('李志愿')
  await page.locator('[data-test="role-volunteer"]').click()
  await snap('2-register')

  await page.locator('[data-test="register-submit"]').click()
  await page.waitForURL(url => url.pathname === `/w/${wish.id}`)
  await page.locator('[data-test="claim"]').waitFor()
  // As when WeChat's webview is closed and the link opened again: the session comes back
  // from the refresh cookie alone (the access token lived in the page's memory).
  await page.reload()
  await page.locator('[data-test="claim"]').waitFor()
  await snap('3-signed-in')

  await page.locator('[data-test="claim"]').click()
  await page.locator('[data-test="claim-done"]').waitFor()
  await page.locator('[data-test="wish-state"]', { hasText: '已认领' }).waitFor()
  await snap('4-claimed')
  console.log(`wish-qr-claim: ${phone.slice(0, 3)}****${phone.slice(-4)} registered and claimed wish ${wish.id}`)
}
