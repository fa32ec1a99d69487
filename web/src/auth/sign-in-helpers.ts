/** Sign-in helpers without the browser's storage: shared by the app and its unit tests. */

/**
 * A path of this app to go back to after signing in; anything else (another origin, `//host`,
 * `/\host`, the sign-in pages themselves) becomes `/`.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !/^\/(?![/\\])/.test(value)) return '/';
  if (value === '/log-ind' || value.startsWith('/log-ind/') || value.startsWith('/log-ind?')) {
    return '/';
  }
  return value;
}

/** A JWT's `exp` in milliseconds, or `null` when it has none (or is no JWT). */
export function tokenExpiry(token: string): number | null {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}
