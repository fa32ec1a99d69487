import { safeReturnPath, tokenExpiry } from '../../web/src/auth/sign-in-helpers';

/** The web app's sign-in helpers that need no browser (web/src/auth). */
describe('where the app goes after signing in', () => {
  it('goes back to a path of the app, query included', () => {
    expect(safeReturnPath('/personer/abc')).toBe('/personer/abc');
    expect(safeReturnPath('/?q=leverand%C3%B8rstyring')).toBe('/?q=leverand%C3%B8rstyring');
  });

  it('never to another origin, nor back to the sign-in pages', () => {
    for (const unsafe of [
      'https://evil.example/',
      '//evil.example/',
      '/\\evil.example/',
      'javascript:alert(1)',
      '',
      '/log-ind',
      '/log-ind/retur?code=x',
      null,
      42,
    ]) {
      expect(safeReturnPath(unsafe)).toBe('/');
    }
    expect(safeReturnPath('/log-indstillinger')).toBe('/log-indstillinger');
  });
});

describe('when a token expires', () => {
  const jwt = (payload: object) =>
    ['{"alg":"none"}', JSON.stringify(payload), '']
      .map((part) => Buffer.from(part).toString('base64url'))
      .join('.');

  it('reads a JWT’s exp, in milliseconds', () => {
    expect(tokenExpiry(jwt({ sub: 'x', exp: 1_900_000_000 }))).toBe(1_900_000_000_000);
  });

  it('says nothing for a token without exp or that is no JWT', () => {
    expect(tokenExpiry(jwt({ sub: 'x' }))).toBeNull();
    expect(tokenExpiry(jwt({ exp: 'soon' }))).toBeNull();
    expect(tokenExpiry('not-a-jwt')).toBeNull();
    expect(tokenExpiry('a.%%%.c')).toBeNull();
  });
});
