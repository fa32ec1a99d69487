import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { Express, Request, Response } from 'express';
import type { LocalTokenClaims } from '../auth/tokens';
import { signLocalToken } from '../auth/tokens';

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

export interface WebOptions {
  /** The built app (default {@link WEB_DIST}). */
  distDir?: string;
  /**
   * The secret the demo sign-in signs with; absent, there is no demo sign-in. The caller gives it
   * only when no OIDC issuer is configured and NODE_ENV is not `production` ({@link demoSignInSecret}).
   */
  demoSecret?: string;
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
  if (options.demoSecret) mountDemoSignIn(app, options.demoSecret);

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
 * `GET /auth/demo` lists the identities one can take; `POST /auth/demo` with
 * `{"identity": "member"}` (JSON only, so a cross-site form cannot post it) answers a token.
 */
function mountDemoSignIn(app: Express, secret: string): void {
  app.get('/auth/demo', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      identities: Object.entries(DEMO_IDENTITIES).map(([key, { label }]) => ({ key, label })),
    });
  });
  app.post('/auth/demo', express.json({ limit: '1kb' }), async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const key: unknown = req.is('application/json') ? req.body?.identity : undefined;
    const identity =
      typeof key === 'string' && Object.hasOwn(DEMO_IDENTITIES, key)
        ? DEMO_IDENTITIES[key]
        : undefined;
    if (!identity) {
      res
        .status(400)
        .json({ error: `identity must be one of ${Object.keys(DEMO_IDENTITIES).join(', ')}` });
      return;
    }
    const token = await signLocalToken(secret, {
      ...identity.claims,
      expiresIn: DEMO_TOKEN_LIFETIME,
    });
    res.json({ token });
  });
}
