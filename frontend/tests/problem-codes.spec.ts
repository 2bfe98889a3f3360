import { afterEach, describe, expect, it } from 'vitest'
import { problemToApiError, translateProblem } from '@/api/errors'
import { PROBLEM_CODES } from '@/api/generated/problem-codes'
import { KNOWN_CODES } from '@/api/problem-codes'
import { i18n, setLocale } from '@/locales'
import problemsEnUS from '@/locales/problems.en-US'
import problemsZhCN from '@/locales/problems.zh-CN'
import { problem } from './fake-transport'

const HAN = /\p{Script=Han}/u

describe('problem codes from the API spec', () => {
  afterEach(() => setLocale('zh-CN'))

  it('should have a Chinese and an English text for every code the API declares', () => {
    expect(PROBLEM_CODES.length).toBeGreaterThan(50)
    for (const code of KNOWN_CODES) {
      expect(problemsZhCN[code], code).toMatch(HAN)
      expect(problemsEnUS[code], code).not.toMatch(HAN)
      expect(problemsEnUS[code].length, code).toBeGreaterThan(3)
    }
  })

  it('should hold no text for a code the API does not declare', () => {
    const known = new Set<string>(KNOWN_CODES)
    expect(Object.keys(problemsZhCN).filter(code => !known.has(code))).toEqual([])
    expect(Object.keys(problemsEnUS).filter(code => !known.has(code))).toEqual([])
  })

  it('should show its own text for a service code, not the server title', async () => {
    const response = problem(409, 'wish-already-claimed')
    const error = problemToApiError(response, await response.json())
    expect(translateProblem(error)).toBe(problemsZhCN['wish-already-claimed'])
    setLocale('en-US')
    expect(translateProblem(error)).toBe(problemsEnUS['wish-already-claimed'])
    expect(i18n.global.t('problem.wish-already-claimed')).not.toContain('title of')
  })
})
