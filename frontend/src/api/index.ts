import type { Transport } from './client'

let transport: Transport = request => globalThis.fetch(request)
let baseUrl: string | undefined

/** The network boundary. Tests replace it with a fake; the app never does. */
export function setTransport(next: Transport, nextBaseUrl?: string): void {
  transport = next
  baseUrl = nextBaseUrl
}

export function getTransport(): Transport {
  return request => transport(request)
}

export function getBaseUrl(): string | undefined {
  return baseUrl
}

export { ApiError, translateProblem } from './errors'
export type { Account, GridSummary, OrganisationSummary, TokenPair } from './types'
