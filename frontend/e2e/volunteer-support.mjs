// What the two volunteer journeys share: volunteer-activity-hours checks in to a short
// shift and leaves it running; volunteer-hours-confirmed, run last, checks out of it.
import { join } from 'node:path'
import { callApi, requireEnv } from './support.mjs'

/** Where the first journey leaves the shift for the second (JOURNEY_HANDOFF_DIR). */
export function shiftHandoffFile() {
  return join(requireEnv('JOURNEY_HANDOFF_DIR'), 'volunteer-shift.json')
}

export async function toastGone(page) {
  await page.locator('.van-toast').last().waitFor({ state: 'hidden' }).catch(() => {})
}

export async function login(baseUrl, username, password) {
  const { access_token: token } = await callApi(baseUrl, '/api/v1/auth/login', { method: 'POST', body: { username, password } })
  return token
}

/** Waits for the answer to the request the action sends (`METHOD` on a path ending so). */
export async function answerTo(page, method, pathEnd, action) {
  const [response] = await Promise.all([
    page.waitForResponse(r => r.request().method() === method && new URL(r.url()).pathname.endsWith(pathEnd)),
    action(),
  ])
  if (!response.ok())
    throw new Error(`${method} ${pathEnd} answered ${response.status()}: ${await response.text()}`)
  return response.json()
}
