import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/common/free-port';
import { createTestDatabase, type TestDatabase } from './support/databases';
import { MeiliStandIn } from './support/meili-standin';
import { ENTRY, startServer, stopServer, type Server } from './support/server-process';

/**
 * Several server processes, as issue 18 runs them: real processes of the built server, over real
 * HTTP, on one database. What one process counts or claims, the others must respect.
 */
const RATE_LIMIT = 4;

const post = (url: string) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ kommuner(first: 1) { totalCount } }' }),
  });

async function until(condition: () => Promise<boolean> | boolean, what: string, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(() => {
  if (!existsSync(ENTRY)) throw new Error('Build first: npm run build (npm test does)');
});

describe('two server processes on one database', () => {
  let db: TestDatabase;
  let meili: MeiliStandIn;
  let dataDir: string;
  const servers: Server[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    meili = await new MeiliStandIn().start();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'erfaringsnet-scale-'));
    const env = {
      DATABASE_URL: db.url,
      MEILI_HOST: meili.host,
      DATA_DIR: dataDir,
      SEED_ON_START: 'false',
      RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      RATE_LIMIT_STORE: 'postgres',
      LOG_LEVEL: 'warn',
    };
    // One after the other: both would apply the same (already applied) migrations otherwise.
    servers.push(await startServer(env));
    servers.push(await startServer(env));
  }, 180_000);

  afterAll(async () => {
    for (const server of servers) await stopServer(server);
    await meili?.stop();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a caller at the shared limit, whichever process their requests reach', async () => {
    const [a, b] = servers;
    const statuses: number[] = [];
    // Split between the two: each process alone has seen only half the limit.
    for (let i = 0; i < RATE_LIMIT; i += 1) statuses.push((await post((i % 2 ? b : a).url)).status);
    expect(statuses).toEqual(Array(RATE_LIMIT).fill(200));
    for (const server of [a, b]) {
      const refused = await post(server.url);
      expect(refused.status).toBe(429);
      const body = (await refused.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
    }
  });

  it('delivers each outbox row to the search engine once, though both processes poll the outbox', async () => {
    const connection = db.orm.em.getConnection();
    const entities = `select 'Person' as type, id from person
      union all select 'Group', id from "group" union all select 'Product', id from product
      union all select 'Topic', id from topic union all select 'KnowledgeItem', id from knowledge_item`;
    const [{ count }] = await connection.execute<{ count: number }[]>(
      `select count(*)::int as count from (${entities}) e`,
    );
    expect(count).toBeGreaterThan(100);
    // In several commits while both processes poll, so that both find work.
    const chunks = 8;
    for (let chunk = 0; chunk < chunks; chunk += 1) {
      await connection.execute(
        `insert into search_outbox (entity_type, entity_id)
         select type, id from (${entities}) e where abs(hashtext(id::text)) % ? = ?`,
        [chunks, chunk],
        'run',
      );
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await until(async () => {
      const [{ backlog }] = await connection.execute<{ backlog: number }[]>(
        'select count(*)::int as backlog from search_outbox',
      );
      return backlog === 0;
    }, 'the outbox is empty');
    await meili.settled();
    const sent = (type: string, field: string) =>
      meili.tasks
        .filter((task) => task.type === type && task.status === 'succeeded')
        .reduce((sum, task) => sum + Number(task.details[field]), 0);
    const added = sent('documentAdditionOrUpdate', 'receivedDocuments');
    const removed = sent('documentDeletion', 'providedIds');
    // Each row once: a row claimed by both processes would be sent twice, and counted twice here.
    expect(added + removed).toBe(count);
    const indexed = new Set(
      [...meili.indexes.values()].flatMap((index) => [...index.documents.keys()]),
    );
    expect(indexed.size).toBe(added);
  }, 120_000);
});

/** The processes of the server: the direct children of `pid` that run its entry point. */
const workersOf = (pid: number) =>
  execFileSync('ps', ['--ppid', String(pid), '-o', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(ENTRY))
    .map((line) => Number(line.trim().split(/\s+/)[0]));

describe('WEB_CONCURRENCY=2', () => {
  it('runs two workers on one port and one embedded PostgreSQL, counts limits and metrics across them, restarts a crashed one and stops them all', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'erfaringsnet-cluster-'));
    const server = await startServer({
      WEB_CONCURRENCY: '2',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      DATABASE_URL: '',
      SEED_ON_START: 'false',
      RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
    });
    try {
      const primary = server.process.pid!;
      await until(() => workersOf(primary).length === 2, 'two workers run');
      const [first] = workersOf(primary);
      // One PostgreSQL, the primary's.
      const postgres = execFileSync('ps', ['--ppid', String(primary), '-o', 'comm='], {
        encoding: 'utf8',
      })
        .split('\n')
        .filter((name) => name.trim() === 'postgres');
      expect(postgres).toHaveLength(1);

      // node:cluster hands the connections to the workers in turn; the limit is theirs together.
      const statuses: number[] = [];
      for (let i = 0; i <= RATE_LIMIT; i += 1) statuses.push((await post(server.url)).status);
      expect(statuses).toEqual([...Array(RATE_LIMIT).fill(200), 429]);

      // Whichever worker answers a scrape, it shows both workers' counts added up.
      for (let scrape = 0; scrape < 2; scrape += 1) {
        const metrics = await (await fetch(`${server.url}/metrics`)).text();
        expect(metrics).toMatch(
          new RegExp(
            `erfaringsnet_graphql_request_duration_seconds_count\\{operation="anonymous",type="query"\\} ${RATE_LIMIT}\n`,
          ),
        );
        expect(metrics).toMatch(/erfaringsnet_http_refusals_total\{status="429"\} 1\n/);
      }

      process.kill(first, 'SIGKILL');
      await until(() => {
        const workers = workersOf(primary);
        return workers.length === 2 && !workers.includes(first);
      }, 'a new worker replaced the crashed one');
      await until(async () => (await fetch(`${server.url}/readyz`)).ok, 'ready again');
      expect(server.output()).toContain('a server process exited; starting another');

      const workers = workersOf(primary);
      expect(await stopServer(server)).toBe(0);
      for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
      expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    } finally {
      if (server.process.exitCode === null) server.process.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
