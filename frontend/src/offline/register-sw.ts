/**
 * Registers the service worker the build generates (vite-plugin-pwa: app shell precache,
 * masked grid reads cached). Loaded lazily after the page has loaded, so neither it nor
 * workbox-window weighs on the first load. In development there is no worker: Vite serves
 * modules one by one and a cache in front of them would only serve stale code.
 */
import { Workbox } from 'workbox-window'

export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator))
    return
  const workbox = new Workbox('/sw.js', { scope: '/' })
  try {
    await workbox.register()
  }
  catch (error) {
    // The app works without it, only not offline; say why for whoever looks.
    console.warn('The service worker could not be registered', error)
  }
}
