import { useSyncExternalStore } from 'react';
import { tokenExpiry } from './sign-in-helpers';

/**
 * The seam between signing in and the rest of the app: the signed-in user's bearer token, kept
 * for this browser tab only (sessionStorage: closing the tab signs out), with when it expires and
 * how it was got. The demo sign-in (`/log-ind` without an issuer) and OIDC (authorization code
 * flow with PKCE through oidc-client-ts, when the server names an issuer in `GET /auth/config`)
 * both put their token here; the API client and the pages read only {@link getToken} and
 * {@link useToken}.
 *
 * oidc-client-ts is loaded only when it is needed (signing in, renewing, signing out at the
 * provider), so it is not part of the first load.
 */
const SESSION_KEY = 'erfaringsnet.session';
/** Set when a session ran out, so the app can say so; cleared on the next sign-in. */
const EXPIRED_KEY = 'erfaringsnet.expired';
/** Renewal of an OIDC token starts this long before it expires. */
const RENEW_BEFORE_MS = 60_000;

export type SignInMethod = 'demo' | 'oidc';

interface StoredSession {
  token: string;
  /** Milliseconds since the epoch; `null` when the token does not say. */
  expiresAt: number | null;
  method: SignInMethod;
}

/** `GET /auth/config`: how this server's users sign in (see src/web/web.ts). */
export type SignInConfig =
  | { method: 'oidc'; issuer: string; clientId: string; scope: string; resource?: string }
  | { method: 'demo' }
  | { method: 'none' };

const listeners = new Set<() => void>();

function notify() {
  for (const listener of listeners) listener();
}

function readSession(): StoredSession | null {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return null;
  try {
    const session = JSON.parse(raw) as StoredSession;
    return typeof session.token === 'string' ? session : null;
  } catch {
    return null;
  }
}

/** The token to send, or `null` when signed out or the token has expired. */
export function getToken(): string | null {
  const session = readSession();
  if (!session) return null;
  if (session.expiresAt !== null && session.expiresAt <= Date.now()) return null;
  return session.token;
}

/** How the current session was got, or `null` when signed out. */
export function getSignInMethod(): SignInMethod | null {
  return getToken() ? (readSession()?.method ?? null) : null;
}

/**
 * Signs in with `token` (`method` says how it was got; `expiresAt` defaults to the JWT's `exp`),
 * or signs out locally with `null`.
 */
export function setToken(
  token: string | null,
  method: SignInMethod = 'demo',
  expiresAt: number | null = token ? tokenExpiry(token) : null,
): void {
  if (token) {
    const session: StoredSession = { token, expiresAt, method };
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    sessionStorage.removeItem(EXPIRED_KEY);
  } else {
    sessionStorage.removeItem(SESSION_KEY);
  }
  notify();
  scheduleExpiry();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The current token, re-rendering when the user signs in or out or the token expires. */
export function useToken(): string | null {
  return useSyncExternalStore(subscribe, getToken);
}

/** Whether the last session ran out (rather than being signed out), re-rendering on change. */
export function useSessionExpired(): boolean {
  return useSyncExternalStore(subscribe, () => sessionStorage.getItem(EXPIRED_KEY) === '1');
}

let configRequest: Promise<SignInConfig> | undefined;

/** How this server signs in (asked once per page load). */
export function signInConfig(): Promise<SignInConfig> {
  configRequest ??= fetch('/auth/config', { headers: { accept: 'application/json' } }).then(
    async (response) => {
      if (!response.ok) throw new Error(`GET /auth/config: ${response.status}`);
      return (await response.json()) as SignInConfig;
    },
  );
  configRequest.catch(() => (configRequest = undefined));
  return configRequest;
}

async function oidcClient() {
  const config = await signInConfig();
  if (config.method !== 'oidc') throw new Error('This server has no OIDC issuer');
  const { createOidcClient } = await import('./oidc');
  return createOidcClient(config);
}

/** Sends the browser to the issuer's login; it comes back to `/log-ind/retur`, then `returnTo`. */
export async function startOidcSignIn(returnTo: string): Promise<void> {
  await (await oidcClient()).signIn(returnTo);
}

/** Finishes the OIDC sign-in on `/log-ind/retur`; answers where to go next. */
export async function completeOidcSignIn(): Promise<string> {
  const result = await (await oidcClient()).completeSignIn(window.location.href);
  setToken(result.token, 'oidc', result.expiresAt);
  return result.returnTo;
}

/**
 * Signs out: forgets the token, and after an OIDC sign-in also ends the session at the issuer
 * (the browser goes there and comes back to `/`), so the next "Log ind" asks who you are again.
 */
export async function signOut(): Promise<void> {
  const method = readSession()?.method;
  setToken(null);
  sessionStorage.removeItem(EXPIRED_KEY);
  if (method === 'oidc') await (await oidcClient()).signOut();
}

let expiryTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Keeps the session alive or ends it: an OIDC token is renewed shortly before it expires (with a
 * refresh token, when the issuer gave one); a token that cannot be renewed, or a demo token,
 * ends the session when it expires, and {@link useSessionExpired} says so.
 */
export function scheduleExpiry(): void {
  clearTimeout(expiryTimer);
  const session = readSession();
  if (!session || session.expiresAt === null) return;
  const left = session.expiresAt - Date.now();
  if (left <= 0) {
    expire();
    return;
  }
  if (session.method === 'oidc' && left > 1000) {
    const renewIn = Math.max(0, Math.min(left - RENEW_BEFORE_MS, left / 2));
    expiryTimer = setTimeout(() => void renew(session), Math.min(renewIn, 2 ** 31 - 1));
  } else {
    expiryTimer = setTimeout(expire, Math.min(left, 2 ** 31 - 1));
  }
}

async function renew(session: StoredSession) {
  try {
    const renewed = await (await oidcClient()).renew();
    // Signed out (or in again) meanwhile: keep what is there now.
    if (readSession()?.token !== session.token) return;
    setToken(renewed.token, 'oidc', renewed.expiresAt);
  } catch {
    const left = (session.expiresAt ?? 0) - Date.now();
    clearTimeout(expiryTimer);
    expiryTimer = setTimeout(expire, Math.max(0, left));
  }
}

/**
 * The API refused the token this tab sent (revoked, signed with a key it no longer trusts, or a
 * user who was removed): the session ends as if it had run out, and the notice offers a way back
 * in. A token that changed meanwhile (signed in again) is kept.
 */
export function tokenRefused(sent: string): void {
  if (readSession()?.token !== sent) return;
  clearTimeout(expiryTimer);
  expire();
}

function expire() {
  if (!readSession()) return;
  sessionStorage.removeItem(SESSION_KEY);
  sessionStorage.setItem(EXPIRED_KEY, '1');
  notify();
}
