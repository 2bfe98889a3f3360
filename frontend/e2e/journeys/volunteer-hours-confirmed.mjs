// The second half of volunteer-activity-hours, run after every other journey: by then the
// short shift volunteer01 checked in to is over. volunteer01 checks out at the venue's QR
// link, community01 (the organiser) confirms attendance through the API, and the hours
// screen shows the shift confirmed with its credited minutes and the total grown by
// exactly those minutes, as the API has it. Run on its own it fails: it needs the first half.
import { existsSync, readFileSync } from 'node:fs'
import { callApi as call, signIn } from '../support.mjs'
import { login, shiftHandoffFile, toastGone } from '../volunteer-support.mjs'

export default async function ({ page, baseUrl, env, snap }) {
  const handoff = shiftHandoffFile()
  if (!existsSync(handoff))
    throw new Error('no shift to check out of: volunteer-activity-hours must run first')
  const { activityId, shiftId, title, venue, endsAt } = JSON.parse(readFileSync(handoff, 'utf8'))
  const [volunteerToken, secretary] = await Promise.all([
    login(baseUrl, 'volunteer01', env.demoPassword),
    login(baseUrl, 'community01', env.demoPassword),
  ])
  const volunteer = await call(baseUrl, '/api/v1/volunteers/me', { token: volunteerToken })
  const hoursNow = () => call(baseUrl, `/api/v1/volunteers/${volunteer.id}/hours?limit=50`, { token: volunteerToken })
  await signIn(page, baseUrl, 'volunteer01', env.demoPassword)

  // The shift is over: check out at the venue's link, then the organiser confirms.
  const waitMs = endsAt - Date.now() + 500
  console.log(`volunteer-hours-confirmed: ${(Math.max(0, waitMs) / 1000).toFixed(1)} s left to wait for the shift's end`)
  if (waitMs > 0)
    await page.waitForTimeout(waitMs)
  await page.goto(venue)
  await page.locator('[data-test="check-out"]').click()
  await page.locator('[data-test="checkin-done"]').waitFor()
  await toastGone(page)
  await snap('checked-out')

  const { items } = await call(baseUrl, '/api/v1/volunteers/me/signups?limit=100', { token: volunteerToken })
  const mine = items.find(s => s.activity_id === activityId)
  if (!mine?.checked_in_at || mine.check_in_method !== 'qr' || !mine.checked_out_at)
    throw new Error(`the API does not have the check-in and check-out: ${JSON.stringify(mine)}`)
  // Read just before the confirmation: the journeys in between credit volunteer01 too
  // (a fulfilled wish's time).
  const { confirmed_minutes: minutesBefore } = await hoursNow()
  const result = await call(baseUrl, `/api/v1/shifts/${shiftId}/attendance`, { token: secretary, method: 'POST' })
  if (result.attended !== 1 || result.credited_minutes < 1)
    throw new Error(`confirming attendance credited ${JSON.stringify(result)}`)
  const after = await hoursNow()
  const credit = after.entries.items.find(e => e.kind === 'shift' && e.signup_id === mine.id)
  if (credit?.minutes !== result.credited_minutes || after.confirmed_minutes !== minutesBefore + result.credited_minutes)
    throw new Error(`the ledger went from ${minutesBefore} to ${after.confirmed_minutes} minutes with ${JSON.stringify(credit)}; confirming credited ${result.credited_minutes}`)

  await page.locator('[data-test="to-hours"]').click()
  const total = page.locator('[data-test="hours-total"]')
  await total.waitFor()
  if ((await total.innerText()) !== `${after.confirmed_hours} 小时`)
    throw new Error(`the hours screen shows ${await total.innerText()}, the API ${after.confirmed_hours} hours`)
  const done = page.locator('[data-test="my-signup"]', { hasText: title })
  await done.waitFor()
  if (!(await done.innerText()).includes(`时长已确认，计入 ${result.credited_minutes} 分钟`))
    throw new Error(`the confirmed shift is shown as: ${await done.innerText()}`)
  await snap('hours-confirmed')
  const entry = page.locator('[data-test="ledger"] .van-cell', { hasText: title })
  await entry.scrollIntoViewIfNeeded()
  if (!(await entry.innerText()).includes(`${result.credited_minutes} 分钟`))
    throw new Error(`the ledger shows the shift's credit as: ${await entry.innerText()}`)
  await snap('hours-ledger')
}
