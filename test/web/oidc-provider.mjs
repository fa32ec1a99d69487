/**
 * A real OpenID provider (oidc-provider) for the browser test of the web app's OIDC sign-in
 * (test/web/auth.browser.test.ts), run as a child process because oidc-provider is an ES module
 * that Jest's CommonJS runtime cannot load. Everything comes from the environment:
 *
 * - `OIDC_PORT`: where to listen (the issuer is `http://127.0.0.1:<port>`).
 * - `OIDC_CLIENT_ID`, `OIDC_APP_ORIGIN`: the web app as a public client (no secret, PKCE),
 *   redirecting back to `<origin>/log-ind/retur` and, after signing out, to `<origin>/`.
 * - `OIDC_RESOURCE`, `OIDC_RESOURCE_SCOPE`: the API as a resource server (RFC 8707 resource
 *   indicators): its access tokens are JWTs, signed RS256, with this audience, which the API
 *   verifies by the issuer's JWKS.
 * - `OIDC_ACCESS_TOKEN_TTL`: the access tokens' lifetime in seconds.
 * - `OIDC_ACCOUNTS`: JSON `{ "<login>": { "password": …, "name": …, "claims": { "role": …,
 *   "person": … } } }`: who may sign in, and the claims their access tokens carry.
 *
 * Its login page is its own (in Danish, like a kommune's login would be) instead of
 * oidc-provider's development pages, which load web fonts from the internet: the test checks
 * that the browser fetches nothing from anywhere but the app and this issuer. Consent is implied
 * (the app is the organisation's own, a first-party client). Prints `ready <issuer>` when
 * listening.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { URLSearchParams } from 'node:url';
import Provider, { errors } from 'oidc-provider';

const env = process.env;
const issuer = `http://127.0.0.1:${env.OIDC_PORT}`;
const appOrigin = env.OIDC_APP_ORIGIN;
const resource = env.OIDC_RESOURCE;
const resourceScope = env.OIDC_RESOURCE_SCOPE;
const accounts = JSON.parse(env.OIDC_ACCOUNTS ?? '{}');

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  kid: 'test-key',
  use: 'sig',
  alg: 'RS256',
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: env.OIDC_CLIENT_ID,
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [`${appOrigin}/log-ind/retur`],
      post_logout_redirect_uris: [`${appOrigin}/`],
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  scopes: ['openid', 'profile', resourceScope],
  claims: { openid: ['sub'], profile: ['name'] },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true, logoutSource },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo(_ctx, indicator) {
        if (indicator !== resource) throw new errors.InvalidTarget();
        return {
          scope: resourceScope,
          audience: resource,
          accessTokenTTL: Number(env.OIDC_ACCESS_TOKEN_TTL ?? 3600),
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  // A public client gets a refresh token (rotated on each use) to renew its access token with.
  issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  async findAccount(_ctx, id) {
    if (!Object.hasOwn(accounts, id)) return undefined;
    return { accountId: id, claims: () => ({ sub: id, name: accounts[id].name }) };
  },
  async extraTokenClaims(_ctx, token) {
    if (token.kind !== 'AccessToken') return undefined;
    return accounts[token.accountId]?.claims;
  },
  renderError(ctx, out) {
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = `${out.error}: ${out.error_description ?? ''}\n`;
  },
});

function page(title, body) {
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
}

/** The end-session page: asks before signing out, as oidc-provider's own does. */
function logoutSource(ctx, form) {
  ctx.type = 'html';
  ctx.body = page(
    'Log ud af kommunens login',
    `${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Ja, log mig ud</button>`,
  );
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(uid, error) {
  return page(
    'Kommunens login',
    `${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
  <p><label for="login">Brugernavn</label><br><input id="login" name="login" autocomplete="username" required></p>
  <p><label for="password">Adgangskode</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
  <button type="submit">Log ind</button>
</form>`,
  );
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

/** The consent a first-party client gets without asking: everything it asked for. */
async function grantAll(details) {
  const { Grant } = provider;
  const grant = details.grantId
    ? await Grant.find(details.grantId)
    : new Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  return grant.save();
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new errors.InvalidRequest('interaction mismatch');
  if (details.prompt.name === 'consent') {
    const grantId = await grantAll(details);
    return provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
  }
  if (req.method === 'POST' && action === '/login') {
    const form = await readForm(req);
    const login = form.get('login') ?? '';
    const account = Object.hasOwn(accounts, login) ? accounts[login] : undefined;
    if (account && account.password === form.get('password')) {
      return provider.interactionFinished(
        req,
        res,
        { login: { accountId: login } },
        { mergeWithLastSubmission: false },
      );
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(loginPage(uid, 'Forkert brugernavn eller adgangskode.'));
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(loginPage(uid));
}

const handle = provider.callback();
const server = http.createServer((req, res) => {
  const match = /^\/interaction\/([^/?]+)(\/login)?(?:\?|$)/.exec(req.url ?? '');
  if (!match) return handle(req, res);
  interaction(req, res, match[1], match[2]).catch((error) => {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${error.name}: ${error.message}\n`);
  });
});
server.listen(Number(env.OIDC_PORT), '127.0.0.1', () => console.log(`ready ${issuer}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
