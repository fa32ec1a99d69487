/** One fixed identity the server's demo sign-in offers (see src/web/web.ts). */
export interface DemoIdentity {
  key: string;
  label: string;
}

/** A person of the network the demo sign-in can act as. */
export interface DemoPerson {
  id: string;
  name: string;
  title: string | null;
}

/** A kommune whose editor the demo sign-in can act as. */
export interface DemoKommune {
  code: string;
  name: string;
}

export interface DemoChoices {
  identities: DemoIdentity[];
  people: DemoPerson[];
  kommuner: DemoKommune[];
}

/** Whom one can sign in as, or `null` when the server has no demo sign-in (production, OIDC). */
export async function demoChoices(): Promise<DemoChoices | null> {
  const response = await fetch('/auth/demo', { headers: { accept: 'application/json' } });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`GET /auth/demo: ${response.status}`);
  const body = (await response.json()) as Partial<DemoChoices>;
  return {
    identities: body.identities ?? [],
    people: body.people ?? [],
    kommuner: body.kommuner ?? [],
  };
}

/** What to sign in as: a fixed identity's key, a person's ID, or a kommune's code. */
export type DemoRequest =
  | { identity: string }
  | { identity: 'person'; person: string }
  | { identity: 'kommune-editor'; kommune: string };

/** A token for the chosen identity. */
export async function demoToken(request: DemoRequest): Promise<string> {
  const response = await fetch('/auth/demo', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(request),
  });
  if (!response.ok) throw new Error(`POST /auth/demo: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}
