import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import type { AuthSettings } from './tokens';

/** File in the data directory holding the generated local signing secret. */
export const SECRET_FILE = 'auth-secret';

/**
 * The token settings for this installation: `AUTH_SECRET` and/or the OIDC issuer from the
 * config; with neither (a local install), a secret generated once and kept, readable by its
 * owner only, in the data directory, where `npm run token` finds it too.
 */
export function authSettings(config: Config): AuthSettings {
  const oidc = config.authJwksUrl
    ? { issuer: config.authIssuer, audience: config.authAudience, jwksUrl: config.authJwksUrl }
    : {};
  if (config.authSecret) return { secret: config.authSecret, ...oidc };
  if (config.authJwksUrl) return oidc;
  return { secret: localSecret(config.dataDir) };
}

/** File in the data directory holding the generated key of the erasure tombstones. */
export const ERASURE_KEY_FILE = 'erasure-key';

/**
 * The key of the erasure tombstones: `ERASURE_KEY`, else one generated once and kept beside the
 * auth secret. A key of its own rather than one derived from the token secret: that secret may
 * be absent (OIDC only) and may be rotated, and neither may make an erased person importable
 * again; nor should a leaked token secret let anyone test guesses against the tombstones.
 */
export function erasureKey(config: Pick<Config, 'erasureKey' | 'dataDir'>): string {
  return config.erasureKey ?? localSecret(config.dataDir, ERASURE_KEY_FILE);
}

/** Reads a secret of the data directory (by default the auth secret), creating it on first use. */
export function localSecret(dataDir: string, name = SECRET_FILE): string {
  const file = path.join(dataDir, name);
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString('base64url');
  try {
    // `wx`: if another process wrote it first, keep theirs.
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return fs.readFileSync(file, 'utf8').trim();
  }
}
