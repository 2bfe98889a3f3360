import { useAuthStore } from '@/stores/auth'

/** The service names a photo by its own path (`/v1/incident-photos/…`); the app reaches it
 * through the gateway under `/api`. */
export function apiPhotoPath(url: string): string {
  return url.startsWith('/v1/') ? `/api${url}` : url
}

/**
 * A photo's bytes as an object URL. Photos need the session, which an `<img src>` cannot
 * carry, so they are fetched. With `thumb`, the small rendition is asked for first
 * (`?size=thumb`); a server without renditions answers with an error or the original, and
 * the original is used.
 */
export async function photoObjectUrl(url: string, thumb: boolean): Promise<string | null> {
  const auth = useAuthStore()
  const path = apiPhotoPath(url)
  const tries = thumb ? [`${path}${path.includes('?') ? '&' : '?'}size=thumb`, path] : [path]
  for (const attempt of tries) {
    try {
      const response = await auth.send(attempt)
      if (response.ok)
        return URL.createObjectURL(await response.blob())
    }
    catch {
      return null
    }
  }
  return null
}
