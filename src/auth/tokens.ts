import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, SignJWT } from 'jose';
import type { JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import { UnauthenticatedError } from '../common/errors';
import { parseGlobalId, toGlobalId } from '../common/global-id';
import type { Identity, Role } from './identity';
import { isRole, ROLES, roleIncludes } from './identity';

/** Issuer and audience of the tokens this server signs itself with its shared secret. */
export const LOCAL_ISSUER = 'erfaringsnet-local';
export const LOCAL_AUDIENCE = 'erfaringsnet';

/** Algorithms accepted from an OIDC issuer (asymmetric only: the issuer keeps its private key). */
const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384'];

/** How tokens are checked: a shared secret (local install), an OIDC issuer's JWKS, or both. */
export interface AuthSettings {
  /** HS256 signing secret for local tokens (`AUTH_SECRET`, or one kept in the data directory). */
  secret?: string;
  /** OIDC issuer (`iss`) the tokens must come from. */
  issuer?: string;
  /** Audience (`aud`) the tokens must be meant for. */
  audience?: string;
  /** Where the issuer publishes its signing keys. */
  jwksUrl?: string;
}

/**
 * Turns the `Authorization` header into the caller's identity: `null` when there is none, an
 * {@link Identity} for a valid token, and `UNAUTHENTICATED` (HTTP 401) for anything else,
 * including a token that never expires. A bad token never falls back to anonymous access.
 */
export type TokenVerifier = (authorization: string | undefined) => Promise<Identity | null>;

/**
 * A verified token's identity is remembered for at most this long (and never past the token's
 * `exp`), so that a client sending the same token with every request costs one signature check
 * a minute instead of one per request, while a key the issuer withdraws stops working soon.
 */
export const VERIFIED_TOKEN_TTL_MS = 60_000;
/**
 * The longest a token may live, counted from now: a token that expires later (a year 275000
 * `exp`) is refused, so a leaked one cannot stay valid for good. Local tokens for scripts can
 * be made for up to this long (`npm run token -- --expires 90d`).
 */
export const MAX_TOKEN_LIFETIME_S = 90 * 24 * 3600;
/** Larger tokens are refused before their signature is checked (IdP tokens are 1–4 kB). */
export const MAX_TOKEN_BYTES = 16_384;
/** How far clocks may disagree, in seconds, on `exp`, `nbf` and `iat`. */
const CLOCK_TOLERANCE_S = 30;
/** How many verified tokens are remembered; the least recently used go first. */
const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

export function createTokenVerifier(settings: AuthSettings): TokenVerifier {
  const secret = settings.secret ? new TextEncoder().encode(settings.secret) : undefined;
  const jwks = settings.jwksUrl ? createRemoteJWKSet(new URL(settings.jwksUrl)) : undefined;
  // Only verified tokens are kept: a bad one is checked, and refused, every time.
  const verified = new LRUCache<string, Identity>({ max: VERIFIED_TOKEN_CACHE_SIZE });

  return async (authorization) => {
    // Only an empty header (or one of ASCII blanks) means "no token"; anything else must be one.
    if (authorization === undefined || /^[ \t]*$/.test(authorization)) return null;
    if (authorization.length > MAX_TOKEN_BYTES + 'Bearer '.length) {
      throw new UnauthenticatedError(`The token is larger than ${MAX_TOKEN_BYTES} bytes`, 401);
    }
    const match = /^[ \t]*Bearer[ \t]+([A-Za-z0-9_.-]+)[ \t]*$/i.exec(authorization);
    if (!match) {
      throw new UnauthenticatedError('The Authorization header must read "Bearer <token>"', 401);
    }
    const token = match[1];
    const known = verified.get(token);
    if (known) return known;
    let payload: JWTPayload;
    try {
      const { alg } = decodeProtectedHeader(token);
      if (alg === 'HS256') {
        if (!secret)
          throw new UnauthenticatedError('This server does not accept local tokens', 401);
        ({ payload } = await jwtVerify(token, secret, {
          algorithms: ['HS256'],
          issuer: LOCAL_ISSUER,
          audience: LOCAL_AUDIENCE,
          requiredClaims: ['exp'],
          clockTolerance: CLOCK_TOLERANCE_S,
        }));
      } else {
        if (!jwks) {
          throw new UnauthenticatedError('This server accepts no tokens from an OIDC issuer', 401);
        }
        ({ payload } = await jwtVerify(token, jwks, {
          algorithms: OIDC_ALGORITHMS,
          issuer: settings.issuer,
          audience: settings.audience,
          requiredClaims: ['exp'],
          clockTolerance: CLOCK_TOLERANCE_S,
        }));
      }
      checkLifetime(payload);
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      throw new UnauthenticatedError(describeTokenError(error), 401);
    }
    // Shared by every request that carries the token, so no request may change it.
    const identity = Object.freeze(identityFrom(payload));
    // `requiredClaims` made jose check that `exp` is there.
    const ttl = Math.min(VERIFIED_TOKEN_TTL_MS, (payload.exp as number) * 1000 - Date.now());
    if (ttl > 0) verified.set(token, identity, { ttl });
    return identity;
  };
}

/** Refuses a token that lives too long ({@link MAX_TOKEN_LIFETIME_S}) or was issued in the future. */
function checkLifetime(payload: JWTPayload) {
  const now = Date.now() / 1000;
  if ((payload.exp as number) > now + MAX_TOKEN_LIFETIME_S + CLOCK_TOLERANCE_S) {
    throw new UnauthenticatedError(
      `The token lives too long: at most ${MAX_TOKEN_LIFETIME_S / 86_400} days are accepted`,
      401,
    );
  }
  if (payload.iat !== undefined && payload.iat > now + CLOCK_TOLERANCE_S) {
    throw new UnauthenticatedError('The token’s "iat" claim is in the future', 401);
  }
}

function describeTokenError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return 'The token’s signature is not valid';
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return `The token’s "${error.claim}" claim is not valid: ${error.reason}`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return 'The token is signed with a key the issuer does not publish';
  }
  if (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_ALG_NOT_ALLOWED') {
    return 'The token is signed with an algorithm this server does not accept';
  }
  return 'The token is not a valid JWT';
}

/**
 * The identity a verified token describes. Claims: `sub` (required); `role` or `roles`
 * (member, editor, admin; none means member); `person` (the person's ID); `kommune` (4-digit
 * code) or `organization` (slug) for an editor's scope.
 */
export function identityFrom(payload: JWTPayload): Identity {
  const bad = (message: string) => new UnauthenticatedError(message, 401);
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw bad('The token has no subject ("sub")');
  }
  let role: Role = 'member';
  if (payload.role !== undefined) {
    if (!isRole(payload.role)) {
      throw bad(`The token's role must be one of ${ROLES.join(', ')}`);
    }
    role = payload.role;
  } else if (Array.isArray(payload.roles)) {
    for (const candidate of payload.roles) {
      if (isRole(candidate) && roleIncludes(candidate, role)) role = candidate;
    }
  }
  const identity: Identity = { subject: payload.sub, role };
  if (payload.person !== undefined) {
    const person = typeof payload.person === 'string' ? parseGlobalId(payload.person) : null;
    if (!person || person.type !== 'Person') throw bad('The token’s "person" is not a person ID');
    identity.personId = person.id;
  }
  if (payload.kommune !== undefined) {
    if (typeof payload.kommune !== 'string' || !/^\d{4}$/.test(payload.kommune)) {
      throw bad('The token’s "kommune" must be a 4-digit kommune code');
    }
    identity.kommuneCode = payload.kommune;
  }
  if (payload.organization !== undefined) {
    if (typeof payload.organization !== 'string' || payload.organization === '') {
      throw bad('The token’s "organization" must be an organisation slug');
    }
    identity.organizationSlug = payload.organization;
  }
  return identity;
}

/** What a local token says about its holder. */
export interface LocalTokenClaims {
  role: Role;
  subject?: string;
  /** The person's database id. */
  personId?: string;
  kommuneCode?: string;
  organizationSlug?: string;
  /** Lifetime, e.g. `8h`, `30d` (jose's time span syntax). */
  expiresIn?: string;
}

/** Signs a local HS256 token that {@link createTokenVerifier} with the same secret accepts. */
export function signLocalToken(secret: string, claims: LocalTokenClaims): Promise<string> {
  const subject =
    claims.subject ?? (claims.personId ? `person:${claims.personId}` : `local-${claims.role}`);
  return new SignJWT({
    role: claims.role,
    ...(claims.personId ? { person: toGlobalId('Person', claims.personId) } : {}),
    ...(claims.kommuneCode ? { kommune: claims.kommuneCode } : {}),
    ...(claims.organizationSlug ? { organization: claims.organizationSlug } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '12h')
    .sign(new TextEncoder().encode(secret));
}
