import type { KnownCode } from './problem-codes'
import { i18n } from '@/locales'
import { KNOWN_CODES } from './problem-codes'

/** One entry of a problem's `errors` list (validation only), e.g. field "body.password". */
export interface FieldProblem {
  field: string
  reason: string
  code: string
}

/** The subset of RFC 9457 problem+json the gateway sends. */
export interface Problem {
  type?: string
  title?: string
  status?: number
  detail?: string
  instance?: string
  code?: string
  request_id?: string
  errors?: FieldProblem[]
  /** With `second-factor-required` from the sign-in: finishes it with a code. */
  challenge?: string
}

// The codes the UI translates, generated from the API's declarations (see
// src/api/problem-codes.ts); anything else falls back to the server's title.
export { KNOWN_CODES } from './problem-codes'
export type { KnownCode } from './problem-codes'

const WAIT_CODES = new Set<string>(['rate-limited'])

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly title: string
  readonly detail: string | undefined
  readonly requestId: string | undefined
  readonly retryAfterSeconds: number | undefined
  readonly fieldErrors: FieldProblem[]
  readonly challenge: string | undefined

  constructor(init: {
    status: number
    code: string
    title: string
    detail?: string
    requestId?: string
    retryAfterSeconds?: number
    fieldErrors?: FieldProblem[]
    challenge?: string
  }) {
    super(init.title)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.title = init.title
    this.detail = init.detail
    this.requestId = init.requestId
    this.retryAfterSeconds = init.retryAfterSeconds
    this.fieldErrors = init.fieldErrors ?? []
    this.challenge = init.challenge
    // Translated once for logs and toasts; screens call translateProblem() so the text
    // follows a later language switch.
    this.message = translateProblem(this)
  }

  /** The field's reason when the server rejected that field, keyed without the "body." prefix. */
  fieldError(name: string): string | undefined {
    return this.fieldErrors.find(e => e.field === name || e.field === `body.${name}`)?.reason
  }
}

function isKnownCode(code: string): code is KnownCode {
  return (KNOWN_CODES as readonly string[]).includes(code)
}

export function parseRetryAfter(header: string | null): number | undefined {
  if (!header)
    return undefined
  const seconds = Number(header.trim())
  if (Number.isFinite(seconds) && seconds >= 0)
    return Math.ceil(seconds)
  const date = Date.parse(header)
  if (Number.isNaN(date))
    return undefined
  return Math.max(0, Math.ceil((date - Date.now()) / 1000))
}

function formatWait(seconds: number): string {
  const { t } = i18n.global
  return seconds >= 60
    ? t('duration.minutes', { n: Math.ceil(seconds / 60) })
    : t('duration.seconds', { n: seconds })
}

export function translateProblem(error: ApiError): string {
  const { t } = i18n.global
  if (!isKnownCode(error.code))
    return error.title || t('problem.unknown', { status: error.status })
  if (WAIT_CODES.has(error.code)) {
    if (error.retryAfterSeconds !== undefined)
      return t(`problem.${error.code}`, { wait: formatWait(error.retryAfterSeconds) })
    // Without Retry-After the server's detail is the only place the retry time is said.
    const base = t(`problem.${error.code}-no-wait`)
    return error.detail ? t('problem.with-detail', { message: base, detail: error.detail }) : base
  }
  return t(`problem.${error.code}`)
}

function asProblem(body: unknown): Problem {
  return typeof body === 'object' && body !== null ? (body as Problem) : {}
}

/** The one place a failed HTTP response becomes an ApiError. */
export function problemToApiError(response: Response, body: unknown): ApiError {
  const problem = asProblem(body)
  return new ApiError({
    status: problem.status ?? response.status,
    code: problem.code ?? `http-${response.status}`,
    title: problem.title ?? '',
    detail: problem.detail,
    requestId: problem.request_id ?? response.headers.get('X-Request-ID') ?? undefined,
    retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After')),
    fieldErrors: Array.isArray(problem.errors) ? problem.errors : [],
    challenge: typeof problem.challenge === 'string' ? problem.challenge : undefined,
  })
}

/** A request that never got an HTTP answer (offline, DNS, CORS). */
export function networkError(cause: unknown): ApiError {
  const error = new ApiError({ status: 0, code: 'network-error', title: '' })
  error.cause = cause
  return error
}
