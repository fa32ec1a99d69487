import { Client } from 'pg';
import pino from 'pino';
import { useTestApi } from '../../test/support/api';
import { mapDatabaseError } from '../common/errors';
import { connect, statementCounter } from './orm';
import { preparedRead, preparedReadWithSettings, statementName } from './prepared';

/**
 * `preparedRead`: a named prepared statement on the connection the ORM would use, counted as the
 * ORM's statements are, failing as raw SQL fails.
 */
describe('prepared reads', () => {
  const t = useTestApi();
  const BACKEND = 'select pg_backend_pid() as pid, $1::text as asked';

  /** The names of the statements prepared on the connection that runs this. */
  const PREPARED = 'select name from pg_prepared_statements where name like $1 order by name';

  it('runs as a named statement, prepared once per connection, and is counted', async () => {
    // An ORM of its own: its pool holds the one connection these reads take in turn.
    const orm = await connect(t.db.url);
    try {
      const counter = statementCounter(orm);
      const em = orm.em.fork();
      const [first] = await preparedRead<{ pid: number; asked: string }>(
        em,
        'test_backend',
        BACKEND,
        ['one'],
      );
      expect(first).toEqual({ pid: expect.any(Number), asked: 'one' });
      const [second] = await preparedRead<{ pid: number }>(em, 'test_backend', BACKEND, ['two']);
      expect(second.pid).toBe(first.pid);
      const names = await preparedRead<{ name: string }>(em, 'test_prepared', PREPARED, ['test_%']);
      // Each text prepared once on the connection, under its own name.
      expect(names.map((row) => row.name).sort()).toEqual(
        [statementName('test_backend', BACKEND), statementName('test_prepared', PREPARED)].sort(),
      );
      expect(counter.count()).toBe(3);
    } finally {
      await orm.close();
    }
  });

  it('names a statement by its text: another text under the same label is another statement', () => {
    const one = statementName('same_label', 'select 1');
    expect(statementName('same_label', 'select 1')).toBe(one);
    expect(statementName('same_label', 'select 2')).not.toBe(one);
    expect(statementName('x'.repeat(80), 'select 1').length).toBeLessThanOrEqual(63);
  });

  it('reads inside a transaction on the transaction’s own connection', async () => {
    const em = t.db.orm.em.fork();
    const counter = statementCounter(t.db.orm);
    await em
      .transactional(async (trx) => {
        await trx
          .getConnection()
          .execute(
            `insert into topic (id, slug, label_da, label_en, kind) values (gen_random_uuid(), 'uncommitted', 'U', 'U', 'METHOD')`,
            [],
            'run',
            trx.getTransactionContext(),
          );
        counter.reset();
        // Only the transaction's connection sees its uncommitted row.
        const inside = await preparedRead(trx, 'test_topic_by_slug', TOPIC_BY_SLUG, [
          'uncommitted',
        ]);
        expect(inside).toHaveLength(1);
        expect(counter.count()).toBe(1);
        const outside = await preparedRead(
          t.db.orm.em.fork(),
          'test_topic_by_slug',
          TOPIC_BY_SLUG,
          ['uncommitted'],
        );
        expect(outside).toHaveLength(0);
        throw new RollBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RollBack)) throw error;
      });
  });

  it('fails with pg’s error, mapped as raw SQL’s is, and its connection is replaced after it died', async () => {
    // Silent: knex reports the connection the database ended, which is the point here.
    const orm = await connect(t.db.url, pino({ level: 'silent' }));
    const admin = new Client({ connectionString: t.db.url });
    await admin.connect();
    try {
      const em = orm.em.fork();
      const timeout = preparedRead(em, 'test_sleep', `select pg_sleep(5) where $1::int > 0`, [1]);
      const [{ pid }] = await waitForBackend(admin, 'select pg_sleep(5)%');
      await admin.query('select pg_cancel_backend($1)', [pid]);
      await expect(timeout).rejects.toMatchObject({ code: '57014' });
      await timeout.catch((error: unknown) =>
        expect(mapDatabaseError(error)?.extensions.code).toBe('QUERY_TIMEOUT'),
      );

      const [{ pid: used }] = await preparedRead<{ pid: number }>(em, 'test_backend', BACKEND, [
        'a',
      ]);
      await admin.query('select pg_terminate_backend($1, 10000)', [used]);
      // The pool notices the ended connection when it is next handed out, and replaces it.
      const [again] = await preparedRead<{ pid: number }>(em, 'test_backend', BACKEND, ['b']);
      expect(again.pid).not.toBe(used);
    } finally {
      await admin.end();
      await orm.close();
    }
  });
});

/**
 * `preparedReadWithSettings`: planner settings for one read, in three round trips, gone after it
 * whether it succeeded or failed, inside a transaction or not.
 */
describe('prepared reads with settings', () => {
  const t = useTestApi();
  const SETTING = `select current_setting('enable_hashjoin') as hashjoin, $1::int as n`;
  const OFF = 'set local enable_hashjoin = off; set local plan_cache_mode = force_generic_plan';

  it('holds the settings for the read alone, on the same connection, in three statements', async () => {
    // One connection, so that what the read leaves behind is what the next read finds.
    const orm = await connect(t.db.url, undefined, { poolSize: 1 });
    try {
      const counter = statementCounter(orm);
      const em = orm.em.fork();
      const during = await preparedReadWithSettings(em, OFF, 'test_setting', SETTING, [1]);
      expect(during).toEqual([{ hashjoin: 'off', n: 1 }]);
      expect(counter.count()).toBe(3);
      const after = await preparedRead(em, 'test_setting', SETTING, [2]);
      expect(after).toEqual([{ hashjoin: 'on', n: 2 }]);

      // A read that fails: pg's error, and the connection is out of its failed transaction again
      // (where every statement would fail with 25P02), without the settings.
      const failing = preparedReadWithSettings(em, OFF, 'test_fail', 'select 1 / $1::int', [0]);
      await expect(failing).rejects.toMatchObject({ code: '22012' });
      expect(await preparedRead(em, 'test_setting', SETTING, [3])).toEqual([
        { hashjoin: 'on', n: 3 },
      ]);
    } finally {
      await orm.close();
    }
  });

  it('inside a transaction, ends the settings and keeps the transaction and its work', async () => {
    const em = t.db.orm.em.fork();
    await em
      .transactional(async (trx) => {
        const execute = (sql: string) =>
          trx.getConnection().execute(sql, [], 'all', trx.getTransactionContext());
        await execute(
          `insert into topic (id, slug, label_da, label_en, kind) values (gen_random_uuid(), 'kept', 'K', 'K', 'METHOD')`,
        );
        const during = await preparedReadWithSettings(trx, OFF, 'test_setting', SETTING, [1]);
        expect(during).toEqual([{ hashjoin: 'off', n: 1 }]);
        await expect(
          preparedReadWithSettings(trx, OFF, 'test_fail', 'select 1 / $1::int', [0]),
        ).rejects.toMatchObject({ code: '22012' });
        expect(await execute(`select current_setting('enable_hashjoin') as hashjoin`)).toEqual([
          { hashjoin: 'on' },
        ]);
        expect(await preparedRead(trx, 'test_topic_by_slug', TOPIC_BY_SLUG, ['kept'])).toHaveLength(
          1,
        );
        throw new RollBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RollBack)) throw error;
      });
  });
});

const TOPIC_BY_SLUG = 'select id from topic where slug = $1';

class RollBack extends Error {}

/** Polls until a backend runs a statement whose text is like `pattern`, and returns its pid. */
async function waitForBackend(admin: Client, pattern: string): Promise<{ pid: number }[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { rows } = await admin.query<{ pid: number }>(
      `select pid from pg_stat_activity where query like $1 and state = 'active' and pid <> pg_backend_pid()`,
      [pattern],
    );
    if (rows.length > 0) return rows;
    if (Date.now() > deadline) throw new Error(`no backend ran ${pattern}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
