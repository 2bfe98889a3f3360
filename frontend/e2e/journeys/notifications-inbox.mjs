// grid001 opens the inbox: incident notices with the unread ones marked, or the empty state.
import { signIn } from '../support.mjs'

export default async function ({ page, baseUrl, env, snap }) {
  await signIn(page, baseUrl, 'grid001', env.demoPassword)
  await page.goto(`${baseUrl}/notifications`)
  await page.locator('[data-test="notice"], [data-test="inbox-empty"]').first().waitFor()
  console.log(`notifications-inbox: ${await page.locator('[data-test="notice"]').count()} notices shown`)
  await snap('inbox')
}
