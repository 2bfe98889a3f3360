// The grid worker's app frame: grid001 signs in and sees the tab bar and the sync state;
// the state follows the signal; the installed app's service worker takes over and opens the
// app with no signal; English and back; the column stays a column on a wide screen; signing
// out leaves no cached data behind (the app shell stays).
import { signIn } from '../support.mjs'

async function expectText(locator, text) {
  await locator.filter({ hasText: text }).first().waitFor({ state: 'visible' })
}

async function cacheNames(page) {
  return page.evaluate(() => globalThis.caches.keys())
}

export default async function ({ page, phone, baseUrl, env, snap }) {
  await signIn(page, baseUrl, 'grid001', env.demoPassword)
  const tabbar = page.locator('[data-test="tabbar"]')
  await tabbar.waitFor({ state: 'visible' })
  await expectText(tabbar.locator('[data-test="tab-home"]'), '首页')
  await expectText(tabbar.locator('[data-test="tab-me"]'), '我的')
  const state = page.locator('[data-test="sync-state"]')
  await expectText(state, '在线')
  await page.locator('[data-test="desk-today"]').waitFor({ state: 'visible' })
  const tabs = await tabbar.locator('.van-tabbar-item').allInnerTexts()
  console.log(`shell: tabs ${tabs.map(text => text.trim()).join(' / ')}`)
  await snap('home')

  // The service worker takes over this very page and precaches the app shell.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
  await page.waitForFunction(async () => (await globalThis.caches.keys()).some(name => name.startsWith('workbox-precache')))
  const manifest = await page.evaluate(() => fetch('/manifest.webmanifest').then(r => r.json()))
  if (manifest.name !== '为民' || manifest.display !== 'standalone')
    throw new Error(`unexpected manifest ${JSON.stringify(manifest)}`)

  // Home again with signal: its answer now passes through the service worker, which keeps it.
  await tabbar.locator('[data-test="tab-me"]').click()
  await page.locator('[data-test="display-name"]').waitFor({ state: 'visible' })
  await tabbar.locator('[data-test="tab-home"]').click()
  await page.locator('[data-test="desk-units"] .van-cell').first().waitFor({ state: 'visible' })
  await page.waitForFunction(async () => {
    const cache = await globalThis.caches.open('weimin-api')
    return (await cache.keys()).some(request => request.url.includes('/api/v1/grid-units/my-desk'))
  })

  // No signal: the nav bar says so, and my grid still shows (leaving home and coming back
  // asks the API again, and the service worker answers from what it kept).
  await phone.context.setOffline(true)
  await expectText(state, '离线')
  await tabbar.locator('[data-test="tab-me"]').click()
  await page.locator('[data-test="display-name"]').waitFor({ state: 'visible' })
  await tabbar.locator('[data-test="tab-home"]').click()
  await page.locator('[data-test="desk-units"] .van-cell').first().waitFor({ state: 'visible' })
  await snap('offline')

  // Closed and opened again with no signal, the app opens from the phone on my grid: the
  // session cannot be renewed offline, so the account and the desk come from what the
  // phone kept, and no sign-in is asked for.
  await page.reload({ waitUntil: 'domcontentloaded' })
  await page.locator('[data-test="desk-units"] .van-cell').first().waitFor({ state: 'visible' })
  if (new URL(page.url()).pathname !== '/')
    throw new Error(`offline reopen landed on ${page.url()}, not the home`)
  await snap('offline-reopened')
  await phone.context.setOffline(false)

  // Back in signal, the tab's session is renewed: no second sign-in.
  await page.goto(baseUrl, { waitUntil: 'domcontentloaded' })
  await tabbar.waitFor({ state: 'visible' })

  // English and back.
  await tabbar.locator('[data-test="tab-me"]').click()
  await page.locator('[data-test="locale-en-US"]').click()
  await expectText(tabbar.locator('[data-test="tab-home"]'), 'Home')
  await expectText(state, 'Online')
  await snap('me-english')
  await page.locator('[data-test="locale-zh-CN"]').click()
  await expectText(tabbar.locator('[data-test="tab-me"]'), '我的')

  // A wide screen keeps the phone column and its bars centred.
  await page.setViewportSize({ width: 1024, height: 700 })
  const column = await page.locator('.app-column').first().boundingBox()
  const bar = await tabbar.boundingBox()
  if (!column || column.width > 641 || !bar || Math.abs(bar.x - column.x) > 1)
    throw new Error(`the column is not capped: column ${JSON.stringify(column)}, tab bar ${JSON.stringify(bar)}`)
  await snap('wide')
  await page.setViewportSize({ width: 360, height: 640 })

  // Signing out wipes the data caches (the API answers kept for offline use).
  await page.evaluate(() => globalThis.caches.open('weimin-api').then(cache => cache.put('/api/v1/grid-units/summary', new Response('{}'))))
  await page.locator('[data-test="logout"]').click()
  await page.locator('.van-dialog__confirm').click()
  await page.waitForURL(/\/login/)
  await page.waitForFunction(async () => !(await globalThis.caches.keys()).includes('weimin-api'))
  const left = await cacheNames(page)
  if (left.some(name => !name.startsWith('workbox-precache')))
    throw new Error(`caches left after sign-out: ${left.join(', ')}`)
  await snap('signed-out')
}
