import type { Transport } from '@/api/client'

export interface Seen {
  method: string
  path: string
  query: URLSearchParams
  authorization: string | null
  csrf: string | null
  body: unknown
  headers: Headers
}

type Route = (seen: Seen) => Response | Promise<Response>

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const contentType = status >= 400 ? 'application/problem+json' : 'application/json'
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType, ...headers } })
}

export function problem(status: number, code: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return json(status, { type: 'about:blank', title: `title of ${code}`, status, code, request_id: 'req-1', ...extra }, headers)
}

export const TOKENS = {
  access_token: 'access-1',
  token_type: 'Bearer',
  expires_in: 900,
  refresh_token: 'refresh-1',
  refresh_expires_in: 3600,
}

export const ADMIN = { id: 'a1', username: 'admin', display_name: 'Admin', roles: ['admin'], scopes: [] }

/** JSON when it is; photo uploads are raw bytes, kept as text. */
function parseBody(text: string): unknown {
  try {
    return JSON.parse(text)
  }
  catch {
    return text
  }
}

/** A transport answering by "METHOD /path"; records every request it saw. */
export function fakeTransport(routes: Record<string, Route>) {
  const seen: Seen[] = []
  const transport: Transport = async (request) => {
    const text = await request.text()
    const entry: Seen = {
      method: request.method,
      path: new URL(request.url).pathname,
      query: new URL(request.url).searchParams,
      authorization: request.headers.get('Authorization'),
      csrf: request.headers.get('X-CSRF-Token'),
      body: text ? parseBody(text) : undefined,
      headers: request.headers,
    }
    seen.push(entry)
    const route = routes[`${entry.method} ${entry.path}`]
    if (!route)
      return problem(404, 'not-found')
    return route(entry)
  }
  return { transport, seen }
}
