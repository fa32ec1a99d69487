import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from 'knex';

/** A statement as `pg.Client#query` takes it. */
interface PgQuery {
  name: string;
  text: string;
  values: readonly unknown[];
  rowMode?: 'array';
}

/** A statement's answer from `pg.Client#query`, as far as a prepared read needs it. */
interface PgResult {
  rows: unknown[];
  fields: { name: string }[];
}

/** What `pg.Client#query` takes and answers, as far as a prepared read needs it. */
interface PgClient {
  /** A statement; a plain text is sent as it is (the simple protocol: several in one round trip). */
  query(config: PgQuery | string, callback: (error: Error | null, result: PgResult) => void): void;
}

/**
 * Runs `config` (a statement, or plain text) on `connection` with pg's callback, not its promise.
 * Its promise form makes each query and gives it its callback afterwards, and in that path V8
 * moved every answer (each row of it) to the old generation, where only a full collection frees
 * it: measured with `--trace-gc` on Node 24, a group of 100 moved 35 kB a request there, the
 * callback form none, and the young collections took 12 ms each instead of 0.3 (see the README's
 * issue 18 notes, and `test/request-garbage.test.ts`).
 */
function query(connection: PgClient, config: PgQuery | string): Promise<PgResult> {
  return new Promise((resolve, reject) => {
    connection.query(config, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** The part of knex's client that hands out connections and announces queries. */
interface KnexClient {
  acquireConnection(): Promise<PgClient & { __knexUid?: string; __knexTxId?: string }>;
  releaseConnection(connection: PgClient): Promise<void>;
  emit(event: 'query', data: object): boolean;
}

/** Statement names by SQL text: the same text always gets the same name, on every connection. */
const names = new Map<string, string>();

/**
 * The name of `text` as a prepared statement: `label` (for `pg_prepared_statements` and logs) and
 * a hash of the text. A connection refuses a name it knows with another text, so the name must
 * follow the text, and PostgreSQL cuts names at 63 bytes.
 */
export function statementName(label: string, text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    const hash = createHash('sha1').update(text).digest('hex').slice(0, 16);
    name = `${label.slice(0, 40)}_${hash}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a one-statement read as a named prepared statement on the connection the ORM would use,
 * and answers its rows: PostgreSQL parses and plans the text once per connection, and the request
 * skips knex's query building and MikroORM's `execute` (which inlines every value into the text).
 *
 * - `sql` uses PostgreSQL's own placeholders (`$1`, `$2`, ...), and must be built once per process
 *   (see `joinedOnce`), not per request: every different text is another statement on every
 *   connection.
 * - The connection: inside a transaction (`em.transactional`, a mutation), the transaction's own;
 *   otherwise one from the pool of `em`'s connection, which is the replica's for a query's
 *   EntityManager bound to one (src/db/replicas.ts). knex hands it out and takes it back, so its
 *   pool checks (a connection the database ended is replaced) hold as for any other statement.
 * - knex's `query` event fires as for its own statements, so `statementCounter` counts this one.
 * - Errors are pg's own, as with raw SQL through `execute` (`mapDatabaseError` maps them).
 * - Dates, timestamps and intervals arrive as text, as the ORM configures its connections.
 */
export async function preparedRead<Row = Record<string, unknown>>(
  em: EntityManager,
  label: string,
  sql: string,
  values: readonly unknown[],
): Promise<Row[]> {
  return (await run(em, label, sql, values)).rows as Row[];
}

/**
 * {@link preparedRead}, answering each row as an array of its values (pg's `rowMode: 'array'`),
 * with the column names once: for wide joined rows, which pg otherwise builds into an object
 * per row, key by key, only for them to be taken apart again (see `readOnlyAll`).
 */
export async function preparedReadAsArrays(
  em: EntityManager,
  label: string,
  sql: string,
  values: readonly unknown[],
): Promise<{ sql: string; columns: string[]; rows: unknown[][] }> {
  const result = await run(em, label, sql, values, 'array');
  return {
    sql,
    columns: result.fields.map((field) => field.name),
    rows: result.rows as unknown[][],
  };
}

/**
 * {@link preparedRead} with planner settings (`set local …` statements, `;`-separated) in force for
 * this read alone, in three round trips: `begin` and the settings as one plain query, the read,
 * `commit`. Inside a transaction, a savepoint takes the place of `begin`, and rolling back to it
 * ends the settings (`release` alone would keep them to the end of the transaction).
 *
 * The settings hold when PostgreSQL plans the statement, which for a generic plan
 * (`plan_cache_mode = force_generic_plan`) is once per connection, and again only when something
 * the plan depends on changes (an `ANALYZE`, say): hence every run sets them.
 */
export async function preparedReadWithSettings<Row = Record<string, unknown>>(
  em: EntityManager,
  settings: string,
  label: string,
  sql: string,
  values: readonly unknown[],
): Promise<Row[]> {
  const undo = 'rollback to savepoint prepared_read; release savepoint prepared_read';
  const [open, close, abort] =
    em.getTransactionContext() === undefined
      ? [`begin; ${settings}`, 'commit', 'rollback']
      : [`savepoint prepared_read; ${settings}`, undo, undo];
  return (await run(em, label, sql, values, undefined, { open, close, abort })).rows as Row[];
}

/** Marks a connection for knex's pool to close rather than hand out again. */
function dispose(connection: object, reason: unknown): void {
  (connection as { __knex__disposed?: unknown }).__knex__disposed = reason;
}

/** Plain queries sent before a prepared read, after it, and after it failed. */
interface Around {
  open: string;
  close: string;
  abort: string;
}

async function run(
  em: EntityManager,
  label: string,
  sql: string,
  values: readonly unknown[],
  rowMode?: 'array',
  around?: Around,
) {
  const transaction = em.getTransactionContext<Knex.Transaction>();
  const client = (transaction ?? em.getConnection().getKnex()).client as unknown as KnexClient;
  const name = statementName(label, sql);
  const connection = await client.acquireConnection();
  const announce = (text: string, bindings: readonly unknown[], options = {}) =>
    client.emit('query', {
      __knexUid: connection.__knexUid,
      __knexTxId: connection.__knexTxId,
      method: 'raw',
      sql: text,
      bindings,
      options,
    });
  const plain = async (text: string) => {
    announce(text, []);
    await query(connection, text);
  };
  try {
    const started = Date.now();
    let result;
    try {
      if (around) await plain(around.open);
      announce(sql, values, { name });
      result = await query(connection, { name, text: sql, values, rowMode });
    } catch (error) {
      // A connection left inside the transaction (or the savepoint) must not go back to the pool.
      if (around) await plain(around.abort).catch((failed) => dispose(connection, failed));
      throw error;
    }
    if (around) await plain(around.close);
    const logger = em.config.getLogger();
    if (logger.isEnabled('query')) {
      logger.logQuery({ query: sql, params: [...values], took: Date.now() - started });
    }
    return result;
  } finally {
    await client.releaseConnection(connection);
  }
}
