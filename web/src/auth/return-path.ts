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
