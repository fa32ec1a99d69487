import type { EntityManager } from '@mikro-orm/postgresql';
import { distance } from 'fastest-levenshtein';
import { LRUCache } from 'lru-cache';
import { preparedRead } from '../db/prepared';

/**
 * What an analysis read of the vocabulary, to tell whether a changed word concerns it: every
 * vocabulary lookup of the analysis (a word's stem, its stem stemmed again, a compound's parts,
 * a hyphenated word or two words written together) is a part of `letters`, because Danish stems
 * are prefixes of their words; a typo correction is a word one edit from a stem in `corrected`.
 */
export interface VocabularyRead {
  /** The query's normalised words, written together without separators. */
  letters: string;
  /** The stems of the words that were matched against the vocabulary for typos. */
  corrected: string[];
}

/** A changed word concerns an analysis that looked it up, or that may correct a typo to it. */
export function concerns(read: VocabularyRead, lexeme: string): boolean {
  return (
    read.letters.includes(lexeme) ||
    // The analysis corrects a stem one edit away (a swap of two letters counts as one, two for
    // Levenshtein).
    read.corrected.some(
      (stem) => Math.abs(stem.length - lexeme.length) <= 2 && distance(stem, lexeme) <= 2,
    )
  );
}

/** A row of `search_vocabulary_change` committed since the last read, and that read's snapshot. */
interface ChangeRow {
  /** Null on the one row that only carries the snapshot. */
  id: string | null;
  /** The words added or removed; null: topics or products changed, everything goes. */
  lexemes: string[] | null;
  snapshot: string;
}

/**
 * SQL (`$1`: the snapshot of the last read, `$2` its oldest running transaction): the changes
 * committed since that read, and this statement's snapshot. A change of a transaction that ran
 * during that read is found too: its id is at or past that read's oldest running one, and it was
 * not visible then.
 */
const CHANGES_SQL = `select c.id, c.lexemes, pg_current_snapshot()::text as snapshot
  from (select 1) one
  left join search_vocabulary_change c
    on $1::text is not null and c.xact >= $2::xid8
    and not pg_visible_in_snapshot(c.xact, $1::text::pg_snapshot)
  order by c.id`;

/**
 * Past this many changed words in one read (an import, a rebuild), every analysis is dropped
 * rather than each checked against each word, which would hold up the process.
 */
const MANY_WORDS = 200;

/** The highest transaction id a snapshot (`xmin:xmax:xip…`) has seen the end of, and its xmin. */
const bounds = (snapshot: string) => {
  const [xmin, xmax] = snapshot.split(':');
  return { xmin, xmax: BigInt(xmax) };
};

/**
 * Query analyses kept in memory, each process its own, and dropped when the vocabulary they read
 * changes: before each analysis, one small statement reads what changed since the last one
 * (`search_vocabulary_change`, written by triggers; see its migration), so that a change any
 * process made is seen by the next analysis after it committed, here or in another process.
 *
 * An analysis started before a change was seen is not kept (its statements may have read the
 * vocabulary before the change). Each database (the primary, each replica) has a cache of its own,
 * read against its own copy of the log. Entries also expire after `ttlMs`: the log forgets
 * entries after an hour, and a transaction open longer than that could commit a change the log
 * has already forgotten.
 */
export class AnalysisCache<T> {
  private readonly entries: LRUCache<string, { value: T; read: VocabularyRead }>;
  /** The snapshot of the latest read of the changes; unset: none yet. */
  private snapshot: string | undefined;
  /** Counts the changes applied: an analysis begun under another count is not kept. */
  private generation = 0;

  constructor(options: { max: number; ttlMs: number }) {
    this.entries = new LRUCache({ max: options.max, ttl: options.ttlMs });
  }

  /** Reads the changes since the last read and drops what they concern; answers the generation. */
  async catchUp(em: EntityManager): Promise<number> {
    const last = this.snapshot;
    const rows = await preparedRead<ChangeRow>(em, 'search_vocabulary_changes', CHANGES_SQL, [
      last ?? null,
      last ? bounds(last).xmin : '0',
    ]);
    if (last === undefined) {
      // Nothing was kept before the first read: every change so far is behind it.
      this.entries.clear();
      this.generation += 1;
    }
    const changed = rows.filter((row) => row.id !== null);
    if (changed.length > 0) this.generation += 1;
    const words = changed.flatMap((row) => row.lexemes ?? []);
    if (changed.some((row) => row.lexemes === null) || words.length > MANY_WORDS) {
      this.entries.clear();
    } else if (words.length > 0) {
      for (const [key, entry] of this.entries.entries()) {
        if (words.some((word) => concerns(entry.read, word))) this.entries.delete(key);
      }
    }
    const seen = rows[0].snapshot;
    // Of two reads that overlapped, the later snapshot covers what the earlier one saw.
    if (this.snapshot === last || bounds(seen).xmax >= bounds(this.snapshot as string).xmax) {
      this.snapshot = seen;
    }
    return this.generation;
  }

  get(key: string): T | undefined {
    return this.entries.get(key)?.value;
  }

  /** Keeps an analysis begun at `generation` (from {@link catchUp}), unless a change came since. */
  set(key: string, value: T, read: VocabularyRead, generation: number): void {
    if (generation === this.generation) this.entries.set(key, { value, read });
  }
}
