// grid001 starts a patrol in its grid, checks in by GPS from a spot inside the grid, sees
// the check-in recorded (and the API has it), then ends the patrol.
import { callApi, signIn } from '../support.mjs'

/** A confirmation toast stays 2 s; the screen is pictured as the person then sees it. */
async function toastGone(page) {
  await page.locator('.van-toast').last().waitFor({ state: 'hidden' }).catch(() => {})
}

// Permission granted up front; the position itself is set once the grid is known.
export const options = { geolocation: { latitude: 0, longitude: 0, accuracy: 10 } }

export default async function ({ page, phone, baseUrl, env, snap }) {
  const { access_token: token } = await callApi(baseUrl, '/api/v1/auth/login', { method: 'POST', body: { username: 'grid001', password: env.demoPassword } })
  const me = await callApi(baseUrl, '/api/v1/accounts/me', { token })
  const gridId = me.scopes.find(s => s.startsWith('grid:')).slice('grid:'.length)
  const grid = await callApi(baseUrl, `/api/v1/grid-units/${gridId}`, { token })
  // Standing at the grid's centre.
  await phone.context.setGeolocation({ latitude: grid.centroid_lat, longitude: grid.centroid_lon, accuracy: 8 })

  await signIn(page, baseUrl, 'grid001', env.demoPassword)
  await page.goto(`${baseUrl}/patrols`)
  await page.locator('[data-test="start-patrol"]').click()
  await page.locator('[data-test="active-patrol"]').waitFor()
  await toastGone(page)
  await snap('started')

  await page.locator('[data-test="check-in-button"]').click()
  const recorded = page.locator('[data-test="check-in"]')
  await recorded.first().waitFor()
  const text = await recorded.first().innerText()
  if (!text.includes('在网格内'))
    throw new Error(`the check-in is not shown inside the grid: ${text}`)
  await toastGone(page)
  await snap('checked-in')

  const { items } = await callApi(baseUrl, '/api/v1/patrols?limit=10', { token })
  const patrol = items.find(p => p.worker === me.id && p.ended_at === null)
  if (!patrol || patrol.check_ins.length !== 1 || !patrol.check_ins[0].in_patrol_grid)
    throw new Error(`the API does not have the check-in: ${JSON.stringify(patrol)}`)
  console.log(`patrol-check-in: check-in recorded at ${patrol.check_ins[0].lon}, ${patrol.check_ins[0].lat}`)

  await page.locator('[data-test="end-patrol"]').click()
  await page.locator('.van-dialog__confirm').click()
  await page.locator('[data-test="start-patrol"]').waitFor()
  await page.locator('[data-test="patrol-item"]').first().waitFor()
  await toastGone(page)
  await snap('ended')
  const ended = await callApi(baseUrl, `/api/v1/patrols/${patrol.id}`, { token })
  if (!ended.ended_at)
    throw new Error('the patrol did not end')
}
