import type { RouteLocationRaw, Router } from 'vue-router'
import type { Notice } from './types'

/**
 * Where opening a notice takes the person: its `link` when that is a screen of this app,
 * else, for an alarm, the alarms screen (the service has sent paths such as
 * `/alarms/<id>` that no screen answers). Null: the notice has nowhere to go.
 */
export function noticeTarget(router: Router, notice: Notice): RouteLocationRaw | null {
  // Only the app's own paths: a link is never a way to leave the app.
  if (notice.link && notice.link.startsWith('/') && !notice.link.startsWith('//')) {
    const resolved = router.resolve(notice.link)
    // The catch-all route (which sends unknown paths home) has no name.
    if (resolved.name !== undefined && resolved.name !== null)
      return resolved.fullPath
  }
  if (notice.kind === 'alarm.raised') {
    const alarm = notice.data.alarm_id
    return typeof alarm === 'string' ? { name: 'alarms', query: { alarm } } : { name: 'alarms' }
  }
  return null
}
