import type { ApiClient } from '@/api/client'
import type { Account, Registered, Registration, TokenPair } from '@/api/types'
import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import { getBaseUrl, getTransport } from '@/api'
import { authenticatedTransport, createApiClient, defaultBaseUrl, unwrap } from '@/api/client'
import { ApiError } from '@/api/errors'
import { wipeCaches } from '@/offline/cache'

// The refresh token never reaches this page's storage: the server keeps it in an HttpOnly
// cookie sent only to /api/v1/auth, which outlives the WeChat webview. This page reads
// only the CSRF cookie, whose value it echoes in X-CSRF-Token to prove the request is its
// own (see docs/security.md). The access token lives in memory only.
export const CSRF_COOKIE = 'weimin_csrf'
export const CSRF_HEADER = 'X-CSRF-Token'

/** Why the session ended: signed out here, signed out everywhere from this phone, or the
 * server refused to renew it (revoked by staff, expired, signed out elsewhere). */
export type SignedOutReason = 'signed-out' | 'signed-out-everywhere' | 'session-ended'
export type SignedOutHandler = (reason: SignedOutReason) => void | Promise<void>

export function readCsrfToken(): string | null {
  const cookies = globalThis.document?.cookie ?? ''
  for (const part of cookies.split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === CSRF_COOKIE && value.length)
      return decodeURIComponent(value.join('='))
  }
  return null
}

export const useAuthStore = defineStore('auth', () => {
  const accessToken = ref<string | null>(null)
  const account = shallowRef<Account | null>(null)
  // Opened with no signal on a browser that holds a session: the account comes from what
  // the phone kept, there is no access token yet, and the first answer that needs one
  // (a 401 once the signal is back) renews the session through the cookie.
  const offlineSession = ref(false)
  const isAuthenticated = computed(() => (accessToken.value !== null || offlineSession.value) && account.value !== null)
  const roles = computed(() => account.value?.roles ?? [])

  let sessionLostHandler: () => void = () => {}
  const signedOutHandlers = new Set<SignedOutHandler>()
  let refreshing: Promise<boolean> | null = null
  let refreshFailedOffline = false

  function storeTokens(tokens: TokenPair): void {
    // The body's refresh_token is for API clients; the browser's copy is the cookie.
    accessToken.value = tokens.access_token
    offlineSession.value = false
  }

  // Every way a session ends passes here: signing out, a refresh token refused (expired, or
  // revoked when staff sign a lost phone out) and a session lost mid-use. Nothing of its
  // data may stay on the phone for the next person holding it.
  function clearSession(): void {
    accessToken.value = null
    account.value = null
    offlineSession.value = false
  }

  /** Tells every listener the session is over (they wipe what they cached). Queued
   * offline writes are theirs to keep: nothing here touches IndexedDB. */
  async function endSession(reason: SignedOutReason): Promise<void> {
    const hadSession = accessToken.value !== null || account.value !== null
    clearSession()
    if (!hadSession && reason === 'session-ended')
      return
    for (const handler of [...signedOutHandlers]) {
      try {
        await handler(reason)
      }
      catch (error) {
        console.warn('A signed-out handler failed', error)
      }
    }
  }

  const baseUrl = getBaseUrl() ?? defaultBaseUrl()
  const transport = authenticatedTransport(getTransport(), {
    accessToken: () => accessToken.value,
    refresh: () => refresh(),
    sessionLost: () => {
      void endSession('session-ended')
      sessionLostHandler()
    },
  })
  const api: ApiClient = markRaw(createApiClient({ baseUrl, transport }))

  /** A raw request with the session (for what the typed client cannot say: photo bodies,
   * replayed queued writes). `path` is an API path such as `/api/v1/incidents`. */
  function send(path: string, init: RequestInit = {}): Promise<Response> {
    return transport(new Request(new URL(path, baseUrl), init))
  }

  function csrfHeaders(): Record<string, string> {
    const token = readCsrfToken()
    return token ? { [CSRF_HEADER]: token } : {}
  }

  /** Renews the access token with the cookie; concurrent callers share one request.
   * Offline (a network error) it resolves false and keeps the session for later; a refusal
   * by the server ends the session. */
  function refresh(): Promise<boolean> {
    refreshing ??= (async () => {
      refreshFailedOffline = false
      if (!readCsrfToken())
        return false // never signed in on this browser, or signed out
      let result
      try {
        result = await api.POST('/api/v1/auth/refresh', { headers: csrfHeaders() })
      }
      catch (error) {
        if (error instanceof ApiError && error.code === 'network-error') {
          refreshFailedOffline = true
          return false
        }
        throw error
      }
      if (!result.data) {
        await endSession('session-ended')
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

  /** Signs in with a mobile number and the code texted to it (`sign-in` purpose). */
  async function signInWithCode(phone: string, code: string): Promise<Account> {
    await wipeCaches()
    storeTokens(unwrap(await api.POST('/api/v1/auth/phone-login', { body: { phone, code } })))
    return loadAccount()
  }

  /** A new account for a mobile number proved by its `register` code, signed in at once;
   * `member` in the answer says whether party membership was granted or waits for staff. */
  async function register(body: Registration): Promise<Registered> {
    await wipeCaches()
    const registered = unwrap(await api.POST('/api/v1/auth/register', { body }))
    storeTokens(registered)
    await loadAccount()
    return registered
  }

  async function finishSecondFactor(challenge: string, code: string): Promise<Account> {
    storeTokens(unwrap(await api.POST('/api/v1/auth/second-factor', { body: { challenge, code } })))
    return loadAccount()
  }

  /** Turns the second factor on with a first code from the authenticator; the recovery
   * codes, shown this once. The answer is a new sign-in with password and code (the server
   * moved the cookie to it), which replaces this one. */
  async function confirmSecondFactor(code: string): Promise<string[]> {
    const enabled = unwrap(await api.POST('/api/v1/accounts/me/second-factor/confirm', { body: { code } }))
    storeTokens(enabled.tokens)
    return enabled.recovery_codes
  }

  /** On load (the webview was closed and opened again): the cookie, if the browser still
   * has it, signs back in silently. */
  async function restore(): Promise<boolean> {
    if (isAuthenticated.value)
      return true
    if (await refresh()) {
      await loadAccount()
      return true
    }
    return refreshFailedOffline && readCsrfToken() !== null ? openOffline() : false
  }

  /** No signal, but this browser holds a session: open on the account the phone kept (the
   * service worker answers from its copy), so the worker sees their grid. Without a copy
   * (the app was never opened online here) it stays at sign-in. */
  async function openOffline(): Promise<boolean> {
    try {
      account.value = unwrap(await api.GET('/api/v1/accounts/me'))
    }
    catch {
      return false
    }
    offlineSession.value = true
    return true
  }

  /** Ends this sign-in on the server (which clears the cookies) and here. */
  async function logout(): Promise<void> {
    const headers = csrfHeaders()
    await endSession('signed-out')
    if (!headers[CSRF_HEADER])
      return
    const result = await api.POST('/api/v1/auth/logout', { headers })
    if (!result.response.ok)
      unwrap(result)
  }

  /** Ends every sign-in of this account, on every phone and computer, this one too. */
  async function signOutEverywhere(): Promise<void> {
    const result = await api.POST('/api/v1/accounts/me/sessions/revoke')
    if (!result.response.ok)
      unwrap(result)
    await endSession('signed-out-everywhere')
  }

  function onSessionLost(handler: () => void): void {
    sessionLostHandler = handler
  }

  /** Registers a handler for the end of the session (sign-out, sign-out everywhere, a
   * refresh the server refused). Returns a function that unregisters it. */
  function onSignedOut(handler: SignedOutHandler): () => void {
    signedOutHandlers.add(handler)
    return () => signedOutHandlers.delete(handler)
  }

  return { accessToken, account, roles, isAuthenticated, offlineSession, api, send, login, signInWithCode, register, finishSecondFactor, confirmSecondFactor, logout, signOutEverywhere, refresh, restore, loadAccount, onSessionLost, onSignedOut }
})
