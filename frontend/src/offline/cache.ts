/**
 * Wiping what the phone keeps of a session's data. Run when a session ends for any reason
 * (signed out, refused as revoked, signed out remotely when a phone is lost), so the next
 * person holding the phone finds none of the last one's residents.
 *
 * It deletes every Cache Storage cache except the app shell's precache, and every data
 * cache a feature registers. The precache holds only the app's own code and icons, the same
 * for everyone; the service worker fills it once per version at install and would not
 * fill it again, so deleting it would leave the next sign-in unable to open offline.
 * It never touches the offline write queue: writes made in the field are the worker's own
 * work, still owed to the server, and are sent when someone signs in again.
 */

/** Workbox names its precache `workbox-precache-v2-<scope>`. */
export const APP_SHELL_CACHE_PREFIX = 'workbox-precache'

type DataCacheWipe = () => Promise<void> | void

const dataCaches = new Map<string, DataCacheWipe>()

/** A feature that keeps data of its own (say an IndexedDB store of map features) registers
 * how to empty it; `wipeCaches()` runs every registered wipe. */
export function registerDataCache(name: string, wipe: DataCacheWipe): void {
  dataCaches.set(name, wipe)
}

/** Empties Cache Storage (but the app shell) and every registered data cache. Never throws: a failure to wipe
 * one store must not keep the others, or the sign-out, from completing; it is logged. */
export async function wipeCaches(): Promise<void> {
  const jobs: Promise<unknown>[] = [...dataCaches.values()].map(wipe => Promise.resolve().then(wipe))
  if (typeof caches !== 'undefined')
    jobs.push(caches.keys().then(names => Promise.all(
      names.filter(name => !name.startsWith(APP_SHELL_CACHE_PREFIX)).map(name => caches.delete(name)),
    )))
  const results = await Promise.allSettled(jobs)
  for (const result of results) {
    if (result.status === 'rejected')
      console.warn('Could not wipe a cache', result.reason)
  }
}

/** Wipes the caches however a session ends (signed out here or everywhere, revoked, a
 * lost phone signed out by staff). The app wires it once at start; returns the unwiring. */
export function wipeCachesWhenSignedOut(auth: { onSignedOut: (handler: () => Promise<void>) => () => void }): () => void {
  return auth.onSignedOut(() => wipeCaches())
}
