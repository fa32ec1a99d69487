import type { EntityManager } from '@mikro-orm/postgresql';
import { mapDatabaseError, QueryTimeoutError } from '../../common/errors';
import type { MutationStart } from '../../common/transaction';
import { openMutationTransaction } from '../../common/transaction';
import type { SourceRecord } from './import.parse';

/** What became of one row. */
export type RowOutcome = 'created' | 'updated' | 'unchanged';

/** A row that was not imported: where it is in the file, its key, and why. */
export interface Rejection {
  /** The CSV line the row starts on (the header is line 1), or the JSON item's position (from 1). */
  line: number;
  /** The row's key (external id, e-mail …), when it has one. */
  key: string | null;
  reason: string;
}

/** What an import did (or, in a dry run, would do), row by row. */
export interface ImportResult {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: Rejection[];
  /** Rows left out on purpose, not for a fault: a person erased on request is not created again. */
  skipped: Rejection[];
  dryRun: boolean;
  /** Columns (CSV) or properties (JSON) of the file that no column of the import is called. */
  ignoredColumns: string[];
}

/** A valid row, ready to be written. */
export interface ImportRow {
  line: number;
  key: string;
}

/** What a batch's writer reports for each row: its outcome, or why the database refused it. */
export type BatchOutcome = RowOutcome | { rejected: string };

/**
 * One kind of import (people, requirements): how its records become valid rows, and how a batch
 * of rows is written. `write` must be set-based (a few statements per batch), write nothing for a
 * row that is unchanged, and call `beforeWrite` once before its first write.
 */
export interface Importer<Row extends ImportRow> {
  prepare(
    em: EntityManager,
    records: SourceRecord[],
  ): Promise<{ rows: Row[]; rejected: Rejection[]; skipped?: Rejection[] }>;
  write(
    em: EntityManager,
    rows: Row[],
    beforeWrite: () => Promise<void>,
  ): Promise<Map<Row, BatchOutcome>>;
  /** Work left for after the last batch (in its own transaction), e.g. refreshing derived data. */
  finish?(em: EntityManager): Promise<void>;
}

export interface ImportOptions {
  /** Compute the same report, and write nothing. */
  dryRun?: boolean;
  /** Rows per transaction (default 500). */
  batchSize?: number;
  /** Called after validation and after each batch, with the rows done so far. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Outside a mutation (the CLI), each batch that writes opens a mutation transaction of its own
   * with this action, caller and arguments: the registered hooks run in it, and the audit (see
   * `onMutationTransaction`) opens its event. Inside a mutation the mutation's own event records
   * the rows.
   */
  audit?: MutationStart;
}

/** Thrown to roll back a dry run's transaction once its report is complete. */
class DryRunRollback extends Error {}

/**
 * Imports the records: each is validated (a bad one is rejected with its line and every reason),
 * then the valid rows are written in batches, each in its own transaction (a savepoint when `em`
 * is already in one, as in a mutation). When the database refuses a batch (a duplicate, an
 * overlapping period), that batch is written again row by row, each in a savepoint, so only the
 * refused rows are rejected and the rest of the batch lands. An error that is not a row's fault
 * (a lost connection) stops the import: the batches already committed stay.
 */
export async function runImport<Row extends ImportRow>(
  em: EntityManager,
  importer: Importer<Row>,
  records: SourceRecord[],
  options: ImportOptions = {},
): Promise<ImportResult> {
  const batchSize = options.batchSize ?? 500;
  const result: ImportResult = {
    rows: records.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: [],
    skipped: [],
    dryRun: !!options.dryRun,
    ignoredColumns: [],
  };
  const openAudit = async (tx: EntityManager) => {
    if (options.audit) await openMutationTransaction(tx, options.audit);
  };

  const importAll = async (outer: EntityManager) => {
    const { rows, rejected, skipped = [] } = await importer.prepare(outer, records);
    // Not `push(...rows)`: a spread of more than about 120,000 values overflows the stack, and a
    // file of that many rows may reject all of them.
    result.rejected = result.rejected.concat(rejected);
    result.skipped = result.skipped.concat(skipped);
    let done = rejected.length + skipped.length;
    options.onProgress?.(done, records.length);
    for (let start = 0; start < rows.length; start += batchSize) {
      const batch = rows.slice(start, start + batchSize);
      let outcomes: Map<Row, BatchOutcome>;
      try {
        outcomes = await outer.transactional((tx) =>
          importer.write(
            tx,
            batch,
            once(() => openAudit(tx)),
          ),
        );
      } catch (error) {
        rowFault(outer, error);
        outcomes = await outer.transactional(async (tx) => {
          // As in the first attempt, the audit event is opened when a row first writes, so a
          // rerun of a file whose refused row is all that is left leaves none. Opened in a row's
          // savepoint, it goes when that row is refused, and the next row that writes opens it.
          let audited: Row | 'kept' | undefined;
          const each = new Map<Row, BatchOutcome>();
          for (const row of batch) {
            try {
              const [outcome] = await tx.transactional(async (savepoint) => [
                ...(
                  await importer.write(savepoint, [row], async () => {
                    if (audited) return;
                    await openAudit(savepoint);
                    audited = row;
                  })
                ).values(),
              ]);
              if (audited === row) audited = 'kept';
              each.set(row, outcome);
            } catch (rowError) {
              if (audited === row) audited = undefined;
              each.set(row, { rejected: rowFault(tx, rowError) });
            }
          }
          return each;
        });
      }
      for (const row of batch) {
        const outcome = outcomes.get(row) ?? 'unchanged';
        if (typeof outcome === 'object') {
          result.rejected.push({ line: row.line, key: row.key, reason: outcome.rejected });
        } else {
          result[outcome] += 1;
        }
      }
      done += batch.length;
      options.onProgress?.(done, records.length);
    }
  };
  const importAndFinish = async (outer: EntityManager) => {
    try {
      await importAll(outer);
    } finally {
      // Also after a failed batch: the batches before it are committed.
      if (importer.finish) await outer.transactional((tx) => importer.finish!(tx));
    }
  };

  if (options.dryRun) {
    try {
      await em.transactional(async (outer) => {
        await importAndFinish(outer);
        throw new DryRunRollback();
      });
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
  } else {
    await importAndFinish(em);
  }
  result.rejected.sort((a, b) => a.line - b.line);
  result.skipped.sort((a, b) => a.line - b.line);
  return result;
}

/**
 * Why the database refused a row, when it is the row's fault (a duplicate, an overlap, a broken
 * rule of the data model, a value it cannot store: SQLSTATE class 22, data exception); any other
 * error is thrown on.
 */
function rowFault(em: EntityManager, error: unknown): string {
  const converted = em.getDriver().convertException(error as Error);
  const mapped = mapDatabaseError(converted);
  if (mapped && !(mapped instanceof QueryTimeoutError)) return mapped.message;
  const { code } = converted as { code?: unknown };
  if (typeof code === 'string' && code.startsWith('22')) {
    return `the database cannot store a value of this row (SQLSTATE ${code})`;
  }
  throw error;
}

/**
 * What to tell the user when an import stops on a database error, `undefined` for any other
 * error. The error's message and stack hold the statement, and with it up to a batch of the
 * file's rows: only its SQLSTATE and detail are told.
 */
export function databaseFailure(error: unknown): string | undefined {
  const { code, detail, severity } = (error ?? {}) as {
    code?: unknown;
    detail?: unknown;
    severity?: unknown;
  };
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code) || typeof severity !== 'string') {
    return undefined;
  }
  const details = typeof detail === 'string' && detail.trim() ? `: ${detail.trim()}` : '';
  return `the database refused a statement (SQLSTATE ${code})${details}`;
}

/** A function that runs its body the first time it is called only. */
function once(body: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= body());
}
