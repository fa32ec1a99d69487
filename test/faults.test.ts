import { Client } from 'pg';
import pino from 'pino';
import { createTokenVerifier, signLocalToken } from '../src/auth/tokens';
import { PostgresSearchIndex } from '../src/search/postgres.engine';
import { startServer } from '../src/server';
import type { RunningServer } from '../src/server';
import { testSchema, useTestApi } from './support/api';
import { buildGroup, buildMembership, buildPerson, gid } from './support/factories';

/**
 * What happens when things go wrong at the wrong moment: a database connection dies under a
 * request, two editors change the same row at once. The database is never left half-written and
 * the server keeps serving.
 */
const t = useTestApi();

/** How long a request may take to answer after its connection died: generous, it is not a benchmark. */
const ANSWER_WITHIN_MS = 20_000;

async function connectAdmin(): Promise<Client> {
  const client = new Client({ connectionString: t.db.url });
  // A terminated or broken connection must not crash the test run.
  client.on('error', () => {});
  await client.connect();
  return client;
}

let admin: Client;
beforeAll(async () => {
  admin = await connectAdmin();
});
afterAll(() => admin?.end());

/** The server's backends in the test database that wait for a lock. */
async function waitingForLocks(): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>(
    `select pid from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' order by pid`,
  );
  return rows.map((row) => row.pid);
}

/** Polls until `count` backends wait for a lock, and returns their pids. */
async function untilWaiting(count: number): Promise<number[]> {
  const deadline = Date.now() + ANSWER_WITHIN_MS;
  for (;;) {
    const pids = await waitingForLocks();
    if (pids.length === count) return pids;
    if (Date.now() > deadline) {
      throw new Error(`expected ${count} backends waiting for a lock, found ${pids.length}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Runs `requests` while another transaction holds a lock (`hold`) they need, and lets go once all
 * of them wait for it: they then really run at the same time, whichever order they started in.
 */
async function race<T>(
  hold: { sql: string; params?: unknown[] },
  requests: (() => Promise<T>)[],
): Promise<T[]> {
  const locker = await connectAdmin();
  try {
    await locker.query('begin');
    await locker.query(hold.sql, hold.params);
    const pending = requests.map((request) => request());
    try {
      await untilWaiting(requests.length);
    } finally {
      await locker.query('rollback');
    }
    return await Promise.all(pending);
  } finally {
    await locker.end();
  }
}

/** Answers `promise`, or fails the test when it takes longer than {@link ANSWER_WITHIN_MS}. */
async function answered<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer (hung)`)), ANSWER_WITHIN_MS);
  });
  try {
    return await Promise.race([promise, hung]);
  } finally {
    clearTimeout(timer);
  }
}

describe('a database connection killed under a request', () => {
  const SECRET = 'f'.repeat(32);
  let server: RunningServer;
  let adminToken: string;

  beforeAll(async () => {
    server = await startServer({
      config: { port: 0, host: '127.0.0.1', nodeEnv: 'test', rateLimitPerMinute: 0 },
      orm: t.db.orm,
      schema: await testSchema(),
      logger: pino({ level: 'silent' }),
      searchIndex: (em) => new PostgresSearchIndex(em),
      verifyToken: createTokenVerifier({ secret: SECRET }),
    });
    adminToken = await signLocalToken(SECRET, { role: 'admin' });
  });
  afterAll(() => server?.stop());

  async function post(query: string, variables?: Record<string, unknown>) {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as { data?: any; errors?: any[] },
    };
  }

  /**
   * Sends a request that waits for a lock on `table`, terminates the server's connection while
   * it waits, and returns the answer.
   */
  async function killedWhileWaiting(
    table: string,
    query: string,
    variables?: Record<string, unknown>,
  ) {
    const locker = await connectAdmin();
    try {
      await locker.query('begin');
      await locker.query(`lock table "${table}" in access exclusive mode`);
      const pending = post(query, variables);
      const [pid] = await untilWaiting(1);
      const { rows } = await admin.query('select pg_terminate_backend($1, 10000) as ended', [pid]);
      expect(rows).toEqual([{ ended: true }]);
      await locker.query('rollback');
      return await answered(pending, query);
    } finally {
      await locker.end();
    }
  }

  const COUNT_TOPICS = '{ topics { totalCount } }';
  const counts = async () =>
    (
      await admin.query(`select (select count(*) from topic)::int as topics,
                                (select count(*) from audit_event)::int as events,
                                (select count(*) from audit_change)::int as changes`)
    ).rows[0];

  it('fails a query cleanly, and the next one succeeds', async () => {
    const answer = await killedWhileWaiting('topic', COUNT_TOPICS);
    // An error while executing: HTTP 200, `data: null` and the error (masked: it is not the user's).
    expect(answer).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
      body: {
        data: null,
        errors: [
          expect.objectContaining({
            message: 'Internal server error',
            extensions: expect.objectContaining({ code: 'INTERNAL_SERVER_ERROR' }),
          }),
        ],
      },
    });
    expect(await post(COUNT_TOPICS)).toMatchObject({
      status: 200,
      body: { data: { topics: { totalCount: expect.any(Number) } } },
    });
  });

  it('fails a mutation cleanly and writes nothing of it, not even its audit event', async () => {
    const before = await counts();
    const createTopic = `mutation ($input: CreateTopicInput!) { createTopic(input: $input) { slug } }`;
    const input = (slug: string) => ({ slug, kind: 'METHOD', labelDa: slug, labelEn: slug });
    const answer = await killedWhileWaiting('topic', createTopic, { input: input('afbrudt') });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: null,
      errors: [
        expect.objectContaining({
          message: 'Internal server error',
          extensions: expect.objectContaining({ code: 'INTERNAL_SERVER_ERROR' }),
        }),
      ],
    });
    expect(await counts()).toEqual(before);

    expect(await post(createTopic, { input: input('efter-afbrydelsen') })).toMatchObject({
      status: 200,
      body: { data: { createTopic: { slug: 'efter-afbrydelsen' } } },
    });
    expect(await counts()).toMatchObject({ topics: before.topics + 1, events: before.events + 1 });
  });

  it('replaces the idle connections the database dropped between requests', async () => {
    expect((await post(COUNT_TOPICS)).status).toBe(200);
    const { rows } = await admin.query(
      `select pg_terminate_backend(pid, 10000) as ended from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (let i = 0; i < 3; i += 1) {
      expect(await post(COUNT_TOPICS)).toMatchObject({ status: 200, body: { data: {} } });
    }
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ready' });
  });
});

describe('two editors changing the same membership at once', () => {
  const END = `mutation ($input: EndInput!) { endMembership(input: $input) { validTo } }`;
  const CHANGE = `mutation ($input: ChangeMembershipRoleInput!) {
    changeMembershipRole(input: $input) { role validFrom validTo }
  }`;
  const ADD = `mutation ($input: AddMembershipInput!) { addMembership(input: $input) { role } }`;

  /** A person with a seat in a group since 2020. */
  async function seated() {
    const em = t.db.orm.em.fork();
    const group = await buildGroup(em);
    const person = await buildPerson(em);
    const membership = await buildMembership(em, group, person);
    return { group, person, membership };
  }

  /** The person's seats in the group, as stored. */
  async function seats({ group, person }: Awaited<ReturnType<typeof seated>>) {
    const { rows } = await admin.query(
      `select role, valid_from::text as "from", valid_to::text as "to" from membership
        where group_id = $1 and person_id = $2 order by valid_from`,
      [group.id, person.id],
    );
    return rows;
  }

  const auditEvents = async (action: string) =>
    (
      await admin.query('select count(*)::int as count from audit_event where action = $1', [
        action,
      ])
    ).rows[0].count as number;

  /** Each answer as `ok` or its error code, in a fixed order. */
  const outcomes = (results: { errors?: readonly { extensions?: { code?: unknown } }[] }[]) =>
    results.map((result) => String(result.errors?.[0]?.extensions?.code ?? 'ok')).sort();

  /**
   * Holds back every write to membership (reads go on, row locks too): each request gets as far
   * as its first write, or waits for the other's row lock, before they are let go together.
   */
  const HOLD_WRITES = { sql: 'lock table membership in share mode' };

  it('ending it: one wins, the other gets CONFLICT, and only the winner is audited', async () => {
    const seat = await seated();
    const end = () => t.api.run(END, { input: { id: gid(seat.membership), on: '2024-06-01' } });
    const results = await race(HOLD_WRITES, [end, end]);
    expect(outcomes(results)).toEqual(['CONFLICT', 'ok']);
    expect(results.find((result) => result.errors)?.errors?.[0]).toMatchObject({
      message: 'The membership already ended on 2024-06-01',
      extensions: { code: 'CONFLICT', field: 'id' },
    });
    expect(await seats(seat)).toEqual([{ role: 'MEDLEM', from: '2020-01-01', to: '2024-06-01' }]);
    expect(await auditEvents('endMembership')).toBe(1);
  });

  it('changing its role: one wins, the other gets CONFLICT, and one new seat exists', async () => {
    const seat = await seated();
    const change = () =>
      t.api.run(CHANGE, {
        input: { membershipId: gid(seat.membership), role: 'FORMAND', from: '2024-06-01' },
      });
    const results = await race(HOLD_WRITES, [change, change]);
    expect(outcomes(results)).toEqual(['CONFLICT', 'ok']);
    expect(await seats(seat)).toEqual([
      { role: 'MEDLEM', from: '2020-01-01', to: '2024-06-01' },
      { role: 'FORMAND', from: '2024-06-01', to: null },
    ]);
    expect(await auditEvents('changeMembershipRole')).toBe(1);
  });

  it('seating the same person twice: the exclusion constraint refuses the second', async () => {
    // addMembership does not look for an existing seat: the database alone stops the duplicate.
    const em = t.db.orm.em.fork();
    const group = await buildGroup(em);
    const person = await buildPerson(em);
    const add = () =>
      t.api.run(ADD, {
        input: { groupId: gid(group), personId: gid(person), validFrom: '2024-01-01' },
      });
    const results = await race(HOLD_WRITES, [add, add]);
    expect(outcomes(results)).toEqual(['CONFLICT', 'ok']);
    expect(results.find((result) => result.errors)?.errors?.[0]).toMatchObject({
      message: 'The person is already a member of this group in that period',
      extensions: { code: 'CONFLICT', field: 'personId' },
    });
    expect(await seats({ group, person } as Awaited<ReturnType<typeof seated>>)).toEqual([
      { role: 'MEDLEM', from: '2024-01-01', to: null },
    ]);
  });

  it('refuses an overlapping seat written with SQL, whatever its role', async () => {
    const { group, person } = await seated();
    await expect(
      admin.query(
        `insert into membership (id, valid_from, valid_to, person_id, group_id, role)
         values (gen_random_uuid(), '2023-01-01', '2023-12-31', $1, $2, 'FORMAND')`,
        [person.id, group.id],
      ),
    ).rejects.toMatchObject({ code: '23P01', constraint: 'membership_no_overlap' });
  });
});
