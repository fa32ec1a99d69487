import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import pino from 'pino';
import { createTokenVerifier, signLocalToken } from '../src/auth/tokens';
import { freePort } from '../src/common/free-port';
import { connect, statementCounter } from '../src/db/orm';
import { preparedRead } from '../src/db/prepared';
import { ReplicaReads } from '../src/db/replicas';
import { PostgresSearchIndex } from '../src/search/postgres.engine';
import { startServer, type RunningServer } from '../src/server';
import { testSchema } from './support/api';
import { createTestDatabase, type TestDatabase } from './support/databases';
import { startStandby, type Standby } from './support/standby';

/**
 * `DATABASE_REPLICA_URLS` against a real streaming replica: a second embedded cluster of the same
 * PostgreSQL, made a standby of the first (test/support/standby.ts). Queries read the replica,
 * mutations write the primary, and a caller's queries after their own mutation read the primary
 * until the replica has replayed it.
 */
describe('read replicas', () => {
  const SECRET = 'r'.repeat(32);
  let dir: string;
  let db: TestDatabase;
  let standby: Standby;
  let orm: MikroORM;
  let server: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'erfaringsnet-replica-'));
    // The primary is the test run's cluster (test/support/global-setup.ts); this file's database
    // is created before the copy, so the standby has it.
    db = await createTestDatabase('empty');
    standby = await startStandby({
      primaryUrl: db.url,
      dataDir: path.join(dir, 'standby'),
      port: await freePort(),
    });
    orm = await connect(db.url, undefined, { replicaUrls: [standby.url] });
    server = await startServer({
      config: { port: 0, host: '127.0.0.1', nodeEnv: 'test', rateLimitPerMinute: 0 },
      orm,
      schema: await testSchema(),
      logger: pino({ level: 'silent' }),
      searchIndex: (em) => new PostgresSearchIndex(em),
      verifyToken: createTokenVerifier({ secret: SECRET }),
    });
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await orm?.close();
    await standby?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const inRecovery = async (connection: { execute: MikroORM['em']['execute'] }) =>
    (
      (await connection.execute('select pg_is_in_recovery() as recovery')) as {
        recovery: boolean;
      }[]
    )[0].recovery;

  it('is a streaming standby, and the ORM reads there only when asked', async () => {
    // The primary streams to it (after a moment of catching up).
    const deadline = Date.now() + 30_000;
    let state: string | undefined;
    while (state !== 'streaming' && Date.now() < deadline) {
      [{ state } = { state: undefined }] = await orm.em
        .getConnection()
        .execute<{ state: string }[]>(
          `select state from pg_stat_replication where application_name = 'erfaringsnet_standby'`,
        );
      if (state !== 'streaming') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(state).toBe('streaming');
    expect(await inRecovery(orm.em.getConnection('read'))).toBe(true);
    // Nothing goes to a replica by itself: raw SQL, and the ORM's own reads (preferReadReplicas off).
    expect(await inRecovery(orm.em.getConnection())).toBe(false);
    const em = await new ReplicaReads(orm).forQuery(undefined);
    // The EntityManager of a query: its raw SQL and its forks read the replica.
    expect(await inRecovery(em!.getConnection())).toBe(true);
    expect(await inRecovery(em!.fork().getConnection('write'))).toBe(true);
  });

  it('sends a query’s prepared reads to its replica, and counts them on that connection', async () => {
    const primary = statementCounter(orm);
    let onReplica = 0;
    const count = () => {
      onReplica += 1;
    };
    const replicaKnex = orm.em.getConnection('read').getKnex();
    replicaKnex.on('query', count);
    try {
      // A request's EntityManager is a fork of the one bound to the replica (createContext).
      const em = (await new ReplicaReads(orm).forQuery(undefined))!.fork();
      const [row] = await preparedRead<{ recovery: boolean }>(
        em,
        'test_recovery',
        'select pg_is_in_recovery() as recovery, $1::int as one',
        [1],
      );
      expect(row.recovery).toBe(true);
      expect(onReplica).toBe(1);
      expect(primary.count()).toBe(0);
      // Without a replica the same read goes to the primary.
      const [again] = await preparedRead<{ recovery: boolean }>(
        orm.em.fork(),
        'test_recovery',
        'select pg_is_in_recovery() as recovery, $1::int as one',
        [1],
      );
      expect(again.recovery).toBe(false);
      expect(primary.count()).toBe(1);
    } finally {
      replicaKnex.off('query', count);
    }
  });

  const graphql = async (query: string, token?: string, variables?: object) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: unknown[] };
  };
  const BY_SLUG = 'query Topic($slug: String!) { topicBySlug(slug: $slug) { labelDa } }';

  it('serves queries from the replica, writes to the primary, and lets the writer read their write at once', async () => {
    const admin = await signLocalToken(SECRET, { role: 'admin', subject: 'replica-admin' });
    const reader = await signLocalToken(SECRET, { role: 'member', subject: 'replica-reader' });
    const standbyClient = await connect(standby.url);
    try {
      // The replica stops replaying: what it serves from now on is what it had.
      await standbyClient.em.getConnection().execute('select pg_wal_replay_pause()');
      const created = await graphql(
        `
          mutation {
            createTopic(
              input: { slug: "replika", labelDa: "Replika", labelEn: "Replica", kind: DOMAIN }
            ) {
              id
            }
          }
        `,
        admin,
      );
      expect(created.errors).toBeUndefined();
      const [row] = await orm.em
        .getConnection()
        .execute<{ label_da: string }[]>(`select label_da from topic where slug = 'replika'`);
      expect(row?.label_da).toBe('Replika');

      // Other callers' queries read the replica, which has not replayed the write.
      expect((await graphql(BY_SLUG, reader, { slug: 'replika' })).data).toEqual({
        topicBySlug: null,
      });
      expect((await graphql(BY_SLUG, undefined, { slug: 'replika' })).data).toEqual({
        topicBySlug: null,
      });
      // The writer's own query reads the primary until the replica has it.
      expect((await graphql(BY_SLUG, admin, { slug: 'replika' })).data).toEqual({
        topicBySlug: { labelDa: 'Replika' },
      });

      await standbyClient.em.getConnection().execute('select pg_wal_replay_resume()');
      const deadline = Date.now() + 30_000;
      for (;;) {
        const { data } = await graphql(BY_SLUG, reader, { slug: 'replika' });
        if (data?.topicBySlug) break;
        if (Date.now() > deadline) throw new Error('the replica never showed the new topic');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await inRecovery(standbyClient.em.getConnection())).toBe(true);
    } finally {
      await standbyClient.em
        .getConnection()
        .execute('select pg_wal_replay_resume()')
        .catch(() => undefined);
      await standbyClient.close();
    }
  });
  it('answers person(id), a prepared lean read, from the replica, and the writer from the primary', async () => {
    const admin = await signLocalToken(SECRET, { role: 'admin', subject: 'replica-admin-2' });
    const reader = await signLocalToken(SECRET, { role: 'member', subject: 'replica-reader-2' });
    const PERSON = 'query ($id: ID!) { person(id: $id) { name affiliations { title } } }';
    const standbyClient = await connect(standby.url);
    try {
      await standbyClient.em.getConnection().execute('select pg_wal_replay_pause()');
      const created = await graphql(
        'mutation { createPerson(input: { name: "Replika Person" }) { id } }',
        admin,
      );
      expect(created.errors).toBeUndefined();
      const id = created.data.createPerson.id as string;
      // The replica has not replayed the new person; the writer's own query reads the primary.
      const fromReplica = await graphql(PERSON, reader, { id });
      expect(fromReplica.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
      ]);
      expect((await graphql(PERSON, admin, { id })).data).toEqual({
        person: { name: 'Replika Person', affiliations: [] },
      });
    } finally {
      await standbyClient.em
        .getConnection()
        .execute('select pg_wal_replay_resume()')
        .catch(() => undefined);
      await standbyClient.close();
    }
  });
});
