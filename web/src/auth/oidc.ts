import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { User } from 'oidc-client-ts';
import type { SignInConfig } from './session';
import { safeReturnPath, tokenExpiry } from './sign-in-helpers';

/** Where the issuer sends the browser back after the login (a route of the app). */
export const CALLBACK_PATH = '/log-ind/retur';

/** What the app keeps of a sign-in or a renewal. */
export interface OidcTokens {
  token: string;
  expiresAt: number | null;
}

/**
 * The authorization code flow with PKCE (S256) against the issuer that `GET /auth/config` names,
 * as a public client: oidc-client-ts reads the issuer's discovery document, makes the code
 * verifier and state, and exchanges the code at the token endpoint (the issuer must allow this
 * origin by CORS, as it does for a registered redirect URI). Its own records (state, the user
 * with the ID token and any refresh token) stay in this tab's sessionStorage.
 */
export function createOidcClient(config: Extract<SignInConfig, { method: 'oidc' }>) {
  const origin = window.location.origin;
  const manager = new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: origin + CALLBACK_PATH,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: config.scope,
    resource: config.resource,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    // The session's own timer renews (see session.ts); the API needs no userinfo.
    automaticSilentRenew: false,
    loadUserInfo: false,
    monitorSession: false,
  });
  const tokens = (user: User): OidcTokens => ({
    token: user.access_token,
    expiresAt: user.expires_at ? user.expires_at * 1000 : tokenExpiry(user.access_token),
  });

  return {
    async signIn(returnTo: string) {
      await manager.signinRedirect({ state: { returnTo } });
    },

    /** Exchanges the code in `url`; a second call for the same URL (React's StrictMode) waits for the first. */
    completeSignIn(url: string): Promise<OidcTokens & { returnTo: string }> {
      let pending = callbacks.get(url);
      if (!pending) {
        pending = manager.signinRedirectCallback(url).then((user) => ({
          ...tokens(user),
          returnTo: safeReturnPath((user.state as { returnTo?: unknown } | undefined)?.returnTo),
        }));
        callbacks.set(url, pending);
      }
      return pending;
    },

    /** A fresh access token with the refresh token; fails when the issuer gave none. */
    async renew(): Promise<OidcTokens> {
      const user = await manager.getUser();
      if (!user?.refresh_token) throw new Error('No refresh token to renew with');
      const renewed = await manager.signinSilent();
      if (!renewed) throw new Error('The issuer did not renew the session');
      return tokens(renewed);
    },

    /** Ends the session at the issuer (its end-session endpoint); without one, only here. */
    async signOut() {
      try {
        await manager.signoutRedirect();
      } catch {
        await manager.removeUser();
        window.location.assign('/');
      }
    },
  };
}

const callbacks = new Map<string, Promise<OidcTokens & { returnTo: string }>>();
