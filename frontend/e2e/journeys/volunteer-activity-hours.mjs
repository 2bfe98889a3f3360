// volunteer01 on a 360×640 phone signs up for an activity and checks in by the venue's QR
// link; volunteer-hours-confirmed (run last) checks out and sees the hours credited, in
// real time. community01 (the community's
// secretary) sets the activity up through the API with a short shift: it starts LEAD_S
// after it is created (sign-ups close at the start; check-in opens 30 minutes before it)
// and lasts SHIFT_S, so a volunteer checked in before the start and out after the end is
// credited one whole minute. While the shift runs the volunteer downloads their service
// certificate (a PDF), saves skills (unticking one whose certificate has lapsed, which the
// screen refuses) and weekly availability on the profile screen, joins a team, asks the
// community's service station for a service, rates a walk-in service with the code on its
// slip (the secretary recorded and closed it) and opens their tasks. The shift then runs on
// while the other journeys run, so nobody waits for its end.
import { writeFileSync } from 'node:fs'
import { callApi as call, signIn } from '../support.mjs'
import { answerTo, login, shiftHandoffFile, toastGone } from '../volunteer-support.mjs'

// Seconds from creating the activity to the shift's start, every one of them waited for:
// sign-ups close at the start (signing up takes 2–5 s here, checking in 4 s more).
const LEAD_S = 10
// 70 s: one credited minute, with 10 s to spare should check-in come after the start.
const SHIFT_S = 70

export default async function ({ page, baseUrl, env, snap }) {
  const [volunteerToken, secretary] = await Promise.all([
    login(baseUrl, 'volunteer01', env.demoPassword),
    login(baseUrl, 'community01', env.demoPassword),
  ])
  const volunteer = await call(baseUrl, '/api/v1/volunteers/me', { token: volunteerToken })
  const hoursNow = () => call(baseUrl, `/api/v1/volunteers/${volunteer.id}/hours?limit=50`, { token: volunteerToken })
  const before = await hoursNow()

  await signIn(page, baseUrl, 'volunteer01', env.demoPassword)
  await page.locator('[data-test="to-volunteer"]').click()
  await page.locator('[data-test="hours-card"]').waitFor()
  const totalBefore = await page.locator('[data-test="hours-total"]').innerText()
  if (totalBefore !== `${before.confirmed_hours} 小时`)
    throw new Error(`the hours screen shows ${totalBefore}, the API ${before.confirmed_hours} hours`)
  await snap('my-volunteering')

  const title = `湖滨步道清洁 ${new Date().toISOString().slice(11, 19).replaceAll(':', '')}`
  const startsAt = Date.now() + LEAD_S * 1000
  const endsAt = startsAt + SHIFT_S * 1000
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
      shifts: [{ starts_at: new Date(startsAt).toISOString(), ends_at: new Date(endsAt).toISOString(), capacity: 5 }],
    },
  })
  const shiftId = activity.shifts[0].id
  const { qr_code: code } = await call(baseUrl, `/api/v1/activities/${activity.id}/qr`, { token: secretary })
  const venue = `${baseUrl}/volunteer/check-in/${activity.id}?code=${encodeURIComponent(code)}`

  await page.locator('[data-test="to-activities"]').click()
  const card = page.locator('[data-test="activity"]', { hasText: title })
  await card.waitFor()
  await card.scrollIntoViewIfNeeded()
  await snap('activities')
  await card.locator('[data-test="shift-action"][data-action="signUp"]').click()
  await card.locator('[data-test="shift-action"][data-action="cancel"]').waitFor().catch((error) => {
    throw new Error(`no sign-up ${((Date.now() - startsAt) / 1000).toFixed(1)} s after the shift's start (sign-ups close then; LEAD_S is ${LEAD_S}): ${error.message}`)
  })
  console.log(`volunteer-activity-hours: signed up ${((startsAt - Date.now()) / 1000).toFixed(1)} s before the shift starts`)
  await toastGone(page)
  await snap('signed-up')

  // The QR code at the venue opens this link.
  await page.goto(venue)
  await page.locator('[data-test="check-in"]').waitFor()
  await snap('venue-qr')
  await page.locator('[data-test="check-in"]').click()
  await page.locator('[data-test="checked-in"]').waitFor()
  await page.locator('[data-test="check-out"]').waitFor()
  console.log(`volunteer-activity-hours: checked in ${((startsAt - Date.now()) / 1000).toFixed(1)} s before the shift starts`)
  await toastGone(page)
  await snap('checked-in')

  // While the shift runs. The hours screen: the shift under way, and the certificate.
  await page.goto(`${baseUrl}/volunteer`)
  const row = page.locator('[data-test="my-signup"]', { hasText: title })
  await row.waitFor()
  if (!(await row.innerText()).includes('已签到，尚未签退'))
    throw new Error(`the shift under way is shown as: ${await row.innerText()}`)
  await page.locator('[data-test="certificate"]').click()
  const link = page.locator('[data-test="certificate-link"]')
  await link.waitFor()
  await toastGone(page)
  await link.scrollIntoViewIfNeeded()
  await snap('certificate-ready')
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
  const chunks = []
  for await (const chunk of await download.createReadStream())
    chunks.push(chunk)
  const pdf = Buffer.concat(chunks)
  if (pdf.subarray(0, 4).toString('latin1') !== '%PDF')
    throw new Error(`the certificate downloaded (${download.suggestedFilename()}, ${pdf.length} bytes) is not a PDF`)

  // Skills and weekly availability, saved on the profile screen and found in the API. A
  // skill whose certificate has lapsed is refused (its reason under the skills' button)
  // until the volunteer unticks it.
  const skills = await call(baseUrl, '/api/v1/skills', { token: volunteerToken })
  const certified = new Set(volunteer.certificates.filter(c => c.valid).map(c => c.skill_code))
  const lapsed = skills.filter(s => s.requires_certificate && volunteer.skill_codes.includes(s.code) && !certified.has(s.code))
  const skill = skills.find(s => !s.requires_certificate && !volunteer.skill_codes.includes(s.code))
  if (!skill)
    throw new Error(`volunteer01 already has every skill that needs no certificate: ${volunteer.skill_codes}`)
  const taken = new Set(volunteer.availability.weekly.map(w => w.weekday))
  const weekday = [6, 5, 4, 3, 2, 1, 0].find(d => !taken.has(d)) ?? 6
  await page.goto(`${baseUrl}/volunteer/profile`)
  await page.locator('[data-test="save-skills"]').waitFor()
  await page.locator('.van-checkbox', { hasText: skill.name }).click()
  if (lapsed.length) {
    await page.locator('[data-test="save-skills"]').click()
    const problem = page.locator('[data-test="skills-problem"]')
    await problem.waitFor()
    if (!(await problem.innerText()).includes('证书已过期'))
      throw new Error(`saving a skill with a lapsed certificate says: ${await problem.innerText()}`)
    await problem.scrollIntoViewIfNeeded()
    await snap('profile-certificate-lapsed')
    for (const s of lapsed)
      await page.locator('.van-checkbox', { hasText: s.name }).click()
  }
  await answerTo(page, 'PUT', '/skills', () => page.locator('[data-test="save-skills"]').click())
  await page.locator('.van-checkbox', { hasText: skill.name }).scrollIntoViewIfNeeded()
  await toastGone(page)
  await snap('profile-skills-saved')
  await page.locator('[data-test="add-window"]').click()
  const added = page.locator('[data-test="window"]').last()
  await added.locator('select').selectOption(String(weekday))
  await added.locator('input[type="time"]').first().fill('19:00')
  await added.locator('input[type="time"]').last().fill('20:30')
  await answerTo(page, 'PUT', '/availability', () => page.locator('[data-test="save-availability"]').click())
  await added.scrollIntoViewIfNeeded()
  await toastGone(page)
  await snap('profile-saved')
  const saved = await call(baseUrl, '/api/v1/volunteers/me', { token: volunteerToken })
  const expected = [...volunteer.skill_codes.filter(c => !lapsed.some(s => s.code === c)), skill.code].sort()
  if (JSON.stringify([...saved.skill_codes].sort()) !== JSON.stringify(expected))
    throw new Error(`the API has skills ${saved.skill_codes}, not ${expected}`)
  if (!saved.availability.weekly.some(w => w.weekday === weekday && w.start.startsWith('19:00') && w.end.startsWith('20:30')))
    throw new Error(`the API's weekly availability lacks day ${weekday} 19:00–20:30: ${JSON.stringify(saved.availability.weekly)}`)

  // A parcel to be collected at the community's service station.
  await page.goto(`${baseUrl}/volunteer/services`)
  await page.locator('[data-test="request-service"]').waitFor()
  await page.locator('.van-radio', { hasText: '快递代收' }).click()
  const tracking = `SF${Date.now()}`
  await page.locator('.van-field', { hasText: '快递单号' }).locator('input').fill(tracking)
  await snap('service-form')
  const request = await answerTo(page, 'POST', '/requests', () => page.locator('[data-test="request-service"]').click())
  const listed = page.locator('[data-test="service-request"]', { hasText: '快递代收' }).first()
  await listed.waitFor()
  await toastGone(page)
  await listed.scrollIntoViewIfNeeded()
  await snap('service-requested')
  const { items: requests } = await call(baseUrl, '/api/v1/service-requests?limit=50', { token: volunteerToken })
  const mineRequest = requests.find(r => r.id === request.id)
  if (mineRequest?.service_code !== 'parcel_collection' || mineRequest.attributes?.tracking_number !== tracking)
    throw new Error(`the API does not have the service request: ${JSON.stringify(mineRequest)}`)

  // Joining an open team on the profile screen: joined at once, or asked when the team vets.
  await page.goto(`${baseUrl}/volunteer/profile`)
  const joinable = page.locator('.van-cell', { has: page.locator('button', { hasText: '加入' }) }).first()
  await joinable.waitFor()
  const teamName = (await joinable.locator('.van-cell__title > span').first().innerText()).trim()
  const membership = await answerTo(page, 'POST', '/join', () => joinable.locator('button', { hasText: '加入' }).click())
  const joinedCell = page.locator('.van-cell', { hasText: teamName }).first()
  await joinedCell.getByText(membership.status === 'active' ? '已加入' : '已申请').waitFor()
  await toastGone(page)
  await joinedCell.scrollIntoViewIfNeeded()
  await snap('team-joined')

  // A walk-in service at the station: the secretary records and closes it, the slip's QR
  // link opens the rating screen, and the person served rates it with the slip's code.
  const { items: [station] } = await call(baseUrl, `/api/v1/stations?community_id=${volunteer.community_id}`, { token: secretary })
  const walkIn = await call(baseUrl, `/api/v1/stations/${station.id}/requests`, {
    token: secretary,
    method: 'POST',
    body: { service_code: 'parcel_collection', channel: 'walk_in', requester_name: '来访居民', attributes: { tracking_number: `YT${Date.now()}` } },
  })
  const closed = await call(baseUrl, `/api/v1/service-requests/${walkIn.id}/closure`, { token: secretary, method: 'POST' })
  if (!closed.appraisal_code)
    throw new Error(`the closed walk-in request carries no slip code: ${JSON.stringify(closed)}`)
  await page.goto(`${baseUrl}/service-requests/${walkIn.id}/rate?code=${encodeURIComponent(closed.appraisal_code)}`)
  await page.locator('[data-test="rating"] button').nth(4).click()
  await page.locator('[data-test="rating-comment"] textarea').fill('代收及时，取件很方便')
  await snap('rate-walk-in')
  await answerTo(page, 'POST', '/appraisal', () => page.locator('[data-test="send-rating"]').click())
  await page.locator('[data-test="rated"]').waitFor()
  await toastGone(page)
  await snap('rated-walk-in')
  const rated = await call(baseUrl, `/api/v1/service-requests/${walkIn.id}`, { token: volunteerToken })
  if (rated.appraisal_rating !== 5 || rated.appraisal_code)
    throw new Error(`the API has the walk-in request as ${JSON.stringify(rated)}`)

  await page.goto(`${baseUrl}/volunteer/tasks`)
  await page.locator('[data-test="tasks-empty"], [data-test="task"]').first().waitFor()
  await snap('tasks')

  // The shift runs on while the other journeys run; volunteer-hours-confirmed (run last)
  // checks out of it once it is over and sees the hours credited.
  writeFileSync(shiftHandoffFile(), JSON.stringify({ activityId: activity.id, shiftId, title, venue, endsAt }))
}
