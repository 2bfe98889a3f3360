import { afterEach, describe, expect, it } from 'vitest'
import { ApiError, problemToApiError, translateProblem } from '@/api/errors'
import { setLocale } from '@/locales'
import { problem } from './fake-transport'

async function toError(response: Response): Promise<ApiError> {
  return problemToApiError(response, await response.json())
}

describe('problem+json to ApiError', () => {
  afterEach(() => setLocale('zh-CN'))

  it('should carry status, code, title, detail and request id', async () => {
    const error = await toError(problem(409, 'conflict', { detail: 'version 3 != 4' }))
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(409)
    expect(error.code).toBe('conflict')
    expect(error.title).toBe('title of conflict')
    expect(error.detail).toBe('version 3 != 4')
    expect(error.requestId).toBe('req-1')
  })

  it('should translate invalid-credentials in zh-CN and English', async () => {
    const error = await toError(problem(401, 'invalid-credentials'))
    expect(translateProblem(error)).toBe('用户名或密码错误')
    setLocale('en-US')
    expect(translateProblem(error)).toBe('Wrong username or password')
  })

  it('should put the Retry-After wait into a throttled sign-in message', async () => {
    const error = await toError(problem(429, 'rate-limited', { detail: 'wait before trying again' }, { 'Retry-After': '600' }))
    expect(error.retryAfterSeconds).toBe(600)
    expect(translateProblem(error)).toBe('操作过于频繁，请 10 分钟后再试')
    setLocale('en-US')
    expect(translateProblem(error)).toBe('Too many attempts; try again in 10 min')
  })

  it('should fall back to the detail for rate-limited without Retry-After', async () => {
    const error = await toError(problem(429, 'rate-limited', { detail: 'wait before trying again' }))
    expect(error.retryAfterSeconds).toBeUndefined()
    expect(translateProblem(error)).toBe('操作过于频繁，请稍后再试（wait before trying again）')
    setLocale('en-US')
    expect(translateProblem(error)).toBe('Too many attempts; try again later (wait before trying again)')
  })

  it('should say seconds for a short rate-limited wait', async () => {
    const error = await toError(problem(429, 'rate-limited', {}, { 'Retry-After': '30' }))
    expect(translateProblem(error)).toBe('操作过于频繁，请 30 秒后再试')
  })

  it('should translate every code the gateway documents in both languages', async () => {
    const codes = [
      'validation-failed', 'not-found', 'method-not-allowed', 'conflict', 'internal-error', 'unauthenticated',
      'token-expired', 'forbidden', 'invalid-credentials', 'second-factor-sign-in-required', 'session-revoked', 'rate-limited', 'password-policy', 'payload-too-large',
      'upstream-unavailable', 'upstream-timeout', 'idempotency-key-reused', 'idempotency-request-in-progress',
    ]
    for (const locale of ['zh-CN', 'en-US'] as const) {
      setLocale(locale)
      for (const code of codes) {
        const error = await toError(problem(400, code, {}, { 'Retry-After': '5' }))
        const text = translateProblem(error)
        expect(text, `${locale} ${code}`).not.toBe(`title of ${code}`)
        expect(text, `${locale} ${code}`).not.toContain('problem.')
      }
    }
  })

  it('should fall back to the title for an unknown code', async () => {
    const error = await toError(problem(418, 'teapot-empty'))
    expect(translateProblem(error)).toBe('title of teapot-empty')
    expect(error.message).toBe('title of teapot-empty')
  })

  it('should use the HTTP status when the body is not a problem', () => {
    const error = problemToApiError(new Response('<html>Bad gateway</html>', { status: 502 }), undefined)
    expect(error.status).toBe(502)
    expect(error.code).toBe('http-502')
    expect(translateProblem(error)).toBe('请求失败（502）')
  })

  it('should find a field error by field name with or without the body prefix', async () => {
    const error = await toError(problem(422, 'validation-failed', {
      errors: [{ field: 'body.password', reason: 'too short', code: 'string_too_short' }],
    }))
    expect(error.fieldError('password')).toBe('too short')
    expect(error.fieldError('username')).toBeUndefined()
    expect(translateProblem(error)).toBe('提交的内容有误，请检查后重试')
  })
})
