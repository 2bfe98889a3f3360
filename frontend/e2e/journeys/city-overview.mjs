// The admin signs in and sees the demo city's overview counts, with no
// Content-Security-Policy violation on the way (the gateway's policy is strict).
import { signIn } from '../support.mjs'

const EXPECTED = [2, 31, 143, 427, 1707]

// Either 1707 or 1,707 (zh-CN and en-US both group thousands with a comma).
function numberPattern(n) {
  const grouped = n.toLocaleString('en-US').replaceAll(',', ',?')
  return new RegExp(`^\\s*${grouped}\\s*$`)
}

export default async function ({ page, baseUrl, env, snap }) {
  await signIn(page, baseUrl, 'admin', env.adminPassword)
  const overview = page.locator('[data-test="overview"]')
  await overview.waitFor({ state: 'visible' })
  const values = overview.locator('.counts__value')
  for (const n of EXPECTED)
    await values.filter({ hasText: numberPattern(n) }).first().waitFor({ state: 'visible' })
  console.log(`city-overview: overview shows ${(await values.allInnerTexts()).join(' / ')}`)
  await snap('home')
}
