/**
 * Registers the service worker the build generates (vite-plugin-pwa: app shell precache,
 * masked grid reads cached). Loaded lazily after the page has loaded, so neither it nor
 * workbox-window weighs on the first load. In development there is no worker: Vite serves
 * modules one by one and a cache in front of them would only serve stale code.
 */
import { Workbox } from 'workbox-window'

/**
 * `onFirstControl` runs when a worker first takes this page over: what the page read before
 * then (the account, at sign-in) never passed through it, so the caller reads it again to
 * leave a copy for opening the app with no signal.
 */
export async function registerServiceWorker(onFirstControl: () => void = () => {}): Promise<void> {
  if (!('serviceWorker' in navigator))
    return
  const workbox = new Workbox('/sw.js', { scope: '/' })
  workbox.addEventListener('controlling', (event) => {
    if (!event.isUpdate)
      onFirstControl()
  })
  try {
    await workbox.register()
  }
  catch (error) {
    // The app works without it, only not offline; say why for whoever looks.
    console.warn('The service worker could not be registered', error)
  }
}
