import { ref } from 'vue'

export interface Position { lon: number, lat: number }

/** How long to wait for a fix before offering manual entry: indoors GPS may never come. */
export const GEOLOCATION_TIMEOUT_MS = 10_000

/**
 * The phone's position (WGS-84, as the Geolocation API gives it). When there is no
 * geolocation, permission is refused or no fix comes in time, `manual` turns true and the
 * screen offers to type or pick the place instead.
 */
export function useGeolocation(geolocation: Geolocation | undefined = globalThis.navigator?.geolocation) {
  const position = ref<Position | null>(null)
  const locating = ref(false)
  const manual = ref(false)
  const failure = ref<'unsupported' | 'denied' | 'unavailable' | null>(null)

  function locate(): Promise<Position | null> {
    if (!geolocation) {
      failure.value = 'unsupported'
      manual.value = true
      return Promise.resolve(null)
    }
    locating.value = true
    return new Promise((resolve) => {
      geolocation.getCurrentPosition(
        (fix) => {
          locating.value = false
          failure.value = null
          position.value = { lon: fix.coords.longitude, lat: fix.coords.latitude }
          resolve(position.value)
        },
        (error) => {
          locating.value = false
          failure.value = error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable'
          manual.value = true
          resolve(null)
        },
        { enableHighAccuracy: true, timeout: GEOLOCATION_TIMEOUT_MS, maximumAge: 60_000 },
      )
    })
  }

  /** The worker typed or picked the place. */
  function setManually(next: Position): void {
    position.value = next
    manual.value = true
  }

  return { position, locating, manual, failure, locate, setManually }
}
