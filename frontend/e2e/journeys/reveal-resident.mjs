// A grid worker walks their grid down to one resident (building → household → resident),
// reveals the masked identity number and phone with a reason, and finds that reveal in
// "my reveals". The platform under test does not demand the second factor.
import { signIn } from '../support.mjs'

const REASON = '入户走访核实身份'

export default async function ({ page, baseUrl, env, snap }) {
  await signIn(page, baseUrl, 'grid001', env.demoPassword)
  await page.goto(`${baseUrl}/residents`)

  const building = page.locator('[data-test="building-cell"]').first()
  await building.waitFor({ state: 'visible' })
  await snap('buildings')
  await building.click()

  const household = page.locator('[data-test="household-cell"]').first()
  await household.waitFor({ state: 'visible' })
  await snap('households')
  await household.click()

  const resident = page.locator('[data-test="resident-cell"]').first()
  await resident.waitFor({ state: 'visible' })
  await snap('household')
  await resident.click()

  const phone = page.locator('[data-test="resident-phone"]')
  await phone.waitFor({ state: 'visible' })
  const masked = (await phone.innerText()).trim()
  if (!masked.includes('*'))
    throw new Error(`the phone should be masked before a reveal, saw "${masked}"`)
  const name = (await page.locator('[data-test="resident-name"]').innerText()).trim()
  await snap('resident')

  await page.locator('[data-test="reveal-open"]').click()
  await page.locator('[data-test="reveal-audited"]').waitFor({ state: 'visible' })
  await page.getByText(REASON, { exact: true }).click()
  await snap('reveal-reason')
  await page.locator('[data-test="reveal-submit"]').click()

  await page.locator('[data-test="revealed-note"]').waitFor({ state: 'visible' })
  const shown = (await page.locator('[data-test="resident-id-card"]').innerText()).trim()
  if (shown.includes('*'))
    throw new Error(`the identity number should be shown in full after the reveal, saw "${shown}"`)
  await snap('revealed')

  // In the app, from the residents screen: the reveal just made is listed first.
  await page.goto(`${baseUrl}/residents`)
  await page.locator('[data-test="my-reveals-link"]').click()
  const entry = page.locator('[data-test="my-reveal"]').first()
  await entry.waitFor({ state: 'visible' })
  const text = await entry.innerText()
  if (!text.includes(REASON) || !text.includes(name))
    throw new Error(`"my reveals" should list the reveal of ${name} with its reason, saw "${text}"`)
  console.log(`reveal-resident: revealed ${name} and found it in my reveals`)
  await snap('my-reveals')
}
