import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { signLocalToken } from '../../src/auth/tokens';
import { freePort } from '../../src/common/free-port';
import { tabTo, useWebApp } from './harness';

/**
 * Signing in to the web app in Chromium: through a real OpenID provider (oidc-provider, started
 * here) with the authorization code flow and PKCE when the server has an issuer; the demo
 * sign-in (a role, a person of the network, a kommune's editor) when it has none; neither in
 * production without an issuer.
 */

const SECRET = 'a-local-secret-of-at-least-32-characters!';
const CLIENT_ID = 'erfaringsnet-web';
/** The API as the provider's resource server: the access tokens' audience. */
const RESOURCE = 'urn:erfaringsnet:api';
const RESOURCE_SCOPE = 'erfaringsnet';
/**
 * Short enough that the app renews the token during the suite (a minute before it expires, or
 * halfway when it lives less than two minutes), long enough for the other steps.
 */
const ACCESS_TOKEN_TTL_S = 80;
const ACCOUNT = { login: 'lars', password: 'kodeord-til-demo' };

/** The claims of a JWT, unverified (the server verifies; the test only looks). */
function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

/** The token the app keeps for the tab (see web/src/auth/session.ts). */
async function sessionToken(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const raw = sessionStorage.getItem('erfaringsnet.session');
    return raw ? (JSON.parse(raw) as { token: string }).token : null;
  });
}

/** Starts test/web/oidc-provider.mjs and waits until it listens. */
async function startProvider(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(__dirname, 'oidc-provider.mjs')], {
    env: { ...process.env, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`provider did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('ready ')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.once('exit', () => reject(new Error(`provider exited:\n${output}`)));
  });
  return child;
}

describe('signing in through an OpenID provider (authorization code flow with PKCE)', () => {
  let issuer = '';
  let provider: ChildProcess | undefined;
  let person = { id: '', name: '' };

  beforeAll(async () => {
    issuer = `http://127.0.0.1:${await freePort()}`;
  });
  // The provider is another origin by nature: its login page, discovery document, keys and token
  // endpoint. The harness still fails the suite for anything fetched from a third origin.
  const app = useWebApp(
    () => ({
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: RESOURCE,
      AUTH_JWKS_URL: `${issuer}/jwks`,
      AUTH_WEB_CLIENT_ID: CLIENT_ID,
      AUTH_WEB_SCOPE: `openid profile ${RESOURCE_SCOPE}`,
      AUTH_WEB_RESOURCE: RESOURCE,
      // Only so that the test can read the network to pick the account's person.
      AUTH_SECRET: SECRET,
    }),
    { allowedOrigins: () => [issuer] },
  );

  beforeAll(async () => {
    const token = await signLocalToken(SECRET, { role: 'admin', expiresIn: '5m' });
    const response = await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: '{ people(first: 1, search: "Lars Lyngsøe") { edges { node { id name } } } }',
      }),
    });
    const body = (await response.json()) as {
      data: { people: { edges: { node: { id: string; name: string } }[] } };
    };
    person = body.data.people.edges[0].node;
    provider = await startProvider({
      OIDC_PORT: new URL(issuer).port,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_APP_ORIGIN: app.server.url,
      OIDC_RESOURCE: RESOURCE,
      OIDC_RESOURCE_SCOPE: RESOURCE_SCOPE,
      OIDC_ACCESS_TOKEN_TTL: String(ACCESS_TOKEN_TTL_S),
      OIDC_ACCOUNTS: JSON.stringify({
        [ACCOUNT.login]: {
          password: ACCOUNT.password,
          name: person.name,
          claims: { role: 'member', person: person.id },
        },
      }),
    });
  }, 60_000);

  afterAll(() => {
    provider?.kill('SIGTERM');
  });

  it('has no demo sign-in: /auth/demo is 404, /auth/config names the issuer and the client', async () => {
    expect((await fetch(`${app.server.url}/auth/demo`)).status).toBe(404);
    const config = await (await fetch(`${app.server.url}/auth/config`)).json();
    expect(config).toEqual({
      method: 'oidc',
      issuer,
      clientId: CLIENT_ID,
      scope: `openid profile ${RESOURCE_SCOPE}`,
      resource: RESOURCE,
    });
  });

  it('offers "Log ind" through the organisation’s login instead of the demo buttons', async () => {
    await app.page.goto(`${app.server.url}/log-ind`);
    const main = app.page.getByRole('main');
    await main.getByRole('button', { name: 'Log ind' }).waitFor();
    for (const demo of [/Medlem/, /Redaktør/, /Administrator/]) {
      expect(await main.getByRole('button', { name: demo }).count()).toBe(0);
    }
    await app.expectAccessible();
  });

  it('signs in at the provider’s login page and comes back signed in as the person', async () => {
    const authorize: Request[] = [];
    app.page.on('request', (request) => {
      if (request.url().startsWith(`${issuer}/auth`)) authorize.push(request);
    });
    await app.page.getByRole('main').getByRole('button', { name: 'Log ind' }).click();
    await app.page.waitForURL(`${issuer}/interaction/**`);
    await app.page.getByLabel('Brugernavn').fill(ACCOUNT.login);
    await app.page.getByLabel('Adgangskode').fill('forkert');
    await app.page.getByRole('button', { name: 'Log ind' }).click();
    await app.page.getByRole('alert').getByText('Forkert brugernavn eller adgangskode').waitFor();
    await app.page.getByLabel('Brugernavn').fill(ACCOUNT.login);
    await app.page.getByLabel('Adgangskode').fill(ACCOUNT.password);
    await app.page.getByRole('button', { name: 'Log ind' }).click();
    await app.page.waitForURL(`${app.server.url}/`);
    const banner = app.page.getByRole('banner');
    await banner.getByText(`Medlem, ${person.name}`).waitFor();

    // The code flow with PKCE, asking for a token for the API.
    const query = new URL(authorize[0].url()).searchParams;
    expect(query.get('response_type')).toBe('code');
    expect(query.get('client_id')).toBe(CLIENT_ID);
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(query.get('resource')).toBe(RESOURCE);
    expect(query.get('redirect_uri')).toBe(`${app.server.url}/log-ind/retur`);
    const token = (await sessionToken(app.page))!;
    expect(claimsOf(token)).toMatchObject({
      iss: issuer,
      aud: RESOURCE,
      sub: ACCOUNT.login,
      role: 'member',
      person: person.id,
    });
    await app.expectAccessible();
  });

  it('sends the access token with the API’s requests: a search finds people', async () => {
    const token = await sessionToken(app.page);
    const sent: (string | null)[] = [];
    const listener = (request: Request) => {
      if (request.url().endsWith('/graphql') && request.method() === 'POST') {
        sent.push(request.headers()['authorization'] ?? null);
      }
    };
    app.page.on('request', listener);
    const box = app.page.getByRole('combobox', { name: 'Hvad skal personen have erfaring med?' });
    await box.fill('leverandørstyring');
    await box.press('Enter');
    await app.page.locator('ol.app-hits > li').first().waitFor();
    app.page.off('request', listener);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent).toContain(`Bearer ${token}`);
    // A signed-in search: the anonymous prompt to sign in is not shown.
    expect(await app.page.getByText('Log ind for at se, hvem der har erfaring').count()).toBe(0);
  });

  it('renews the access token with the refresh token before it expires', async () => {
    const before = (await sessionToken(app.page))!;
    const refreshed = app.page.waitForRequest(
      (request) =>
        request.url() === `${issuer}/token` &&
        (request.postData() ?? '').includes('grant_type=refresh_token'),
      { timeout: ACCESS_TOKEN_TTL_S * 1000 },
    );
    await refreshed;
    await app.page.waitForFunction(
      (old) => {
        const raw = sessionStorage.getItem('erfaringsnet.session');
        return raw !== null && (JSON.parse(raw) as { token: string }).token !== old;
      },
      before,
      { timeout: 10_000 },
    );
    const after = (await sessionToken(app.page))!;
    expect(claimsOf(after)).toMatchObject({ iss: issuer, aud: RESOURCE, person: person.id });
    expect(claimsOf(after).exp as number).toBeGreaterThan(claimsOf(before).exp as number);
    // Still signed in, and the API takes the new token.
    await app.page.reload();
    await app.page.getByRole('banner').getByText(`Medlem, ${person.name}`).waitFor();
    await app.page.locator('ol.app-hits > li').first().waitFor();
  }, 120_000);

  it('signs out at the provider too: the next "Log ind" asks who you are again', async () => {
    await app.page.getByRole('button', { name: 'Log ud' }).click();
    await app.page.waitForURL(`${issuer}/session/end**`);
    await app.page.getByRole('button', { name: 'Ja, log mig ud' }).click();
    await app.page.waitForURL(`${app.server.url}/`);
    await app.page.getByRole('banner').getByRole('link', { name: 'Log ind' }).waitFor();
    expect(await sessionToken(app.page)).toBeNull();

    await app.page.getByRole('banner').getByRole('link', { name: 'Log ind' }).click();
    await app.page.getByRole('main').getByRole('button', { name: 'Log ind' }).click();
    await app.page.waitForURL(`${issuer}/interaction/**`);
    await app.page.getByLabel('Brugernavn').waitFor();
  });
});

describe('signing in with neither an issuer nor the demo sign-in (production)', () => {
  const app = useWebApp({ NODE_ENV: 'production', AUTH_SECRET: SECRET });

  it('has no demo sign-in, and the sign-in page says sign-in is not set up', async () => {
    expect((await fetch(`${app.server.url}/auth/demo`)).status).toBe(404);
    const demoPost = await fetch(`${app.server.url}/auth/demo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: 'admin' }),
    });
    expect(demoPost.status).toBe(404);
    expect(await (await fetch(`${app.server.url}/auth/config`)).json()).toEqual({
      method: 'none',
    });
    await app.page.goto(`${app.server.url}/log-ind`);
    await app.page.getByText('Log ind er ikke sat op på denne installation').waitFor();
    expect(await app.page.getByRole('main').getByRole('button').count()).toBe(0);
    await app.expectAccessible();
  });
});

describe('the demo sign-in: a role, a person of the network or a kommune’s editor', () => {
  const app = useWebApp();

  it('offers a button per role, named in Danish', async () => {
    await app.page.goto(`${app.server.url}/log-ind`);
    const main = app.page.getByRole('main');
    for (const role of ['Medlem', 'Redaktør for Aarhus Kommune', 'Administrator']) {
      await main.getByRole('button', { name: `Log ind som ${role}` }).waitFor();
    }
    await app.expectAccessible();
    await app.screenshots('sign-in');
  });

  it('signs in as a person found by name; the header says who', async () => {
    await app.page.getByLabel('Find en person (navn eller stilling)').fill('lyngsøe');
    await app.page.getByText('1 person.').waitFor();
    await app.expectAccessible();
    await app.page.getByRole('button', { name: /^Log ind som Lars Lyngsøe Højberg/ }).click();
    await app.page.waitForURL(`${app.server.url}/`);
    await app.page.getByRole('banner').getByText('Medlem, Lars Lyngsøe Højberg').waitFor();
    await app.signOut();
  });

  it('signs in as a chosen kommune’s editor with the keyboard alone', async () => {
    await app.page.goto(`${app.server.url}/log-ind`);
    const select = app.page.getByLabel('Kommune', { exact: true });
    await select.waitFor();
    await tabTo(app.page, select);
    // The arrow keys move through the kommuner (a native select), in Danish alphabetical order.
    await app.page.keyboard.press('Home');
    for (let presses = 0; presses < 98 && (await select.inputValue()) !== '0101'; presses++) {
      await app.page.keyboard.press('ArrowDown');
    }
    expect(await select.inputValue()).toBe('0101');
    await tabTo(
      app.page,
      app.page.getByRole('button', { name: 'Log ind som redaktør for kommunen' }),
    );
    await app.page.keyboard.press('Enter');
    await app.page.waitForURL(`${app.server.url}/`);
    await app.page.getByRole('banner').getByText('Redaktør, København').waitFor();
    await app.expectAccessible();
  });

  it('goes back to the page one came from (?til=), never to another site', async () => {
    await app.signOut();
    await app.page.goto(`${app.server.url}/log-ind?til=${encodeURIComponent('/?q=borgerservice')}`);
    await app.page.getByRole('button', { name: 'Log ind som Medlem' }).click();
    await app.page.waitForURL(`${app.server.url}/?q=borgerservice`);
    await app.signOut();
    await app.page.goto(`${app.server.url}/log-ind?til=${encodeURIComponent('//evil.example/')}`);
    await app.page.getByRole('button', { name: 'Log ind som Medlem' }).click();
    await app.page.waitForURL(`${app.server.url}/`);
  });

  it('ends a session whose token expires, says so, and signs in again to the same page', async () => {
    await app.signIn(/Medlem/);
    await app.page.goto(`${app.server.url}/?q=udbud`);
    await app.page.locator('ol.app-hits > li').first().waitFor();
    // Let the tab's token run out in two seconds, as a 12-hour demo token would at the end of the day.
    await app.page.evaluate(() => {
      const key = 'erfaringsnet.session';
      const session = JSON.parse(sessionStorage.getItem(key)!) as { expiresAt: number };
      sessionStorage.setItem(key, JSON.stringify({ ...session, expiresAt: Date.now() + 2000 }));
    });
    await app.page.reload();
    await app.page.getByRole('banner').getByText('Logget ind som').waitFor();
    const notice = app.page.getByRole('alert').filter({ hasText: 'din session udløb' });
    await notice.waitFor({ timeout: 10_000 });
    await app.page.getByRole('banner').getByRole('link', { name: 'Log ind' }).waitFor();
    expect(await app.page.getByText('Log ind for at se, hvem der har erfaring').count()).toBe(1);
    await app.expectAccessible();
    await notice.getByRole('link', { name: 'Log ind' }).click();
    await app.page.getByRole('button', { name: 'Log ind som Medlem' }).click();
    await app.page.waitForURL(`${app.server.url}/?q=udbud`);
    await app.page.locator('ol.app-hits > li').first().waitFor();
    expect(await app.page.getByRole('alert').filter({ hasText: 'din session udløb' }).count()).toBe(
      0,
    );
  });
});
