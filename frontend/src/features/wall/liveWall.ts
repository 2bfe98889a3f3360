/**
 * The kiosk's live stream: a browser EventSource (same origin, so it sends the kiosk's
 * HttpOnly cookie; the key is never in the URL). While the connection merely drops, the
 * browser reconnects by itself with Last-Event-ID and the service replays what was
 * missed. When the browser gives up (a 502 while the gateway or service restarts, a 401),
 * this opens a new one after a growing, capped, jittered delay, asking first whether the
 * kiosk is still paired; each time a connection opens, the page reads the feed again.
 */
import { WALL_EVENTS } from './types'

export type LinkState = 'connecting' | 'live' | 'offline' | 'stopped'

/** The part of EventSource this uses (a fake stands in for it in tests). */
export interface EventSourceLike {
  readonly readyState: number
  onopen: ((event: Event) => void) | null
  onerror: ((event: Event) => void) | null
  addEventListener: (type: string, listener: (event: MessageEvent) => void) => void
  close: () => void
}

export interface LiveWallOptions {
  url: string
  open?: (url: string) => EventSourceLike
  onEvent: (type: string, data: string) => void
  /** Each time a connection opens (the first and every new one): read the feed again. */
  onOpen: () => void
  onState: (state: LinkState) => void
  /** Before a new connection: false stops for good (the kiosk was revoked). A throw waits. */
  stillPaired?: () => Promise<boolean>
  initialDelayMs?: number
  maxDelayMs?: number
  random?: () => number
}

export interface LiveWall {
  stop: () => void
  /** The browser says the network is gone: say so (the connection may linger unnoticed). */
  networkLost: () => void
  /** The browser says the network is back: a fresh connection at once (the old one may be
   * a dead socket nobody has noticed yet), and the page reads the feed again when it opens. */
  retryNow: () => void
}

const CLOSED = 2

export function openLiveWall(options: LiveWallOptions): LiveWall {
  const open = options.open ?? ((url: string) => new EventSource(url))
  const initial = options.initialDelayMs ?? 1_000
  // Capped low: a wall must be live again within 30 s of the services' return, and a
  // waiting screen tries at most every 8 s (+30 % jitter), a light load even for
  // thousands of screens during an outage.
  const max = options.maxDelayMs ?? 8_000
  const random = options.random ?? Math.random
  let delay = initial
  let source: EventSourceLike | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  function connect(): void {
    if (stopped)
      return
    options.onState('connecting')
    const current = open(options.url)
    source = current
    current.onopen = () => {
      delay = initial
      options.onState('live')
      options.onOpen()
    }
    for (const type of WALL_EVENTS)
      current.addEventListener(type, event => options.onEvent(type, String(event.data)))
    current.onerror = () => {
      if (stopped || source !== current)
        return
      options.onState('offline')
      if (current.readyState === CLOSED) {
        current.close()
        source = null
        schedule()
      }
    }
  }

  function schedule(): void {
    if (stopped)
      return
    clearTimeout(timer)
    const wait = delay + Math.round(random() * delay * 0.3)
    delay = Math.min(delay * 2, max)
    timer = setTimeout(() => void reconnect(), wait)
  }

  async function reconnect(): Promise<void> {
    if (stopped)
      return
    if (options.stillPaired) {
      try {
        if (!(await options.stillPaired())) {
          stop()
          return
        }
      }
      catch {
        schedule() // no network yet
        return
      }
    }
    connect()
  }

  function stop(): void {
    stopped = true
    clearTimeout(timer)
    source?.close()
    source = null
    options.onState('stopped')
  }

  function retryNow(): void {
    if (stopped)
      return
    source?.close()
    source = null
    delay = initial
    clearTimeout(timer)
    void reconnect()
  }

  function networkLost(): void {
    if (!stopped)
      options.onState('offline')
  }

  connect()
  return { stop, networkLost, retryNow }
}
