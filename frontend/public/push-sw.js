/* Web Push in the app's service worker: the generated sw.js loads this file with
 * importScripts (vite.config.ts, workbox.importScripts). Plain script, no imports: it runs
 * in the worker, outside the bundle.
 *
 * A push carries what the notifications service sends, texts already in the recipient's
 * language: {title, body, link, kind, urgent, delivery_id}. */

const PUSH_ICON = '/icons/icon-192.png'

// Chrome shows a notice of its own when a push shows nothing (userVisibleOnly), so a push
// with no readable payload still says something.
function fallbackTexts() {
  const english = (self.navigator.language || '').toLowerCase().startsWith('en')
  return english
    ? { title: 'Weimin', body: 'You have a new notification.' }
    : { title: '为民', body: '您有一条新通知。' }
}

function readPayload(data) {
  if (!data)
    return {}
  try {
    const value = data.json()
    return value && typeof value === 'object' ? value : {}
  }
  catch {
    return { body: data.text() }
  }
}

function notificationFor(payload) {
  const fallback = fallbackTexts()
  const tag = typeof payload.delivery_id === 'string' ? payload.delivery_id : ''
  const urgent = payload.urgent === true
  return {
    title: typeof payload.title === 'string' && payload.title ? payload.title : fallback.title,
    options: {
      body: typeof payload.body === 'string' && payload.body ? payload.body : fallback.body,
      icon: PUSH_ICON,
      // The same delivery sent again (a retry) replaces its notice instead of stacking.
      tag: tag || undefined,
      // An alarm sounds again when it replaces its notice, and stays until it is answered;
      // renotify without a tag is refused by the browser.
      renotify: urgent && Boolean(tag),
      requireInteraction: urgent,
      data: { link: typeof payload.link === 'string' ? payload.link : '/', kind: payload.kind },
    },
  }
}

// Only this app's own pages open from a notice: a link to elsewhere opens the home page.
function targetUrl(link) {
  const origin = self.location.origin
  try {
    const url = new URL(link || '/', origin)
    return url.origin === origin ? url.href : `${origin}/`
  }
  catch {
    return `${origin}/`
  }
}

async function openLink(link) {
  const url = targetUrl(link)
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
  const open = windows.find(client => new URL(client.url).origin === self.location.origin)
  if (open) {
    try {
      const focused = await open.focus()
      await (focused || open).navigate(url)
      return
    }
    catch {
      // navigate() works only on a page this worker controls; open a window instead.
    }
  }
  await self.clients.openWindow(url)
}

self.addEventListener('push', (event) => {
  const { title, options } = notificationFor(readPayload(event.data))
  event.waitUntil(self.registration.showNotification(title, options))
})

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const data = event.notification.data || {}
  event.waitUntil(openLink(data.link))
})
