import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { loadDocuments } from './documents';
import { documentId, type DocumentRef, type DocumentType, type SearchIndex } from './search-index';

/** Turns the outbox on or off: while off, changes are not recorded (no external engine). */
export async function setOutboxEnabled(em: EntityManager, enabled: boolean): Promise<void> {
  await em.getConnection().execute('update search_outbox_config set enabled = ?', [enabled]);
}

/** Wait before retry number `attempts` (1, 2, …): doubling from one second, at most `maxMs`. */
export function backoffMs(attempts: number, maxMs = 5 * 60_000): number {
  return Math.min(maxMs, 1000 * 2 ** Math.max(0, attempts - 1));
}

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

/**
 * Drains the outbox into an external search engine. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED`, so several server instances share the work without sending twice; a
 * batch is removed only after the engine acknowledged it, and kept with a growing delay when the
 * engine fails, so an outage delays updates but loses none.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly em: EntityManager,
    private readonly index: SearchIndex,
    private readonly logger?: Logger,
    private readonly options: { batchSize?: number; pollMs?: number } = {},
  ) {}

  /** One pass: the due rows (up to a batch) are sent, then removed or rescheduled. */
  async drainOnce(): Promise<DrainResult> {
    const em = this.em.fork();
    return em.transactional(async (tx) => {
      const rows = (await tx.getConnection().execute(
        `select id, entity_type, entity_id, attempts from search_outbox
         where next_attempt_at <= now() order by id limit ? for update skip locked`,
        [this.options.batchSize ?? 500],
        'all',
        tx.getTransactionContext(),
      )) as OutboxRow[];
      if (rows.length === 0) return { delivered: 0, failed: 0 };
      const ids = `{${rows.map((row) => row.id).join(',')}}`;
      try {
        const refs: DocumentRef[] = rows.map((row) => ({
          type: row.entity_type,
          id: row.entity_id,
        }));
        const { documents, missing } = await loadDocuments(tx, refs);
        await this.index.upsert(documents);
        await this.index.remove(missing.map(documentId));
        await tx
          .getConnection()
          .execute(
            'delete from search_outbox where id = any(?::bigint[])',
            [ids],
            'run',
            tx.getTransactionContext(),
          );
        return { delivered: rows.length, failed: 0 };
      } catch (error) {
        const attempts = Math.max(...rows.map((row) => row.attempts)) + 1;
        this.logger?.warn(
          { err: error, rows: rows.length, attempts },
          'search engine update failed; will retry',
        );
        await tx.getConnection().execute(
          `update search_outbox set attempts = attempts + 1, last_error = ?,
             next_attempt_at = now() + (? * interval '1 millisecond')
           where id = any(?::bigint[])`,
          [
            String(error instanceof Error ? error.message : error).slice(0, 1000),
            backoffMs(attempts),
            ids,
          ],
          'run',
          tx.getTransactionContext(),
        );
        return { delivered: 0, failed: rows.length };
      }
    });
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
