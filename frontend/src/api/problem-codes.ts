import { PROBLEM_CODES } from './generated/problem-codes'

/**
 * Codes no operation declares: `network-error`, the SPA's own for a failure that never
 * reached the API (offline, DNS, CORS), and `method-not-allowed`, which a path answers for
 * a method it has no operation for.
 */
export const CLIENT_PROBLEM_CODES = ['network-error', 'method-not-allowed'] as const

/** Every code the SPA has a text for: the API's (generated from openapi.json) and its own. */
export const KNOWN_CODES = [...PROBLEM_CODES, ...CLIENT_PROBLEM_CODES] as const

export type KnownCode = (typeof KNOWN_CODES)[number]
