import { onScopeDispose, ref, shallowRef } from 'vue'

export interface Fix {
  lon: number
  lat: number
  accuracy: number
}

export type GeoProblem = 'unsupported' | 'denied' | 'unavailable'

/**
 * Where the phone is (WGS-84, as browsers report it), followed while the screen lives.
 * `problem` says why there is no fix, so the screen can say so instead of waiting.
 */
export function useGeolocation() {
  const fix = shallowRef<Fix | null>(null)
  const problem = ref<GeoProblem | null>(null)
  let watchId: number | null = null

  function start(): void {
    const geo = globalThis.navigator?.geolocation
    if (!geo) {
      problem.value = 'unsupported'
      return
    }
    if (watchId !== null)
      return
    watchId = geo.watchPosition(
      (position) => {
        problem.value = null
        fix.value = { lon: position.coords.longitude, lat: position.coords.latitude, accuracy: position.coords.accuracy }
      },
      (error) => {
        problem.value = error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable'
      },
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 20_000 },
    )
  }

  function stop(): void {
    if (watchId !== null)
      globalThis.navigator?.geolocation?.clearWatch(watchId)
    watchId = null
  }

  onScopeDispose(stop)
  return { fix, problem, start, stop }
}
