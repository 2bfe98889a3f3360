// grid001's app is installed in this browser and subscribed to push (its subscription made
// at the local push service, which stands for the browser vendor's: headless Chromium
// reaches no real one). neighbour01 raises an alarm; the notifications service encrypts and
// signs a push to the push service, which checks the VAPID token and decrypts it; the
// message is then handed to the app's service worker over Chromium's DevTools protocol
// (ServiceWorker.deliverPushMessage), and the worker shows the alarm as a notification.
import { callApi, requireEnv, signIn } from '../support.mjs'

const WITHIN_MS = 2_000
// Handing a message to the worker and its showing it take their time on a loaded machine.
const SHOW_MS = 10_000

async function token(baseUrl, username, password) {
  const { access_token: value } = await callApi(baseUrl, '/api/v1/auth/login', { method: 'POST', body: { username, password } })
  return value
}

async function pushServiceCall(pushService, path, body) {
  const response = await fetch(`${pushService}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  })
  if (!response.ok)
    throw new Error(`push service ${path}: ${response.status} ${await response.text()}`)
  return response.json()
}

/** The service worker's registration id, as the DevTools protocol names it. */
async function registrationOf(cdp, origin) {
  const found = new Promise((resolvePromise) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const mine = registrations.find(r => r.scopeURL.startsWith(origin) && !r.isDeleted)
      if (mine)
        resolvePromise(mine.registrationId)
    })
  })
  await cdp.send('ServiceWorker.enable')
  return found
}

/** The notification the worker shows with this title (polled: showing it is asynchronous). */
async function shownNotification(page, title) {
  const started = Date.now()
  while (Date.now() - started < SHOW_MS) {
    const found = await page.evaluate(async (wanted) => {
      const registration = await navigator.serviceWorker.ready
      const notice = (await registration.getNotifications()).find(n => n.title === wanted)
      return notice ? { title: notice.title, requireInteraction: notice.requireInteraction, link: notice.data?.link } : null
    }, title)
    if (found)
      return found
    await new Promise(r => setTimeout(r, 100))
  }
  throw new Error(`the service worker showed no notification "${title}" within ${SHOW_MS} ms`)
}

export default async function ({ phone, page, baseUrl, env, snap }) {
  const pushService = requireEnv('PUSH_SERVICE_URL')
  const origin = new URL(baseUrl).origin
  await phone.context.grantPermissions(['notifications'], { origin })
  await signIn(page, baseUrl, 'grid001', env.demoPassword)
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
  const cdp = await phone.context.newCDPSession(page)
  const registrationId = await registrationOf(cdp, origin)

  const worker = await token(baseUrl, 'grid001', env.demoPassword)
  const { public_key: key } = await callApi(baseUrl, '/api/v1/push/public-key', { token: worker })
  const subscription = await pushServiceCall(pushService, '/subscriptions', { application_server_key: key })
  await callApi(baseUrl, '/api/v1/push/subscriptions', { token: worker, method: 'POST', body: { ...subscription, label: 'e2e' } })
  const id = subscription.endpoint.split('/').pop()
  await page.goto(`${baseUrl}/notifications`)
  await snap('subscribed')

  const neighbour = await token(baseUrl, 'neighbour01', env.demoPassword)
  const { items: groups } = await callApi(baseUrl, '/api/v1/joint-defence/groups', { token: neighbour })
  const raisedAt = Date.now()
  const alarm = await callApi(baseUrl, `/api/v1/joint-defence/groups/${groups[0].id}/alarms`, {
    token: neighbour,
    method: 'POST',
    body: { kind: 'fire' },
  })

  let arrival
  while (!arrival) {
    const arrivals = await pushServiceCall(pushService, `/_arrivals?subscription=${id}`)
    arrival = arrivals.find(a => a.verified && a.payload?.link === `/alarms?alarm=${alarm.id}`)
    if (!arrival && Date.now() - raisedAt > WITHIN_MS)
      throw new Error(`no push for the alarm within ${WITHIN_MS} ms: ${JSON.stringify(arrivals)}`)
    if (!arrival)
      await new Promise(r => setTimeout(r, 50))
  }
  console.log(`alarm-push: pushed, verified and decrypted ${Date.now() - raisedAt} ms after the alarm`)

  await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data: JSON.stringify(arrival.payload) })
  const shown = await shownNotification(page, arrival.payload.title)
  if (shown.link !== `/alarms?alarm=${alarm.id}` || !shown.requireInteraction)
    throw new Error(`the worker showed ${JSON.stringify(shown)}`)
  console.log(`alarm-push: the service worker shows "${shown.title}"`)
  await snap('pushed')

  await callApi(baseUrl, '/api/v1/push/subscriptions/current', { token: worker, method: 'DELETE', body: { endpoint: subscription.endpoint } })
}
