/** A position in WGS-84 (what the browser's Geolocation API reports). */
export interface Position {
  lon: number
  lat: number
  accuracy: number
}

export type GeolocationProblem = 'unsupported' | 'denied' | 'unavailable' | 'timeout'

export class GeolocationError extends Error {
  constructor(readonly reason: GeolocationProblem) {
    super(`geolocation ${reason}`)
  }
}

const REASONS: Record<number, GeolocationProblem> = { 1: 'denied', 2: 'unavailable', 3: 'timeout' }

/** One fresh fix; rejects with a GeolocationError naming why there is none. */
export function currentPosition(geolocation: Geolocation | undefined = globalThis.navigator?.geolocation, timeoutMs = 15_000): Promise<Position> {
  return new Promise((resolve, reject) => {
    if (!geolocation) {
      reject(new GeolocationError('unsupported'))
      return
    }
    geolocation.getCurrentPosition(
      p => resolve({ lon: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy }),
      e => reject(new GeolocationError(REASONS[e.code] ?? 'unavailable')),
      // A check-in proves presence: a cached fix from elsewhere would not.
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 0 },
    )
  })
}
