// A grid worker (grid001) standing inside their grid unit opens the app on a small phone:
// the home is their desk; from its grid list they open the map, which draws the unit's
// boundary and buildings from our own GeoJSON with no tiles configured (the default), and
// shows where they are and which unit that is.
import { signIn } from '../support.mjs'

async function apiJson(baseUrl, path, token, init = {}) {
  const response = await fetch(new URL(path, baseUrl), {
    ...init,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  })
  if (!response.ok)
    throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return response.json()
}

/** A point inside grid001's own unit: its centroid when the grid itself says so. */
async function pointInMyGrid(baseUrl, password) {
  const tokens = await apiJson(baseUrl, '/api/v1/auth/login', null, {
    method: 'POST',
    body: JSON.stringify({ username: 'grid001', password }),
  })
  const token = tokens.access_token
  const [unit] = (await apiJson(baseUrl, '/api/v1/grid-units?limit=1', token)).items
  let point = { longitude: unit.centroid_lon, latitude: unit.centroid_lat }
  const located = await apiJson(baseUrl, `/api/v1/locate?lon=${point.longitude}&lat=${point.latitude}`, token).catch(() => null)
  if (located?.grid_unit.id !== unit.id) {
    // An odd-shaped unit's centroid may lie outside it; a building of the unit never does.
    const [building] = (await apiJson(baseUrl, `/api/v1/buildings?grid_unit_id=${unit.id}&limit=1`, token)).items
    point = { longitude: building.lon, latitude: building.lat }
  }
  return { unit, point }
}

export default async function ({ phone, page, baseUrl, env, snap }) {
  const { unit, point } = await pointInMyGrid(baseUrl, env.demoPassword)
  await phone.context.grantPermissions(['geolocation'], { origin: new URL(baseUrl).origin })
  await phone.context.setGeolocation({ ...point, accuracy: 15 })

  await signIn(page, baseUrl, 'grid001', env.demoPassword)
  await page.locator('[data-test="desk-today"]').waitFor({ state: 'visible' })
  await page.locator(`[data-test="unit-${unit.code}"]`).waitFor({ state: 'visible' })
  console.log(`my-grid-map: desk shows ${await page.locator('[data-test="desk-incidents"] [data-test="sla"]').count()} incident countdowns`)
  await snap('home')
  await page.locator(`[data-test="unit-${unit.code}"]`).scrollIntoViewIfNeeded()
  await snap('home-units')

  await page.locator(`[data-test="unit-${unit.code}"]`).click()
  await page.waitForURL(url => url.pathname === '/map')
  await page.locator('[data-test="map"] path.map-boundary').first().waitFor({ state: 'attached' })
  const buildings = await page.locator('[data-test="map"] path.map-building').count()
  if (buildings === 0)
    throw new Error('the map drew no building')
  await page.locator('[data-test="map"] path.map-me').waitFor({ state: 'attached' })
  const where = page.locator('[data-test="where-am-i"]')
  await where.filter({ hasText: unit.name }).waitFor({ state: 'visible' })
  await page.locator('[data-test="no-tiles"]').waitFor({ state: 'visible' })
  console.log(`my-grid-map: ${buildings} buildings drawn; where I am: ${await where.innerText()}`)
  await snap('map')

  await page.locator('[data-test="locate-me"]').click()
  const incidents = page.locator('[data-test="map"] .map-incident')
  if (await incidents.count()) {
    await incidents.first().click()
    await page.locator('[data-test="picked-title"]').waitFor({ state: 'visible' })
    await snap('incident')
  }
}
