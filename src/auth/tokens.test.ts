import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { KeyLike } from 'jose';
import { GraphQLError } from 'graphql';
import { toGlobalId } from '../common/global-id';
import {
  createTokenVerifier,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  MAX_TOKEN_BYTES,
  MAX_TOKEN_LIFETIME_S,
  signLocalToken,
} from './tokens';

const SECRET = 'a-local-secret-that-is-long-enough!';
const PERSON = '6f1c1c2e-8a4b-4c47-9f0e-0a1b2c3d4e5f';

/** The error a verifier raised, or a test failure when it accepted the token. */
async function rejection(promise: Promise<unknown>): Promise<GraphQLError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  throw new Error('the token was accepted');
}

describe('local tokens (shared secret)', () => {
  const verify = createTokenVerifier({ secret: SECRET });

  it('gives the identity the token command put in', async () => {
    const token = await signLocalToken(SECRET, {
      role: 'editor',
      personId: PERSON,
      kommuneCode: '0751',
    });
    await expect(verify(`Bearer ${token}`)).resolves.toEqual({
      subject: `person:${PERSON}`,
      role: 'editor',
      personId: PERSON,
      kommuneCode: '0751',
    });
  });

  it('treats a request without a token as anonymous', async () => {
    await expect(verify(undefined)).resolves.toBeNull();
    await expect(verify('')).resolves.toBeNull();
    await expect(verify('  \t ')).resolves.toBeNull();
  });

  it('refuses a header that is not a bearer token, blank-looking ones included', async () => {
    for (const header of [
      '\u00a0',
      '\u00a0'.repeat(7),
      'Bearer\u00a0abc.def.ghi',
      'Basic dXNlcg==',
    ]) {
      const error = await rejection(verify(header));
      expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });

  it('refuses tokens that live too long, were issued in the future, or are too large', async () => {
    const key = new TextEncoder().encode(SECRET);
    const now = Math.floor(Date.now() / 1000);
    const local = (claims: { exp: number; iat?: number }) =>
      new SignJWT({ role: 'member', ...claims })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('someone')
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .sign(key);
    const year275000 = (
      await rejection(verify(`Bearer ${await local({ exp: 8_615_625_600_000 })}`))
    ).message;
    expect(year275000).toMatch(/lives too long/);
    const longest = now + MAX_TOKEN_LIFETIME_S;
    await expect(
      verify(`Bearer ${await local({ exp: longest, iat: now })}`),
    ).resolves.toMatchObject({
      subject: 'someone',
    });
    expect(
      (await rejection(verify(`Bearer ${await local({ exp: now + 3600, iat: now + 3600 })}`)))
        .message,
    ).toMatch(/iat/);
    const huge = `Bearer ${'a'.repeat(MAX_TOKEN_BYTES)}.b.c`;
    expect((await rejection(verify(huge))).message).toMatch(/larger than/);
  });

  it('refuses, with 401, tokens that are expired, tampered with, signed elsewhere or malformed', async () => {
    const valid = await signLocalToken(SECRET, { role: 'admin' });
    const cases = {
      expired: await signLocalToken(SECRET, { role: 'member', expiresIn: '-2m' }),
      'wrong secret': await signLocalToken('another-secret-that-is-long-enough', { role: 'admin' }),
      tampered: `${valid.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`,
      'not a JWT': 'not-a-jwt',
      'unsigned (alg none)': `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
        '{"sub":"x","role":"admin"}',
      ).toString('base64url')}.`,
    };
    for (const [name, token] of Object.entries(cases)) {
      const error = await rejection(verify(`Bearer ${token}`));
      expect({ name, code: error.extensions.code, http: error.extensions.http }).toMatchObject({
        name,
        code: 'UNAUTHENTICATED',
        http: { status: 401 },
      });
    }
    expect((await rejection(verify('Basic dXNlcjpwYXNz'))).message).toMatch(/Bearer <token>/);
    expect((await rejection(verify(`Bearer ${cases.expired}`))).message).toBe(
      'The token has expired',
    );
  });

  it('checks a token once and then remembers who it belongs to, but never past its expiry', async () => {
    const token = await signLocalToken(SECRET, { role: 'member', subject: 'remembered' });
    const first = await verify(`Bearer ${token}`);
    expect(Object.isFrozen(first)).toBe(true);
    await expect(verify(`Bearer ${token}`)).resolves.toBe(first);
    // jose still accepts a token 20 s past `exp` (clock tolerance); it must be checked each time.
    const expired = await signLocalToken(SECRET, { role: 'member', expiresIn: '-20s' });
    const again = await verify(`Bearer ${expired}`);
    expect(await verify(`Bearer ${expired}`)).not.toBe(again);
  });

  it('refuses claims it cannot trust: an unknown role, a person that is not a person ID', async () => {
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('someone')
        .setIssuer('erfaringsnet-local')
        .setAudience('erfaringsnet')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(SECRET));
    const forever = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('someone')
      .setIssuer('erfaringsnet-local')
      .setAudience('erfaringsnet')
      .sign(new TextEncoder().encode(SECRET));
    expect((await rejection(verify(`Bearer ${forever}`))).message).toMatch(/"exp" claim/);
    for (const claims of [
      { role: 'superuser' },
      { person: toGlobalId('Kommune', PERSON) },
      { kommune: 'Aarhus' },
    ]) {
      const error = await rejection(verify(`Bearer ${await sign(claims)}`));
      expect(error.extensions.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('tokens from an OIDC issuer (JWKS)', () => {
  let server: http.Server;
  let jwksUrl: string;
  let privateKey: KeyLike;
  const issuer = 'https://os2faktor.example.dk';
  const audience = 'erfaringsnet';

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const issue = (claims: Record<string, unknown>, options: { iss?: string; aud?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('user-42')
      .setIssuer(options.iss ?? issuer)
      .setAudience(options.aud ?? audience)
      .setExpirationTime('5m')
      .sign(privateKey);

  it('accepts the issuer’s tokens; a user with no role claim is a member', async () => {
    const verify = createTokenVerifier({ issuer, audience, jwksUrl });
    await expect(verify(`Bearer ${await issue({})}`)).resolves.toEqual({
      subject: 'user-42',
      role: 'member',
    });
    await expect(
      verify(`Bearer ${await issue({ roles: ['member', 'editor'], kommune: '0101' })}`),
    ).resolves.toMatchObject({ role: 'editor', kommuneCode: '0101' });
  });

  it('refuses another issuer or audience, and local tokens when it has no secret', async () => {
    const verify = createTokenVerifier({ issuer, audience, jwksUrl });
    for (const token of [
      await issue({}, { iss: 'https://evil.example' }),
      await issue({}, { aud: 'another-app' }),
      await signLocalToken(SECRET, { role: 'admin' }),
    ]) {
      expect((await rejection(verify(`Bearer ${token}`))).extensions.code).toBe('UNAUTHENTICATED');
    }
  });
});
