/**
 * Server-sent events over `fetch`, so the request carries the session's bearer token
 * (EventSource cannot send an Authorization header, and the services accept no other).
 * Reconnects with a growing, capped delay whenever the stream ends or fails, and stops for
 * good when told to (sign-out, leaving the app) or when the server refuses the caller.
 */

export interface StreamEvent {
  event: string
  id?: string
  data: string
}

export type StreamStatus = 'connecting' | 'open' | 'waiting' | 'stopped'

export interface EventStreamOptions {
  /** Opens one connection; the signal aborts it. */
  open: (signal: AbortSignal) => Promise<Response>
  onEvent: (event: StreamEvent) => void
  onStatus?: (status: StreamStatus) => void
  /** A refusal that reconnecting cannot fix (401 after refresh, 403, 404): the stream stops. */
  onRefused?: (response: Response) => void
  initialDelayMs?: number
  maxDelayMs?: number
  /** Replaceable in tests. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
}

export interface EventStream {
  stop: () => void
  /** Resolves when the loop has ended (after stop() or a refusal). */
  done: Promise<void>
}

const FINAL_STATUSES = new Set([401, 403, 404, 410])

/** Splits a byte stream into SSE events (the WHATWG rules we need: event, id, data, comments). */
export async function* parseEventStream(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  // Stopping must end a read that is waiting for the next event, whatever the body is.
  const cancel = () => void reader.cancel().catch(() => {})
  if (signal?.aborted)
    cancel()
  signal?.addEventListener('abort', cancel, { once: true })
  let buffer = ''
  let event = 'message'
  let id: string | undefined
  let data: string[] = []
  try {
    while (true) {
      const { value, done } = await reader.read()
      if (done)
        return
      buffer += decoder.decode(value, { stream: true })
      let newline = buffer.search(/\r\n|\r|\n/)
      while (newline >= 0) {
        const line = buffer.slice(0, newline)
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1))
        newline = buffer.search(/\r\n|\r|\n/)
        if (line === '') {
          if (data.length)
            yield { event, id, data: data.join('\n') }
          event = 'message'
          data = []
          continue
        }
        if (line.startsWith(':'))
          continue // a keep-alive comment
        const colon = line.indexOf(':')
        const field = colon < 0 ? line : line.slice(0, colon)
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
        if (field === 'event')
          event = value
        else if (field === 'data')
          data.push(value)
        else if (field === 'id')
          id = value
      }
    }
  }
  finally {
    signal?.removeEventListener('abort', cancel)
    reader.releaseLock()
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => {
      clearTimeout(timer)
      resolve()
    }, { once: true })
  })
}

export function openEventStream(options: EventStreamOptions): EventStream {
  const controller = new AbortController()
  const { signal } = controller
  const initial = options.initialDelayMs ?? 1000
  const max = options.maxDelayMs ?? 30_000
  const sleep = options.sleep ?? abortableSleep
  const status = (s: StreamStatus) => options.onStatus?.(s)

  async function loop(): Promise<void> {
    let delay = initial
    while (!signal.aborted) {
      status('connecting')
      try {
        const response = await options.open(signal)
        if (FINAL_STATUSES.has(response.status)) {
          options.onRefused?.(response)
          break
        }
        if (response.ok && response.body) {
          status('open')
          for await (const event of parseEventStream(response.body, signal)) {
            delay = initial // a working connection resets the backoff
            options.onEvent(event)
          }
        }
      }
      catch (error) {
        if (signal.aborted)
          break
        console.warn('Alarm stream dropped', error)
      }
      if (signal.aborted)
        break
      status('waiting')
      await sleep(delay, signal)
      delay = Math.min(delay * 2, max)
    }
    status('stopped')
  }

  const done = loop()
  return { stop: () => controller.abort(), done }
}
