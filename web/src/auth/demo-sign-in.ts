/** One identity the server's demo sign-in offers (see src/web/web.ts). */
export interface DemoIdentity {
  key: string;
  label: string;
}

/** The identities to sign in as, or `null` when the server has no demo sign-in (production, OIDC). */
export async function demoIdentities(): Promise<DemoIdentity[] | null> {
  const response = await fetch('/auth/demo', { headers: { accept: 'application/json' } });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`GET /auth/demo: ${response.status}`);
  const body = (await response.json()) as { identities: DemoIdentity[] };
  return body.identities;
}

/** A token for the chosen identity. */
export async function demoToken(key: string): Promise<string> {
  const response = await fetch('/auth/demo', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ identity: key }),
  });
  if (!response.ok) throw new Error(`POST /auth/demo: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}
