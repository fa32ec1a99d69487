import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signLocalToken } from '../src/auth/tokens';
import { freePort } from '../src/common/free-port';
import { ENTRY, ROOT, startServer, stopServer, type Server } from './support/server-process';

/**
 * End to end, as a user runs it: the compiled server (`npm start` runs `node dist/src/index.js`)
 * on its own embedded PostgreSQL in a fresh data directory, over real HTTP.
 */
const TOKEN_CLI = path.join(ROOT, 'dist', 'src', 'cli', 'token.js');

/** A token from the token command (`npm run token`), as a user would get one. */
function token(env: Record<string, string>, ...args: string[]): string {
  return execFileSync(process.execPath, [TOKEN_CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  }).trim();
}

async function graphql(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  bearer?: string,
) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: any; errors?: any[] },
  };
}

/** The ID of Aarhus Kommune (0751), which anyone may read. */
async function kommuneId(url: string): Promise<string> {
  const { body } = await graphql(url, '{ kommuneByCode(code: "0751") { id } }');
  return body.data.kommuneByCode.id;
}

/** The GraphQL query examples in the README, each in a ```graphql block (mutations are not run). */
function readmeExamples(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
    .map((match) => match[1])
    .filter((example) => !example.trimStart().startsWith('mutation'));
}

describe('end to end over HTTP, on the embedded PostgreSQL', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let server: Server;
  let member: string;
  let admin: string;

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error('Build first: npm run build (npm test does)');
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'erfaringsnet-e2e-'));
    env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), DATABASE_URL: '' };
    server = await startServer(env);
    // The server made the local signing secret on first start; the token command signs with it.
    member = token(env, '--role', 'member');
    admin = token(env, '--role', 'admin');
  }, 120_000);

  afterAll(async () => {
    if (server) await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers health and readiness checks', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ready' });
  });

  it('seeded the demo network on first start, and every README example returns data', async () => {
    const examples = readmeExamples();
    expect(examples.length).toBeGreaterThanOrEqual(3);
    // Something for the audit example to show: a change, as an admin makes it.
    const change = await graphql(
      server.url,
      `mutation { updateKommune(id: "${await kommuneId(server.url)}", input: { region: "Region Midtjylland" }) { id } }`,
      {},
      admin,
    );
    expect(change.body.errors).toBeUndefined();
    for (const query of examples) {
      // An example that starts with "# as admin" needs an admin's token; the rest a member's.
      const bearer = /^\s*# as admin/.test(query) ? admin : member;
      const { status, body } = await graphql(server.url, query, undefined, bearer);
      expect({ query, status, errors: body.errors }).toEqual({
        query,
        status: 200,
        errors: undefined,
      });
      const json = JSON.stringify(body.data);
      // Every example must find something: no empty lists or nulls at the top.
      for (const value of Object.values(body.data ?? {})) expect(value).not.toBeNull();
      expect(json).not.toMatch(/"edges":\[\]/);
    }
  });

  it('reports errors with codes over HTTP and refuses simple cross-site requests', async () => {
    const { body } = await graphql(
      server.url,
      `
        query {
          person(id: "bogus") {
            name
          }
        }
      `,
      {},
      member,
    );
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const csrf = await fetch(
      `${server.url}/graphql?query=${encodeURIComponent('{ kommuner { totalCount } }')}`,
    );
    expect(csrf.status).toBe(400);
  });

  it('lets anonymous callers read public data only, and refuses bad tokens with 401', async () => {
    const publicData = await graphql(server.url, '{ products(first: 1) { totalCount } }');
    expect(publicData.body.errors).toBeUndefined();
    const people = await graphql(server.url, '{ people(first: 1) { totalCount } }');
    expect(people.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(
      (await graphql(server.url, '{ people(first: 1) { totalCount } }', {}, member)).body,
    ).toMatchObject({ data: { people: { totalCount: expect.any(Number) } } });

    const tampered = `${member.slice(0, -4)}AAAA`;
    const secret = readFileSync(path.join(dataDir, 'auth-secret'), 'utf8').trim();
    const expired = await signLocalToken(secret, { role: 'admin', expiresIn: '-5m' });
    for (const bad of [tampered, 'not-a-jwt', expired]) {
      const response = await graphql(server.url, '{ products(first: 1) { totalCount } }', {}, bad);
      expect(response.status).toBe(401);
      expect(response.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(response.body.data).toBeUndefined();
    }
    // The log never holds a token.
    expect(server.output()).not.toContain(member.split('.')[2]);
  });

  it('keeps every acknowledged write across a graceful restart, and does not seed twice', async () => {
    const createTopic = async (slug: string) => {
      const { status, body } = await graphql(
        server.url,
        `
          mutation ($input: CreateTopicInput!) {
            createTopic(input: $input) {
              slug
            }
          }
        `,
        { input: { slug, kind: 'METHOD', labelDa: `Genstart ${slug}`, labelEn: 'Restart' } },
        admin,
      );
      return status === 200 && body.data?.createTopic?.slug === slug && !body.errors;
    };
    const slugs = (prefix: string) =>
      Array.from({ length: 20 }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);

    // Written at once, all acknowledged before the shutdown.
    const settled = slugs('e2e-genstart');
    expect(await Promise.all(settled.map(createTopic))).toEqual(settled.map(() => true));
    // Written while the server shuts down: it finishes the requests it took before it stops, and
    // each one it acknowledged must be kept (one that failed on the way may or may not be).
    const racing = slugs('e2e-under-stop').map((slug) =>
      createTopic(slug).then(
        (acknowledged) => (acknowledged ? slug : null),
        () => null,
      ),
    );
    await Promise.race(racing);
    expect(await stopServer(server)).toBe(0);
    expect(server.output()).toContain('shutting down');
    const acknowledged = (await Promise.all(racing)).filter((slug) => slug !== null);
    expect(acknowledged.length).toBeGreaterThanOrEqual(1);

    server = await startServer(env);
    const after = await graphql(
      server.url,
      `
        {
          kommuner {
            totalCount
          }
          topics(first: 100, search: "Genstart") {
            edges {
              node {
                slug
              }
            }
          }
        }
      `,
    );
    const kept = new Set(after.body.data.topics.edges.map((edge: any) => edge.node.slug));
    expect(after.body.data.kommuner).toEqual({ totalCount: 98 });
    expect([...settled, ...acknowledged].filter((slug) => !kept.has(slug))).toEqual([]);
  }, 120_000);
});
