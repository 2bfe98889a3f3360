// volunteer01 on a 360×640 phone: finds an activity of their community, signs up for its
// shift, follows the venue's QR link to check in and then out with one tap each, and sees
// their hours. community01 (the community's secretary) sets the activity up through the
// API so that check-in is open (it opens 30 minutes before the shift).
import { callApi as call, signIn } from '../support.mjs'

async function toastGone(page) {
  await page.locator('.van-toast').last().waitFor({ state: 'hidden' }).catch(() => {})
}

async function login(baseUrl, username, password) {
  const { access_token: token } = await call(baseUrl, '/api/v1/auth/login', { method: 'POST', body: { username, password } })
  return token
}

export default async function ({ page, baseUrl, env, snap }) {
  const volunteerToken = await login(baseUrl, 'volunteer01', env.demoPassword)
  const volunteer = await call(baseUrl, '/api/v1/volunteers/me', { token: volunteerToken })
  const secretary = await login(baseUrl, 'community01', env.demoPassword)
  const minutes = n => new Date(Date.now() + n * 60_000).toISOString()
  const title = `湖滨步道清洁 ${new Date().toISOString().slice(11, 16).replace(':', '')}`
  const activity = await call(baseUrl, '/api/v1/activities', {
    token: secretary,
    method: 'POST',
    body: {
      title,
      description: '捡拾垃圾、劝导文明游览，请穿志愿者马甲。',
      street_id: volunteer.street_id,
      community_id: volunteer.community_id,
      lon: volunteer.home_lon,
      lat: volunteer.home_lat,
      // Starts in 20 minutes: sign-ups are still open and so is check-in.
      shifts: [{ starts_at: minutes(20), ends_at: minutes(140), capacity: 5 }],
    },
  })
  const { qr_code: code } = await call(baseUrl, `/api/v1/activities/${activity.id}/qr`, { token: secretary })

  await signIn(page, baseUrl, 'volunteer01', env.demoPassword)
  await page.locator('[data-test="to-volunteer"]').click()
  await page.locator('[data-test="hours-card"]').waitFor()
  await snap('my-volunteering')

  await page.locator('[data-test="to-activities"]').click()
  const card = page.locator('[data-test="activity"]', { hasText: title })
  await card.waitFor()
  await card.scrollIntoViewIfNeeded()
  await snap('activities')
  await card.locator('[data-test="shift-action"][data-action="signUp"]').click()
  await card.locator('[data-test="shift-action"][data-action="cancel"]').waitFor()
  await toastGone(page)
  await snap('signed-up')

  // The QR code at the venue opens this link.
  await page.goto(`${baseUrl}/volunteer/check-in/${activity.id}?code=${encodeURIComponent(code)}`)
  await page.locator('[data-test="check-in"]').waitFor()
  await snap('venue-qr')
  await page.locator('[data-test="check-in"]').click()
  await page.locator('[data-test="checked-in"]').waitFor()
  await page.locator('[data-test="check-out"]').waitFor()
  await toastGone(page)
  await snap('checked-in')
  await page.locator('[data-test="check-out"]').click()
  await page.locator('[data-test="checkin-done"]').waitFor()
  await toastGone(page)
  await snap('checked-out')

  const { items } = await call(baseUrl, '/api/v1/volunteers/me/signups?limit=100', { token: volunteerToken })
  const mine = items.find(s => s.activity_id === activity.id)
  if (!mine?.checked_in_at || mine.check_in_method !== 'qr' || !mine.checked_out_at)
    throw new Error(`the API does not have the check-in and check-out: ${JSON.stringify(mine)}`)

  await page.locator('[data-test="to-hours"]').click()
  await page.locator('[data-test="hours-total"]').waitFor()
  await snap('hours')
  // The shift just done, waiting for the organiser to confirm its hours.
  const done = page.locator('[data-test="my-signup"]', { hasText: title })
  await done.waitFor()
  if (!(await done.innerText()).includes('待组织者确认'))
    throw new Error(`the shift done is not shown as waiting for confirmation: ${await done.innerText()}`)
  await done.scrollIntoViewIfNeeded()
  await snap('hours-my-signups')

  // The volunteer's other screens, each checked by axe as it first shows.
  await page.goto(`${baseUrl}/volunteer/tasks`)
  await page.locator('[data-test="tasks-empty"], [data-test="task"]').first().waitFor()
  await snap('tasks')
  await page.goto(`${baseUrl}/volunteer/services`)
  await page.locator('[data-test="request-service"], [data-test="no-station"]').first().waitFor()
  await snap('services')
  await page.goto(`${baseUrl}/volunteer/profile`)
  await page.locator('[data-test="save-skills"]').waitFor()
  await snap('profile')
}
