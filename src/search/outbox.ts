import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { allDocuments, loadDocuments, topicSynonyms } from './documents';
import {
  documentId,
  type DocumentRef,
  type DocumentType,
  type SearchDocument,
  type SearchIndex,
} from './search-index';

/** Turns the outbox on or off: while off, changes are not recorded (no external engine). */
export async function setOutboxEnabled(em: EntityManager, enabled: boolean): Promise<void> {
  await em.getConnection().execute('update search_outbox_config set enabled = ?', [enabled]);
}

/** Wait before retry number `attempts` (1, 2, …): doubling from one second, at most `maxMs`. */
export function backoffMs(attempts: number, maxMs = 5 * 60_000): number {
  return Math.min(maxMs, 1000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * The advisory lock a rebuild holds exclusively and each drain shares: no worker sends while a
 * rebuild runs (it would send to the index about to be swapped out), and a rebuild starts only
 * after the drains in progress have committed.
 */
const REBUILD_LOCK = 7_170_315_001;

export interface DrainResult {
  /** Outbox rows handled and removed. */
  delivered: number;
  /** Outbox rows kept for a retry because the engine failed. */
  failed: number;
}

interface OutboxRow {
  id: string;
  entity_type: DocumentType;
  entity_id: string;
  attempts: number;
}

const refOf = (row: OutboxRow): DocumentRef => ({ type: row.entity_type, id: row.entity_id });

/**
 * Drains the outbox into an external search engine. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED`, so several server instances share the work without sending twice, and
 * each entity is sent by one worker at a time (an advisory lock per entity), so an older state
 * never overtakes a newer one. A batch is removed only after the engine confirmed it, and kept
 * with a growing delay when the engine (or loading the documents) fails, so an outage delays
 * updates but loses none. Nothing is sent before the engine's settings hold, and nothing while
 * a rebuild runs.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  private prepared = false;
  private prepareAttempts = 0;
  private prepareAfter = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly index: SearchIndex,
    private readonly logger?: Logger,
    private readonly options: { batchSize?: number; pollMs?: number } = {},
  ) {}

  /** Applies the engine's settings until they hold, backing off between tries. */
  private async prepare(em: EntityManager): Promise<boolean> {
    if (this.prepared || !this.index.prepare) return true;
    if (Date.now() < this.prepareAfter) return false;
    try {
      await this.index.prepare(await topicSynonyms(em));
      this.prepared = true;
      this.prepareAttempts = 0;
      return true;
    } catch (error) {
      this.prepareAttempts += 1;
      this.prepareAfter = Date.now() + backoffMs(this.prepareAttempts);
      this.logger?.warn(
        { err: error, attempts: this.prepareAttempts },
        'search engine settings not applied; updates wait in the outbox',
      );
      return false;
    }
  }

  /** One pass: the due rows (up to a batch) are sent, then removed or rescheduled. */
  async drainOnce(): Promise<DrainResult> {
    const em = this.em.fork();
    if (!(await this.prepare(em))) return { delivered: 0, failed: 0 };
    return em.transactional(async (tx) => {
      const execute = <T>(sql: string, params: unknown[] = [], method: 'all' | 'run' = 'all') =>
        tx.getConnection().execute(sql, params, method, tx.getTransactionContext()) as Promise<T>;
      const [{ free }] = await execute<{ free: boolean }[]>(
        'select pg_try_advisory_xact_lock_shared(?) as free',
        [REBUILD_LOCK],
      );
      if (!free) return { delivered: 0, failed: 0 };
      const claimed = await execute<OutboxRow[]>(
        `select id, entity_type, entity_id, attempts from search_outbox
         where next_attempt_at <= now() order by id limit ? for update skip locked`,
        [this.options.batchSize ?? 500],
      );
      if (claimed.length === 0) return { delivered: 0, failed: 0 };
      // Rows of an entity another worker is sending stay for a later pass, with their then state.
      const locked = await execute<{ entity_type: string; entity_id: string }[]>(
        `select entity_type, entity_id from (select distinct entity_type, entity_id
           from unnest(?::text[], ?::uuid[]) as e (entity_type, entity_id)) e
         where pg_try_advisory_xact_lock(hashtext('search_outbox:' || entity_type), hashtext(entity_id::text))`,
        [
          `{${claimed.map((row) => row.entity_type).join(',')}}`,
          `{${claimed.map((row) => row.entity_id).join(',')}}`,
        ],
      );
      const mine = new Set(locked.map((row) => `${row.entity_type}_${row.entity_id}`));
      const rows = claimed.filter((row) => mine.has(`${row.entity_type}_${row.entity_id}`));
      if (rows.length === 0) return { delivered: 0, failed: 0 };
      const idsOf = (some: OutboxRow[]) => `{${some.map((row) => row.id).join(',')}}`;
      const retry = async (failed: OutboxRow[], error: unknown) => {
        // The engine may have lost its index or settings: check them again before the next send.
        this.prepared = false;
        const attempts = Math.max(...failed.map((row) => row.attempts)) + 1;
        this.logger?.warn(
          { err: error, rows: failed.length, attempts },
          'search engine update failed; will retry',
        );
        await execute(
          `update search_outbox set attempts = attempts + 1, last_error = ?,
             next_attempt_at = now() + (? * interval '1 millisecond')
           where id = any(?::bigint[])`,
          [
            String(error instanceof Error ? error.message : error).slice(0, 1000),
            backoffMs(attempts),
            idsOf(failed),
          ],
          'run',
        );
      };
      // A failing statement must not abort the transaction that records the retry.
      await execute('savepoint deliver', [], 'run');
      let failures: Map<string, unknown>;
      try {
        const refs = rows.map(refOf);
        const { documents, missing } = await loadDocuments(tx, refs);
        // Topic labels are the engine's synonyms.
        if (this.index.prepare && refs.some((ref) => ref.type === 'Topic')) {
          await this.index.prepare(await topicSynonyms(tx));
        }
        failures = await this.send(documents, missing.map(documentId));
      } catch (error) {
        await execute('rollback to savepoint deliver', [], 'run');
        await retry(rows, error);
        return { delivered: 0, failed: rows.length };
      }
      const delivered = rows.filter((row) => !failures.has(documentId(refOf(row))));
      if (delivered.length > 0) {
        await execute(
          'delete from search_outbox where id = any(?::bigint[])',
          [idsOf(delivered)],
          'run',
        );
      }
      const byError = new Map<unknown, OutboxRow[]>();
      for (const row of rows) {
        const error = failures.get(documentId(refOf(row)));
        if (error !== undefined) byError.set(error, [...(byError.get(error) ?? []), row]);
      }
      for (const [error, failed] of byError) await retry(failed, error);
      return { delivered: delivered.length, failed: rows.length - delivered.length };
    });
  }

  /**
   * Sends documents and removals; returns the ids that failed, with their error. When the engine
   * refuses a batch for what is in it (`refused` on the error), the halves are sent apart, so one
   * document it will not take does not hold back the rest; any other failure (an outage) fails
   * the whole batch.
   */
  private async send(
    documents: SearchDocument[],
    removals: string[],
  ): Promise<Map<string, unknown>> {
    try {
      await this.index.upsert(documents);
      await this.index.remove(removals);
      return new Map();
    } catch (error) {
      const ids = [...documents.map((document) => document.id), ...removals];
      if (!(error as { refused?: unknown } | null)?.refused || ids.length <= 1) {
        return new Map(ids.map((id) => [id, error]));
      }
      const half = Math.ceil(ids.length / 2);
      const first = new Set(ids.slice(0, half));
      const [a, b] = [
        await this.send(
          documents.filter((document) => first.has(document.id)),
          removals.filter((id) => first.has(id)),
        ),
        await this.send(
          documents.filter((document) => !first.has(document.id)),
          removals.filter((id) => !first.has(id)),
        ),
      ];
      return new Map([...a, ...b]);
    }
  }

  /** Drains continuously: at once while there is work, then every `pollMs`. */
  start(): void {
    const tick = async () => {
      if (this.stopped) return;
      let result: DrainResult = { delivered: 0, failed: 0 };
      try {
        this.running = this.drainOnce();
        result = (await this.running) as DrainResult;
      } catch (error) {
        this.logger?.error({ err: error }, 'outbox drain failed');
      }
      if (!this.stopped)
        this.timer = setTimeout(tick, result.delivered > 0 ? 0 : (this.options.pollMs ?? 1000));
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops after the pass in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}

/**
 * Rebuilds an external index from PostgreSQL and clears exactly the outbox rows the rebuild
 * covers. Workers pause while it runs (their changes would go to the index being replaced); the
 * rows it covers are those whose transaction committed before it began, so a change committed
 * later, even by a transaction begun earlier, is still sent afterwards.
 */
export async function rebuildExternalIndex(em: EntityManager, index: SearchIndex): Promise<number> {
  return em.fork().transactional(async (tx) => {
    const execute = <T>(sql: string, params: unknown[] = [], method: 'all' | 'run' = 'all') =>
      tx.getConnection().execute(sql, params, method, tx.getTransactionContext()) as Promise<T>;
    await execute('select pg_advisory_xact_lock(?)', [REBUILD_LOCK]);
    const [{ snapshot }] = await execute<{ snapshot: string }[]>(
      'select pg_current_snapshot()::text as snapshot',
    );
    const count = await index.rebuild(allDocuments(tx), await topicSynonyms(tx));
    await execute(
      'delete from search_outbox where pg_visible_in_snapshot(txid, ?::pg_snapshot)',
      [snapshot],
      'run',
    );
    return count;
  });
}

/** A document whose copy in the external index is out of date or must not be shown. */
interface OutdatedRow {
  entity_type: string;
  entity_id: string;
}

/**
 * Of some documents an external index returned, the ids (`<Type>_<uuid>`) whose copy there is
 * out of date (the outbox holds a change not yet sent) or must not be shown (an erased person).
 * One statement.
 */
export async function outdatedDocuments(
  em: EntityManager,
  refs: { type: string; id: string }[],
): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  const ids = `{${[...new Set(refs.map((ref) => ref.id))].join(',')}}`;
  const rows = await em.execute<OutdatedRow[]>(
    `select entity_type, entity_id from search_outbox where entity_id = any(?::uuid[])
     union select 'Person', id from person where id = any(?::uuid[]) and status = 'ERASED'`,
    [ids, ids],
  );
  return new Set(rows.map((row) => `${row.entity_type}_${row.entity_id}`));
}
