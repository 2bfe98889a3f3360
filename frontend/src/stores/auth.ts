import type { ApiClient } from '@/api/client'
import type { Account, TokenPair } from '@/api/types'
import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import { getBaseUrl, getTransport } from '@/api'
import { authenticatedTransport, createApiClient, defaultBaseUrl, unwrap } from '@/api/client'
import { wipeCaches } from '@/offline/cache'

// The refresh token survives a reload of this tab but not the tab itself; the access
// token only ever lives in memory.
export const REFRESH_TOKEN_KEY = 'weimin.refresh_token'

export const useAuthStore = defineStore('auth', () => {
  const accessToken = ref<string | null>(null)
  const account = shallowRef<Account | null>(null)
  const isAuthenticated = computed(() => accessToken.value !== null && account.value !== null)
  const roles = computed(() => account.value?.roles ?? [])

  let sessionLostHandler: () => void = () => {}
  let refreshing: Promise<boolean> | null = null

  function storeTokens(tokens: TokenPair): void {
    accessToken.value = tokens.access_token
    sessionStorage.setItem(REFRESH_TOKEN_KEY, tokens.refresh_token)
  }

  // Every way a session ends passes here: signing out, a refresh token refused (expired, or
  // revoked when staff sign a lost phone out) and a session lost mid-use. Nothing of its
  // data may stay on the phone for the next person holding it.
  function clearSession(): void {
    accessToken.value = null
    account.value = null
    sessionStorage.removeItem(REFRESH_TOKEN_KEY)
    void wipeCaches()
  }

  const baseUrl = getBaseUrl() ?? defaultBaseUrl()
  const transport = authenticatedTransport(getTransport(), {
    accessToken: () => accessToken.value,
    refresh: () => refresh(),
    sessionLost: () => {
      clearSession()
      sessionLostHandler()
    },
  })
  const api: ApiClient = markRaw(createApiClient({ baseUrl, transport }))

  /** A raw request with the session (for what the typed client cannot say: photo bodies,
   * replayed queued writes). `path` is an API path such as `/api/v1/incidents`. */
  function send(path: string, init: RequestInit = {}): Promise<Response> {
    return transport(new Request(new URL(path, baseUrl), init))
  }

  /** Renews the access token; concurrent callers share one request. */
  function refresh(): Promise<boolean> {
    refreshing ??= (async () => {
      const refreshToken = sessionStorage.getItem(REFRESH_TOKEN_KEY)
      if (!refreshToken)
        return false
      const result = await api.POST('/api/v1/auth/refresh', { body: { refresh_token: refreshToken } })
      if (!result.data) {
        // A rejected refresh token is spent; keeping it would only fail again.
        clearSession()
        return false
      }
      storeTokens(result.data)
      return true
    })().finally(() => {
      refreshing = null
    })
    return refreshing
  }

  async function loadAccount(): Promise<Account> {
    account.value = unwrap(await api.GET('/api/v1/accounts/me'))
    return account.value
  }

  /** Throws ApiError `second-factor-required` (with `challenge`) for an account with a
   * second factor: finish with finishSecondFactor(). */
  async function login(username: string, password: string): Promise<Account> {
    // A session that ended with the tab closed left its caches (nothing ran to wipe them);
    // whoever signs in now must not find them offline.
    await wipeCaches()
    storeTokens(unwrap(await api.POST('/api/v1/auth/login', { body: { username, password } })))
    return loadAccount()
  }

  async function finishSecondFactor(challenge: string, code: string): Promise<Account> {
    storeTokens(unwrap(await api.POST('/api/v1/auth/second-factor', { body: { challenge, code } })))
    return loadAccount()
  }

  /** After a reload: the tab still holds a refresh token, so sign back in silently. */
  async function restore(): Promise<boolean> {
    if (isAuthenticated.value)
      return true
    if (!sessionStorage.getItem(REFRESH_TOKEN_KEY))
      return false
    if (!(await refresh()))
      return false
    await loadAccount()
    return true
  }

  async function logout(): Promise<void> {
    const refreshToken = sessionStorage.getItem(REFRESH_TOKEN_KEY)
    clearSession()
    if (!refreshToken)
      return
    const result = await api.POST('/api/v1/auth/logout', { body: { refresh_token: refreshToken } })
    if (!result.response.ok)
      unwrap(result)
  }

  function onSessionLost(handler: () => void): void {
    sessionLostHandler = handler
  }

  return { accessToken, account, roles, isAuthenticated, api, send, login, finishSecondFactor, logout, refresh, restore, loadAccount, onSessionLost }
})
