// grid001 has the alarms screen open; neighbour01, a member of the grid's ten-household
// joint-defence group, raises an alarm over the API. It appears on the phone live (no
// reload), grid001 answers "on my way", and the API shows the answer recorded.
import { callApi, signIn } from '../support.mjs'

/** A confirmation toast stays 2 s; the screen is pictured as the person then sees it. */
async function toastGone(page) {
  await page.locator('.van-toast').last().waitFor({ state: 'hidden' }).catch(() => {})
}

async function signInOverApi(baseUrl, username, password) {
  const { access_token: token } = await callApi(baseUrl, '/api/v1/auth/login', { method: 'POST', body: { username, password } })
  return { token, me: await callApi(baseUrl, '/api/v1/accounts/me', { token }) }
}

export default async function ({ page, baseUrl, env, snap }) {
  await signIn(page, baseUrl, 'grid001', env.demoPassword)
  await page.goto(`${baseUrl}/alarms`)
  await page.locator('[data-test="stream-status"][data-status="open"]').waitFor()
  await snap('listening')

  const neighbour = await signInOverApi(baseUrl, 'neighbour01', env.demoPassword)
  const { items: groups } = await callApi(baseUrl, '/api/v1/joint-defence/groups', { token: neighbour.token })
  if (groups.length !== 1)
    throw new Error(`neighbour01 should be in one group, is in ${groups.length}`)
  const alarm = await callApi(baseUrl, `/api/v1/joint-defence/groups/${groups[0].id}/alarms`, {
    token: neighbour.token,
    method: 'POST',
    body: { kind: 'intrusion', note: '三楼有人撬门' },
  })

  const card = page.locator(`[data-test="alarm-${alarm.id}"]`)
  await card.and(page.locator('[data-state="open"]')).waitFor()
  await page.locator('.van-notify').filter({ hasText: '三楼有人撬门' }).waitFor()
  await snap('alarm-arrived')

  await card.locator('[data-test="answer-on-my-way"]').click()
  await card.and(page.locator('[data-state="answered"]')).waitFor()
  await card.locator('[data-test="my-answer"]').waitFor()
  await toastGone(page)
  await snap('answered')

  const grid001 = await signInOverApi(baseUrl, 'grid001', env.demoPassword)
  const recorded = await callApi(baseUrl, `/api/v1/joint-defence/alarms/${alarm.id}`, { token: neighbour.token })
  const answers = recorded.responses.map(r => [r.responder, r.answer])
  if (recorded.state !== 'answered' || JSON.stringify(answers) !== JSON.stringify([[grid001.me.id, 'on_my_way']]))
    throw new Error(`the API shows ${recorded.state} with ${JSON.stringify(answers)}`)
  console.log('neighbour-alarm: the answer "on my way" is recorded')
}
