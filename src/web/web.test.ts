import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createTokenVerifier } from '../auth/tokens';
import { loadConfig } from '../config';
import { demoSignInSecret, mountWebApp, webOidcClient } from './web';

const SECRET = 'a-local-secret-of-at-least-32-characters!';

/** An Express app with only the web module, on a free port; stopped after each test. */
async function serve(options: Parameters<typeof mountWebApp>[1]) {
  const app = express();
  mountWebApp(app, { distDir: '/nonexistent', ...options });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function postJson(url: string, body: unknown) {
  return fetch(`${url}/auth/demo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('the demo sign-in', () => {
  it('is offered only without an OIDC issuer and outside production', () => {
    expect(demoSignInSecret({ nodeEnv: 'development', oidcIssuer: false, secret: SECRET })).toBe(
      SECRET,
    );
    expect(demoSignInSecret({ nodeEnv: 'test', oidcIssuer: false, secret: SECRET })).toBe(SECRET);
    expect(
      demoSignInSecret({ nodeEnv: 'production', oidcIssuer: false, secret: SECRET }),
    ).toBeUndefined();
    expect(
      demoSignInSecret({ nodeEnv: 'development', oidcIssuer: true, secret: SECRET }),
    ).toBeUndefined();
  });

  it('does not exist when not enabled: both its routes answer 404', async () => {
    const server = await serve({
      demoSecret: demoSignInSecret({ nodeEnv: 'production', oidcIssuer: false, secret: SECRET }),
    });
    try {
      expect((await fetch(`${server.url}/auth/demo`)).status).toBe(404);
      expect((await postJson(server.url, { identity: 'admin' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('signs a local token for a named identity that the API accepts', async () => {
    const server = await serve({ demoSecret: SECRET });
    try {
      const listed = (await (await fetch(`${server.url}/auth/demo`)).json()) as {
        identities: { label: string }[];
      };
      expect(listed.identities.map((identity) => identity.label)).toEqual([
        'Medlem',
        'Redaktør for Aarhus Kommune',
        'Administrator',
      ]);
      const response = await postJson(server.url, { identity: 'editor' });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const { token } = (await response.json()) as { token: string };
      const identity = await createTokenVerifier({ secret: SECRET })(`Bearer ${token}`);
      expect(identity).toMatchObject({ role: 'editor', kommuneCode: '0751' });
    } finally {
      await server.close();
    }
  });

  it('refuses unknown identities and anything but JSON (no cross-site form posts)', async () => {
    const server = await serve({ demoSecret: SECRET });
    try {
      expect((await postJson(server.url, { identity: 'root' })).status).toBe(400);
      expect((await postJson(server.url, { identity: 'constructor' })).status).toBe(400);
      const form = await fetch(`${server.url}/auth/demo`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'identity=admin',
      });
      expect(form.status).toBe(400);
    } finally {
      await server.close();
    }
  });
});

describe('GET /auth/config: how the web app signs in', () => {
  const issuer = {
    AUTH_ISSUER: 'https://idp.example',
    AUTH_AUDIENCE: 'urn:erfaringsnet:api',
    AUTH_JWKS_URL: 'https://idp.example/jwks',
  };

  async function configOf(options: Parameters<typeof mountWebApp>[1]) {
    const server = await serve(options);
    try {
      const response = await fetch(`${server.url}/auth/config`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      return await response.json();
    } finally {
      await server.close();
    }
  }

  it('names the issuer, the public client id, the scopes and the resource with an OIDC client', async () => {
    const config = loadConfig({
      ...issuer,
      AUTH_WEB_CLIENT_ID: 'erfaringsnet-web',
      AUTH_WEB_RESOURCE: 'urn:erfaringsnet:api',
    });
    expect(await configOf({ oidc: webOidcClient(config) })).toEqual({
      method: 'oidc',
      issuer: 'https://idp.example',
      clientId: 'erfaringsnet-web',
      scope: 'openid profile',
      resource: 'urn:erfaringsnet:api',
    });
  });

  it('says demo where the demo sign-in exists, none in production and with an issuer but no client', async () => {
    expect(await configOf({ demoSecret: SECRET })).toEqual({ method: 'demo' });
    const production = loadConfig({ NODE_ENV: 'production', AUTH_SECRET: SECRET });
    expect(
      await configOf({
        demoSecret: demoSignInSecret({ nodeEnv: 'production', oidcIssuer: false, secret: SECRET }),
        oidc: webOidcClient(production),
      }),
    ).toEqual({ method: 'none' });
    // An issuer whose tokens the API accepts, but no client id for the app: no sign-in in the app.
    expect(webOidcClient(loadConfig(issuer))).toBeUndefined();
    expect(
      await configOf({
        demoSecret: demoSignInSecret({ nodeEnv: 'development', oidcIssuer: true, secret: SECRET }),
        oidc: webOidcClient(loadConfig(issuer)),
      }),
    ).toEqual({ method: 'none' });
  });
});
