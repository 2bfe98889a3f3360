import { describe, expect, it } from 'vitest'
import { openEventStream, parseEventStream } from '@/features/alarms/eventStream'

function bodyOf(chunks: string[], { hang = false } = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks)
        controller.enqueue(encoder.encode(chunk))
      if (!hang)
        controller.close()
    },
  })
}

async function collect(body: ReadableStream<Uint8Array>) {
  const events = []
  for await (const event of parseEventStream(body))
    events.push(event)
  return events
}

describe('parseEventStream', () => {
  it('should join lines split across chunks and skip keep-alive comments', async () => {
    const events = await collect(bodyOf([
      ': keep-alive\n\nevent: ala',
      'rm\nid: a1\ndata: {"id":',
      '"a1"}\n\n',
    ]))
    expect(events).toEqual([{ event: 'alarm', id: 'a1', data: '{"id":"a1"}' }])
  })

  it('should read CRLF line ends, several data lines and default the event name', async () => {
    const events = await collect(bodyOf(['data: one\r\ndata: two\r\n\r\nevent: alarm\ndata:x\n\n']))
    expect(events).toEqual([
      { event: 'message', id: undefined, data: 'one\ntwo' },
      { event: 'alarm', id: undefined, data: 'x' },
    ])
  })

  it('should drop an event the stream ended before finishing', async () => {
    expect(await collect(bodyOf(['event: alarm\ndata: half']))).toEqual([])
  })
})

describe('openEventStream', () => {
  it('should reconnect after a dropped connection and a network error, then deliver events', async () => {
    let opened = 0
    const received: string[] = []
    const statuses: string[] = []
    const stream = openEventStream({
      open: async () => {
        opened += 1
        if (opened === 2)
          throw new TypeError('network down')
        if (opened === 3)
          return new Response(bodyOf(['event: alarm\ndata: hello\n\n']), { status: 200 })
        return new Response(bodyOf([]), { status: 200 })
      },
      onEvent: (e) => {
        received.push(e.data)
        stream.stop()
      },
      onStatus: s => statuses.push(s),
      sleep: async () => {},
    })
    await stream.done
    expect(received).toEqual(['hello'])
    expect(opened).toBe(3)
    expect(statuses).toEqual(['connecting', 'open', 'waiting', 'connecting', 'waiting', 'connecting', 'open', 'stopped'])
  })

  it('should wait 1, 2, 4… times the initial delay between attempts', async () => {
    const delays: number[] = []
    let opened = 0
    const stream = openEventStream({
      open: async () => {
        opened += 1
        return opened === 4
          ? new Response(bodyOf(['data: ok\n\n']), { status: 200 })
          : new Response(null, { status: 503 })
      },
      onEvent: () => {},
      initialDelayMs: 100,
      maxDelayMs: 250,
      sleep: async (ms) => {
        delays.push(ms)
        if (delays.length === 5)
          stream.stop()
      },
    })
    await stream.done
    // 100, 200, then capped at 250; the event on the 4th connection resets it to 100.
    expect(delays).toEqual([100, 200, 250, 100, 200])
  })

  it('should stop for good when the server refuses the caller', async () => {
    let opened = 0
    const refused: number[] = []
    const statuses: string[] = []
    const stream = openEventStream({
      open: async () => {
        opened += 1
        return new Response(JSON.stringify({ code: 'not-found' }), { status: 404 })
      },
      onEvent: () => {},
      onRefused: r => refused.push(r.status),
      onStatus: s => statuses.push(s),
      sleep: async () => {},
    })
    await stream.done
    expect([opened, refused]).toEqual([1, [404]])
    expect(statuses).toEqual(['connecting', 'stopped'])
  })

  it('should abort the open connection and not reconnect after stop()', async () => {
    let signal: AbortSignal | undefined
    let opened = 0
    const statuses: string[] = []
    const stream = openEventStream({
      open: async (s) => {
        opened += 1
        signal = s
        return new Response(bodyOf(['data: first\n\n'], { hang: true }), { status: 200 })
      },
      onEvent: () => stream.stop(),
      onStatus: s => statuses.push(s),
      sleep: async () => {},
    })
    await stream.done
    expect(signal?.aborted).toBe(true)
    expect(opened).toBe(1)
    expect(statuses).toEqual(['connecting', 'open', 'stopped'])
  })
})
