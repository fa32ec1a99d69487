import { Client } from 'pg';
import { useTestApi } from '../../test/support/api';
import { buildPerson, gid } from '../../test/support/factories';
import { MUTATION_ATTEMPTS, onMutationTransaction } from './transaction';
import type { MutationTransactionHook } from './transaction';

/** A mutation's transaction, run again from the start when PostgreSQL stops it. */
const t = useTestApi();

const RENAME = `mutation ($id: ID!, $name: String!) {
  updatePerson(id: $id, input: { name: $name }) { id name }
}`;

let admin: Client;
beforeAll(async () => {
  admin = new Client({ connectionString: t.db.url });
  // Dropping the test database ends this connection.
  admin.on('error', () => {});
  await admin.connect();
});
afterAll(() => admin?.end());

/** Runs `hook` in the transaction of each `updatePerson` for the length of `body`. */
async function withHook<T>(hook: MutationTransactionHook, body: () => Promise<T>): Promise<T> {
  const unregister = onMutationTransaction(async (em, mutation) => {
    if (mutation.action === 'updatePerson') await hook(em, mutation);
  });
  try {
    return await body();
  } finally {
    unregister();
  }
}

/** Polls until another backend of the test database waits for a lock. */
async function untilSomeoneWaits() {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { rows } = await admin.query(
      `select 1 from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
    );
    if (rows.length > 0) return;
    if (Date.now() > deadline) throw new Error('no backend waits for a lock');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const auditEvents = async (personId: string) =>
  (
    await admin.query(
      `select count(*)::int as count from audit_event
        where action = 'updatePerson' and arguments ->> 'id' = $1`,
      [personId],
    )
  ).rows[0].count as number;

describe('a mutation whose transaction deadlocks', () => {
  it('is run again as a whole, and succeeds: audited once, written once', async () => {
    const renamed = await buildPerson(t.em);
    const other = await buildPerson(t.em);
    let attempts = 0;
    // The mutation locks `other` first (in its hook), then waits for `renamed`, which the admin
    // holds; the admin then asks for `other`: a deadlock. The admin waits longer before it looks
    // for one, so PostgreSQL stops the mutation's transaction (40P01), which lets the admin on.
    await admin.query('begin');
    await admin.query(`set local deadlock_timeout = '1min'`);
    await admin.query('select 1 from person where id = $1 for update', [renamed.id]);
    const result = await withHook(
      async (em) => {
        attempts += 1;
        await em.execute('select 1 from person where id = ? for update', [other.id]);
      },
      async () => {
        const pending = t.api.run(RENAME, { id: gid(renamed), name: 'Omdøbt' });
        try {
          await untilSomeoneWaits();
          await admin.query('select 1 from person where id = $1 for update', [other.id]);
        } finally {
          await admin.query('rollback');
        }
        return pending;
      },
    );
    expect(result).toEqual({ data: { updatePerson: { id: gid(renamed), name: 'Omdøbt' } } });
    expect(attempts).toBe(2);
    // The stopped try left nothing behind, its audit event included.
    expect(await auditEvents(gid(renamed))).toBe(1);
    const { rows } = await admin.query('select name from person where id = $1', [renamed.id]);
    expect(rows).toEqual([{ name: 'Omdøbt' }]);
  });

  it(`gives up after ${MUTATION_ATTEMPTS} tries, having written nothing`, async () => {
    const person = await buildPerson(t.em, { name: 'Uændret' });
    let attempts = 0;
    const result = await withHook(
      async (em) => {
        attempts += 1;
        await em.execute(
          `do $$ begin raise exception 'could not serialize access' using errcode = '40001'; end $$`,
        );
      },
      () => t.api.run(RENAME, { id: gid(person), name: 'Omdøbt' }),
    );
    expect(attempts).toBe(MUTATION_ATTEMPTS);
    expect(result.errors?.[0]).toMatchObject({
      message: 'Another change to the same data got in the way; try again',
      extensions: { code: 'CONFLICT' },
    });
    const { rows } = await admin.query('select name from person where id = $1', [person.id]);
    expect(rows).toEqual([{ name: 'Uændret' }]);
    expect(await auditEvents(gid(person))).toBe(0);
  });

  it('is not run again for any other error', async () => {
    const person = await buildPerson(t.em);
    let attempts = 0;
    const result = await withHook(
      async (em) => {
        attempts += 1;
        await em.execute(`do $$ begin raise exception 'no' using errcode = '40002'; end $$`);
      },
      () => t.api.run(RENAME, { id: gid(person), name: 'Omdøbt' }),
    );
    expect(attempts).toBe(1);
    expect(result.errors).toHaveLength(1);
  });
});
