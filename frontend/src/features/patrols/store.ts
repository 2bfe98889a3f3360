import type { Position } from './composables/useGeolocation'
import type { CheckIn, GridUnit, Patrol } from './types'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { ApiError } from '@/api'
import { unwrap } from '@/api/client'
import { submitWrite } from '@/offline/queue'
import { useAuthStore } from '@/stores/auth'

const PAGE_SIZE = 20

/**
 * The patrol under way. A patrol started without signal has no id yet: it is known by the
 * queued write that will create it (`ref`), and its check-ins and end name it with a
 * `{ref:<id>}` path segment, which the queue replaces with the id once the start is sent.
 */
export interface ActivePatrol {
  id?: string
  ref?: string
  gridUnitId: string
  startedAt: string
}

/** A check-in saved on the phone, not yet sent. */
export interface WaitingCheckIn {
  queueId: string
  lon: number
  lat: number
  at: string
}

export interface Labels { start: string, checkIn: string, end: string }

export const usePatrolsStore = defineStore('patrols', () => {
  const auth = useAuthStore()
  const patrols = ref<Patrol[]>([])
  const grids = shallowRef<GridUnit[]>([])
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)
  const queuedStart = ref<ActivePatrol | null>(null)
  const waitingCheckIns = ref<WaitingCheckIn[]>([])

  const me = computed(() => auth.account?.id ?? '')
  const active = computed<ActivePatrol | null>(() => {
    if (queuedStart.value)
      return queuedStart.value
    const open = patrols.value.find(p => p.ended_at === null)
    return open ? { id: open.id, gridUnitId: open.grid_unit_id, startedAt: open.started_at } : null
  })
  const activePatrol = computed(() => patrols.value.find(p => p.id === active.value?.id) ?? null)

  function gridName(id: string): string {
    return grids.value.find(g => g.id === id)?.name ?? ''
  }

  async function loadPage(cursor: string | null): Promise<void> {
    const page = unwrap(await auth.api.GET('/api/v1/patrols', {
      params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
    }))
    // The list holds every patrol of the grids in scope; this screen shows the worker's own.
    const mine = page.items.filter(p => p.worker === me.value)
    patrols.value = cursor ? [...patrols.value, ...mine] : mine
    nextCursor.value = page.next_cursor ?? null
  }

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      const [units] = await Promise.all([
        auth.api.GET('/api/v1/grid-units', { params: { query: { limit: 200 } } }),
        loadPage(null),
      ])
      grids.value = unwrap(units).items
    }
    catch (caught) {
      if (!(caught instanceof ApiError))
        throw caught
      error.value = caught
    }
    finally {
      loading.value = false
    }
  }

  async function loadMore(): Promise<void> {
    if (nextCursor.value)
      await loadPage(nextCursor.value)
  }

  function replace(patrol: Patrol): void {
    const index = patrols.value.findIndex(p => p.id === patrol.id)
    if (index >= 0)
      patrols.value[index] = patrol
    else
      patrols.value.unshift(patrol)
  }

  /** The path segment naming the active patrol: its id, or the queued start that makes it. */
  function patrolSegment(patrol: ActivePatrol): string {
    return patrol.id ?? `{ref:${patrol.ref}}`
  }

  async function start(gridUnitId: string, labels: Labels): Promise<'sent' | 'queued'> {
    // The phone's time now: a start sent later still says when the patrol began.
    const startedAt = new Date().toISOString()
    const outcome = await submitWrite({
      kind: 'patrol',
      label: `${labels.start} ${gridName(gridUnitId)}`,
      method: 'POST',
      path: '/api/v1/patrols',
      body: { grid_unit_id: gridUnitId, started_at: startedAt },
    })
    if (outcome.status === 'sent')
      replace(outcome.response as Patrol)
    else
      queuedStart.value = { ref: outcome.id, gridUnitId, startedAt }
    return outcome.status
  }

  /** Returns the recorded check-in, or null when it waits on the phone. */
  async function checkIn(position: Position, labels: Labels): Promise<CheckIn | null> {
    const patrol = active.value
    if (!patrol)
      throw new Error('no patrol under way')
    // When the worker stood there, not when the signal came back.
    const observedAt = new Date().toISOString()
    const outcome = await submitWrite({
      kind: 'patrol-check-in',
      label: `${labels.checkIn} ${gridName(patrol.gridUnitId)}`,
      method: 'POST',
      path: `/api/v1/patrols/${patrolSegment(patrol)}/check-ins`,
      body: { location: { lon: position.lon, lat: position.lat, crs: 'wgs84' }, observed_at: observedAt },
    })
    if (outcome.status === 'queued') {
      waitingCheckIns.value.push({ queueId: outcome.id, lon: position.lon, lat: position.lat, at: observedAt })
      return null
    }
    const entry = outcome.response as CheckIn
    activePatrol.value?.check_ins.push(entry)
    return entry
  }

  async function end(labels: Labels): Promise<'sent' | 'queued'> {
    const patrol = active.value
    if (!patrol)
      throw new Error('no patrol under way')
    const outcome = await submitWrite({
      kind: 'patrol',
      label: `${labels.end} ${gridName(patrol.gridUnitId)}`,
      method: 'POST',
      path: `/api/v1/patrols/${patrolSegment(patrol)}/end`,
      body: {},
    })
    if (outcome.status === 'sent')
      replace(outcome.response as Patrol)
    // Either way the patrol is over on this phone; what waits is on the sync screen.
    queuedStart.value = null
    waitingCheckIns.value = []
    if (outcome.status === 'queued' && patrol.id) {
      const ended = patrols.value.find(p => p.id === patrol.id)
      if (ended)
        ended.ended_at = new Date().toISOString()
    }
    return outcome.status
  }

  watch(() => auth.isAuthenticated, (signedIn) => {
    if (!signedIn) {
      patrols.value = []
      grids.value = []
      queuedStart.value = null
      waitingCheckIns.value = []
    }
  })

  return { patrols, grids, nextCursor, loading, error, active, activePatrol, waitingCheckIns, gridName, load, loadMore, start, checkIn, end }
})
