import { useSyncExternalStore } from 'react';

/**
 * The signed-in user's bearer token, kept for this browser tab only (sessionStorage): closing
 * the tab signs out. Today the demo sign-in (`/log-ind`) puts it here; OIDC (authorization code
 * + PKCE with oidc-client-ts, when the server has an issuer) is the next step and will set it
 * through {@link setToken} too, so the rest of the app does not change.
 */
const TOKEN_KEY = 'erfaringsnet.token';
const listeners = new Set<() => void>();

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current token, re-rendering when the user signs in or out. */
export function useToken(): string | null {
  return useSyncExternalStore(subscribe, getToken);
}
