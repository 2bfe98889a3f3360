export interface Place {
  lon: number
  lat: number
}

/**
 * Where the phone is, once, or null when it cannot say (no permission, no fix, no API):
 * the caller then measures from somewhere else. The browser's own timeout does not run
 * while the permission question is open, so a timer of our own ends the wait as well.
 */
export function currentPosition(waitMs = 8000): Promise<Place | null> {
  const geo = globalThis.navigator?.geolocation
  if (!geo)
    return Promise.resolve(null)
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), waitMs)
    geo.getCurrentPosition(
      (position) => {
        clearTimeout(timer)
        resolve({ lon: position.coords.longitude, lat: position.coords.latitude })
      },
      () => {
        clearTimeout(timer)
        resolve(null)
      },
      { maximumAge: 5 * 60_000, timeout: waitMs },
    )
  })
}
