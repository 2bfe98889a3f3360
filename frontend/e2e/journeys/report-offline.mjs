// A grid worker reports a hazard with a photo while the phone has no signal: the report
// waits on the phone, goes when the signal returns, and the platform holds it exactly once,
// with its photo.
import { signIn } from '../support.mjs'

// Geolocation is granted; the position is set once the worker's grid is known.
export const options = { geolocation: { latitude: 0, longitude: 0 } }

async function api(baseUrl, token, path, init = {}) {
  const response = await fetch(new URL(path, baseUrl), {
    ...init,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...init.headers },
  })
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${path} → ${response.status} ${await response.text()}`)
  return response.json()
}

/** A small camera-like JPEG, drawn by the browser itself. */
async function photoFixture(page) {
  const base64 = await page.evaluate(() => {
    const canvas = globalThis.document.createElement('canvas')
    canvas.width = 800
    canvas.height = 600
    const g = canvas.getContext('2d')
    g.fillStyle = '#7a8b99'
    g.fillRect(0, 0, 800, 600)
    g.fillStyle = '#f6c35b'
    g.fillRect(340, 120, 120, 360)
    g.fillStyle = '#222'
    g.font = '48px sans-serif'
    g.fillText('hazard', 300, 560)
    return canvas.toDataURL('image/jpeg', 0.8).split(',')[1]
  })
  return { name: 'hazard.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') }
}

export default async function ({ phone, page, baseUrl, env, snap }) {
  const title = `配电箱门脱落 ${Date.now()}`
  // The same worker over HTTP, to find their grid and to check the result afterwards.
  const { access_token: token } = await api(baseUrl, null, '/api/v1/auth/login', {
    method: 'POST',
    body: JSON.stringify({ username: 'grid001', password: env.demoPassword }),
  })
  const { items: [grid] } = await api(baseUrl, token, '/api/v1/grid-units?limit=1')
  await phone.context.setGeolocation({ latitude: grid.centroid_lat, longitude: grid.centroid_lon, accuracy: 10 })

  await signIn(page, baseUrl, 'grid001', env.demoPassword)
  await page.goto(new URL('/incidents/new', baseUrl).href)
  await page.locator('[data-test="grid-unit"]').filter({ hasText: grid.name }).waitFor()

  await page.locator('[data-test="category"]').click()
  await page.locator('.van-cascader__option', { hasText: '突发事件' }).click()
  await page.locator('.van-cascader__option', { hasText: '安全隐患' }).click()
  // The choice reads 用电; the value sent and stored is still `electric`.
  await page.locator('[data-test="extra-hazard-electric"]', { hasText: '用电' }).click()
  await page.locator('[data-test="extra-people_at_risk"] input').fill('3')
  await page.locator('[data-test="title"] input').fill(title)
  await page.locator('[data-test="photos"] input[type="file"]').setInputFiles(await photoFixture(page))
  await page.locator('.van-uploader__preview .van-image').waitFor()
  await page.locator('.van-uploader__mask').waitFor({ state: 'detached' })
  await snap('form')

  await phone.context.setOffline(true)
  await page.locator('[data-test="submit"]').click()
  // Open hazards nearby are offered first; this one is new.
  const dialog = page.locator('.van-dialog__confirm')
  const queued = page.locator('[data-test="report-queued"]')
  await dialog.or(queued).first().waitFor()
  if (await dialog.isVisible())
    await dialog.click()
  await queued.waitFor()
  await snap('queued')

  await page.locator('[data-test="to-sync"]').click()
  await page.locator('[data-test="sync-waiting"]').filter({ hasText: title }).waitFor()
  await snap('sync-waiting')

  await phone.context.setOffline(false)
  await page.locator('[data-test="sync-empty"]').waitFor()
  await snap('sync-sent')

  const { items } = await api(baseUrl, token, '/api/v1/incidents/mine?limit=50')
  const mine = items.filter(incident => incident.title === title)
  if (mine.length !== 1)
    throw new Error(`expected exactly one incident titled ${title}, found ${mine.length}`)
  const [incident] = mine
  if (incident.photos.length !== 1)
    throw new Error(`expected one photo on the incident, found ${incident.photos.length}`)
  if (incident.extra.hazard !== 'electric' || incident.extra.people_at_risk !== 3)
    throw new Error(`extra fields not kept: ${JSON.stringify(incident.extra)}`)
  console.log(`report-offline: ${incident.id} sent once with ${incident.photos.length} photo`)

  await page.goto(new URL(`/incidents/${incident.id}`, baseUrl).href)
  await page.locator('[data-test="detail-title"]').filter({ hasText: title }).waitFor()
  await page.locator('[data-test="photo-thumb"] img').waitFor()
  await page.locator('[data-test="timeline"]').waitFor()
  await snap('detail')
  // The reporter's grid worker may take it on: the actions come from the server.
  await page.locator('[data-test="action-accept"]').waitFor()
  await page.locator('[data-test="timeline"]').scrollIntoViewIfNeeded()
  await snap('detail-actions')
}
