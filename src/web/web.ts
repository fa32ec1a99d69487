import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { Express, Request, Response } from 'express';
import type { LocalTokenClaims } from '../auth/tokens';
import { signLocalToken } from '../auth/tokens';
import type { Config } from '../config';
import { parseGlobalId, toGlobalId } from '../common/global-id';
import type { DemoDirectory } from './demo-directory';

/** Where `npm run build` puts the web app (`web/` built by Vite), next to the compiled server. */
export const WEB_DIST = path.resolve(__dirname, '..', '..', 'web');

/** Paths that belong to the server, never to the web app's client-side routes. */
const SERVER_PATHS = /^\/(graphql|healthz|readyz|metrics|auth)(\/|$)/;

/** How long the demo sign-in's tokens live: a working day. */
const DEMO_TOKEN_LIFETIME = '12h';

/** The kommune whose editor the demo sign-in offers (Aarhus). */
const DEMO_EDITOR_KOMMUNE = '0751';

/** The identities the demo sign-in offers, by the key the web app sends. */
export const DEMO_IDENTITIES: Record<string, { label: string; claims: LocalTokenClaims }> = {
  member: { label: 'Medlem', claims: { role: 'member', subject: 'demo-medlem' } },
  editor: {
    label: 'Redaktør for Aarhus Kommune',
    claims: { role: 'editor', subject: 'demo-redaktoer', kommuneCode: DEMO_EDITOR_KOMMUNE },
  },
  admin: { label: 'Administrator', claims: { role: 'admin', subject: 'demo-administrator' } },
};

/** What the web app needs to sign in at an OIDC issuer (authorization code flow with PKCE). */
export interface OidcClientSettings {
  /** The issuer (`AUTH_ISSUER`); its discovery document is at `/.well-known/openid-configuration`. */
  issuer: string;
  /** The app's public client id (`AUTH_WEB_CLIENT_ID`). */
  clientId: string;
  /** The scopes to ask for (`AUTH_WEB_SCOPE`). */
  scope: string;
  /** The resource indicator to ask the access token for (`AUTH_WEB_RESOURCE`), if any. */
  resource?: string;
}

/**
 * `GET /auth/config`: how the web app signs in here. `oidc` through the issuer, `demo` through
 * `/auth/demo`, `none` when neither is set up (production without a client id for the app).
 */
export type SignInConfig =
  ({ method: 'oidc' } & OidcClientSettings) | { method: 'demo' } | { method: 'none' };

export interface WebOptions {
  /** The built app (default {@link WEB_DIST}). */
  distDir?: string;
  /**
   * The secret the demo sign-in signs with; absent, there is no demo sign-in. The caller gives it
   * only when no OIDC issuer is configured and NODE_ENV is not `production` ({@link demoSignInSecret}).
   */
  demoSecret?: string;
  /** The people and kommuner the demo sign-in can act as; without it, only the fixed identities. */
  demoDirectory?: DemoDirectory;
  /** The web app's OIDC client, when an issuer and `AUTH_WEB_CLIENT_ID` are configured. */
  oidc?: OidcClientSettings;
}

/** The web app's OIDC client from the configuration: only with an issuer and a client id. */
export function webOidcClient(config: Config): OidcClientSettings | undefined {
  if (!config.authIssuer || !config.authWebClientId) return undefined;
  return {
    issuer: config.authIssuer,
    clientId: config.authWebClientId,
    scope: config.authWebScope,
    ...(config.authWebResource ? { resource: config.authWebResource } : {}),
  };
}

/** What `GET /auth/config` answers for these options; OIDC wins over the demo sign-in. */
export function signInConfig(options: WebOptions): SignInConfig {
  if (options.oidc) return { method: 'oidc', ...options.oidc };
  if (options.demoSecret) return { method: 'demo' };
  return { method: 'none' };
}

/** The demo sign-in's secret: the local one, unless an OIDC issuer is set or this is production. */
export function demoSignInSecret(options: {
  nodeEnv: string;
  oidcIssuer: boolean;
  secret?: string;
}): string | undefined {
  if (options.nodeEnv === 'production' || options.oidcIssuer) return undefined;
  return options.secret;
}

/**
 * Serves the web app: hashed assets under `/assets` cached for a year, any other GET that asks
 * for HTML (a client route such as `/personer/…`) answered with `index.html`, never cached, so a
 * new build is picked up at once. Also the demo sign-in at `/auth/demo` when enabled.
 *
 * Mount after the API routes: it only answers GET requests outside {@link SERVER_PATHS}.
 */
export function mountWebApp(app: Express, options: WebOptions = {}): void {
  const distDir = options.distDir ?? WEB_DIST;
  const config = signInConfig(options);
  app.get('/auth/config', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(config);
  });
  if (config.method === 'demo' && options.demoSecret) {
    mountDemoSignIn(app, options.demoSecret, options.demoDirectory);
  }

  app.use(
    '/assets',
    express.static(path.join(distDir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
    }),
  );
  const indexFile = path.join(distDir, 'index.html');
  app.get(/.*/, (req: Request, res: Response, next) => {
    if (SERVER_PATHS.test(req.path)) return next();
    // A file of the build's top level (the favicon), cached briefly: its name has no hash.
    const file = path.join(distDir, path.normalize(req.path));
    if (req.path !== '/' && file.startsWith(distDir + path.sep) && isFile(file)) {
      return res.sendFile(file, { maxAge: '1h' });
    }
    if (!req.accepts('html')) return next();
    if (!isFile(indexFile)) {
      res.status(503).type('text/plain; charset=utf-8');
      return res.send('Webappen er ikke bygget: kør npm run build.\n');
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });
}

/**
 * GraphiQL, bundled with the app (web/graphiql.html), for a browser's `GET /graphql`: a request
 * that prefers HTML over the API's JSON answers. Everything else goes on to the API, whose CSRF
 * prevention stays as it is. Mount before the API.
 */
export function mountGraphiQL(app: Express, options: WebOptions = {}): void {
  const page = path.join(options.distDir ?? WEB_DIST, 'graphiql.html');
  app.get('/graphql', (req, res, next) => {
    const preferred = req.accepts([
      'application/graphql-response+json',
      'application/json',
      'html',
    ]);
    if (preferred !== 'html' || !isFile(page)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(page);
  });
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * `GET /auth/demo` lists the identities one can take, and the people and kommuner one can act as;
 * `POST /auth/demo` (JSON only, so a cross-site form cannot post it) answers a token for
 * `{"identity": "member"}` (a key of {@link DEMO_IDENTITIES}), `{"identity": "person", "person":
 * "<person ID>"}` (a member who is that person) or `{"identity": "kommune-editor", "kommune":
 * "0751"}` (the editor of that kommune).
 */
function mountDemoSignIn(app: Express, secret: string, directory?: DemoDirectory): void {
  app.get('/auth/demo', async (_req, res, next) => {
    try {
      const [people, kommuner] = directory
        ? await Promise.all([directory.people(), directory.kommuner()])
        : [[], []];
      res.setHeader('Cache-Control', 'no-store');
      res.json({
        identities: Object.entries(DEMO_IDENTITIES).map(([key, { label }]) => ({ key, label })),
        people: people.map((person) => ({ ...person, id: toGlobalId('Person', person.id) })),
        kommuner,
      });
    } catch (error) {
      next(error);
    }
  });
  app.post('/auth/demo', express.json({ limit: '1kb' }), async (req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      const body: Record<string, unknown> =
        req.is('application/json') && req.body && typeof req.body === 'object' ? req.body : {};
      const claims = await demoClaims(body, directory);
      if ('error' in claims) {
        res.status(400).json(claims);
        return;
      }
      res.json({
        token: await signLocalToken(secret, { ...claims, expiresIn: DEMO_TOKEN_LIFETIME }),
      });
    } catch (error) {
      next(error);
    }
  });
}

/** The claims of the token a demo sign-in request asks for, or why it cannot have one. */
async function demoClaims(
  body: Record<string, unknown>,
  directory: DemoDirectory | undefined,
): Promise<LocalTokenClaims | { error: string }> {
  const key = body.identity;
  if (key === 'person' && directory) {
    const id = typeof body.person === 'string' ? parseGlobalId(body.person) : null;
    const person = id?.type === 'Person' ? await directory.person(id.id) : null;
    if (!person) return { error: 'person must be the ID of a person in the network' };
    return { role: 'member', subject: `demo-person-${person.id}`, personId: person.id };
  }
  if (key === 'kommune-editor' && directory) {
    const kommune = typeof body.kommune === 'string' ? await directory.kommune(body.kommune) : null;
    if (!kommune) return { error: 'kommune must be the 4-digit code of a kommune' };
    return {
      role: 'editor',
      subject: `demo-redaktoer-${kommune.code}`,
      kommuneCode: kommune.code,
    };
  }
  if (typeof key === 'string' && Object.hasOwn(DEMO_IDENTITIES, key)) {
    return DEMO_IDENTITIES[key].claims;
  }
  const keys = [
    ...Object.keys(DEMO_IDENTITIES),
    ...(directory ? ['person', 'kommune-editor'] : []),
  ];
  return { error: `identity must be one of ${keys.join(', ')}` };
}
