// grid001 opens the inbox: the notifications service's notices first (or their empty
// state), then the incident notices' tab with the unread ones marked, or its empty state.
import { signIn } from '../support.mjs'

export default async function ({ page, baseUrl, env, snap }) {
  await signIn(page, baseUrl, 'grid001', env.demoPassword)
  await page.goto(`${baseUrl}/notifications`)
  await page.locator('[data-test="feed-notice"], [data-test="feed-empty"]').first().waitFor()
  console.log(`notifications-inbox: ${await page.locator('[data-test="feed-notice"]').count()} notices in the inbox`)
  await snap('all')
  await page.getByRole('tab', { name: /事件通知/ }).click()
  await page.locator('[data-test="notice"], [data-test="inbox-empty"]').first().waitFor()
  console.log(`notifications-inbox: ${await page.locator('[data-test="notice"]').count()} incident notices shown`)
  await snap('inbox')
}
