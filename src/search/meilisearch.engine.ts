import type { EntityManager } from '@mikro-orm/postgresql';
import type { PageWindow } from '../common/pagination';
import { outdatedDocuments } from './outbox';
import { isDocumentType, SEARCH_TYPES } from './registry';
import type {
  SearchDocument,
  SearchIndex,
  SearchOptions,
  SearchRow,
  SearchTypeName,
} from './search-index';

type MeiliModule = typeof import('meilisearch', { with: { 'resolution-mode': 'import' } });
type MeiliClient = InstanceType<MeiliModule['Meilisearch']>;
type EnqueuedTask = Awaited<ReturnType<MeiliClient['createIndex']>>;
type Task = Awaited<ReturnType<MeiliClient['tasks']['getTask']>>;

// The client is an ES module; Node 20 loads it with require(), and Jest transforms it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadMeilisearch = (): MeiliModule => require('meilisearch');

/** Index settings: what is searched, filtered and sorted. Synonyms come from the topic taxonomy. */
export const MEILI_SETTINGS = {
  searchableAttributes: ['title', 'topics', 'text'],
  filterableAttributes: ['type', 'public'],
  sortableAttributes: ['updatedAt'],
  displayedAttributes: ['id', 'type', 'entityId', 'title', 'text'],
};

/**
 * How far Meilisearch counts hits (its `pagination.maxTotalHits`, left at its default): a count
 * that reaches it is a lower bound.
 */
export const MEILI_MAX_TOTAL_HITS = 1000;

/** How long the engine waits for Meilisearch. */
export interface MeiliOptions {
  /** Longest wait for one HTTP request, in milliseconds (default 30 s). */
  requestTimeoutMs?: number;
  /**
   * Longest wait for one task to finish, in milliseconds; 0 (the default): as long as the work
   * needs, while Meilisearch answers (each poll is a request bounded by `requestTimeoutMs`).
   */
  taskTimeoutMs?: number;
}

/** A Meilisearch task that did not succeed (failed or canceled), with Meilisearch's own error. */
export class MeiliTaskError extends Error {
  override name = 'MeiliTaskError';

  constructor(
    readonly task: Pick<Task, 'uid' | 'type' | 'status' | 'indexUid' | 'error'>,
    what: string,
  ) {
    super(
      `Meilisearch ${what} ${task.status} (task ${task.uid}, ${task.type}${task.indexUid ? ` on ${task.indexUid}` : ''})` +
        (task.error ? `: ${task.error.message} [${task.error.code}]` : ''),
    );
  }

  /**
   * Whether Meilisearch refused the task for what was in it (an `invalid_request` error, such as
   * a document it will not take), not because of its own state: the outbox then sends the
   * documents apart.
   */
  get refused(): boolean {
    return this.task.error?.type === 'invalid_request';
  }

  /** Meilisearch's error code (`index_not_found`, `invalid_document_id`, …), if it gave one. */
  get code(): string | undefined {
    return this.task.error?.code;
  }
}

/** Meilisearch's error code of a refused request or a failed task, if any. */
function errorCode(error: unknown): string | undefined {
  if (error instanceof MeiliTaskError) return error.code;
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

const OPEN = '\u0001';
const CLOSE = '\u0002';
const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** HTML-escapes a highlighted text, then turns the highlight markers into `<mark>` tags. */
const markup = (text: string) =>
  escapeHtml(text).replaceAll(OPEN, '<mark>').replaceAll(CLOSE, '</mark>');

/**
 * Meilisearch as the search engine (when `MEILI_HOST` is set). A projection of PostgreSQL with
 * deterministic document ids, fed by the outbox worker and rebuilt by `npm run reindex`.
 *
 * Every task Meilisearch accepts is awaited to its end and counts only if it succeeded: a failed
 * one is a {@link MeiliTaskError} with Meilisearch's message. Documents are sent only to an index
 * whose settings hold, so Meilisearch never creates it with its defaults (under which every
 * filtered search fails). Hits are checked against the database before they are shown.
 */
export class MeiliSearchIndex implements SearchIndex {
  readonly name = 'meilisearch';
  readonly external = true;
  private readonly client: MeiliClient;
  private em: EntityManager | undefined;
  /** Aborted by {@link close}: waits for tasks end at once (shared with the per-request views). */
  private readonly closing = new AbortController();

  constructor(
    host: string,
    apiKey: string | undefined,
    readonly indexUid = 'erfaringsnet',
    private readonly options: MeiliOptions = {},
  ) {
    const { Meilisearch } = loadMeilisearch();
    this.client = new Meilisearch({ host, apiKey, timeout: options.requestTimeoutMs ?? 30_000 });
  }

  /** The same engine (and client), checking its hits against this EntityManager's database. */
  withEntityManager(em: EntityManager): MeiliSearchIndex {
    return Object.assign(Object.create(MeiliSearchIndex.prototype) as MeiliSearchIndex, this, {
      em,
    });
  }

  /** The index that a rebuild fills before it is swapped in. */
  get rebuildUid(): string {
    return `${this.indexUid}_rebuild`;
  }

  /**
   * Waits for a task to finish, however long the work takes (unless `taskTimeoutMs` says
   * otherwise), and throws unless it succeeded.
   */
  private async settle(enqueued: Promise<EnqueuedTask>, what: string): Promise<Task> {
    const { taskUid } = await enqueued;
    const deadline = this.options.taskTimeoutMs ? Date.now() + this.options.taskTimeoutMs : 0;
    const { signal } = this.closing;
    for (let interval = 25; ; interval = Math.min(1000, interval * 2)) {
      if (signal.aborted) {
        throw new Error(`Meilisearch ${what}: stopped waiting for task ${taskUid} (shutting down)`);
      }
      const task = await this.client.tasks.getTask(taskUid, { signal });
      if (task.status === 'succeeded') return task;
      if (task.status !== 'enqueued' && task.status !== 'processing') {
        throw new MeiliTaskError(task, what);
      }
      if (deadline && Date.now() + interval > deadline) {
        throw new Error(
          `Meilisearch ${what}: task ${taskUid} still ${task.status} after ${this.options.taskTimeoutMs} ms`,
        );
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          signal.removeEventListener('abort', wake);
          resolve();
        }, interval);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
  }

  /**
   * Stops waiting for tasks: a wait in progress throws at once (an outbox batch is then kept for
   * a retry), so a shutdown is not held up by Meilisearch's queue.
   */
  close(): void {
    this.closing.abort();
  }

  /** Creates an index unless it exists (a concurrent creation counts as existing). */
  private async ensureIndex(uid: string): Promise<void> {
    try {
      await this.client.getRawIndex(uid);
      return;
    } catch (error) {
      if (errorCode(error) !== 'index_not_found') throw error;
    }
    try {
      await this.settle(this.client.createIndex(uid, { primaryKey: 'id' }), 'index creation');
    } catch (error) {
      if (errorCode(error) !== 'index_already_exists') throw error;
    }
  }

  /** Deletes an index if there is one. */
  private async deleteIndexIfExists(uid: string): Promise<void> {
    try {
      await this.settle(this.client.deleteIndex(uid), 'index deletion');
    } catch (error) {
      if (errorCode(error) !== 'index_not_found') throw error;
    }
  }

  private async applySettings(uid: string, synonyms: Record<string, string[]>): Promise<void> {
    await this.settle(
      this.client.index(uid).updateSettings({ ...MEILI_SETTINGS, synonyms }),
      'settings update',
    );
  }

  /** Creates the index if missing and applies the settings and synonyms; throws unless they hold. */
  async init(synonyms: Record<string, string[]>): Promise<void> {
    await this.ensureIndex(this.indexUid);
    await this.applySettings(this.indexUid, synonyms);
  }

  /** {@inheritDoc SearchIndex.prepare} */
  prepare(synonyms: Record<string, string[]>): Promise<void> {
    return this.init(synonyms);
  }

  /**
   * Whether the live index exists with the filterable and searchable attributes the search needs.
   * Checked before every send: Meilisearch would create a missing index with its defaults.
   */
  private async settingsHold(): Promise<boolean> {
    try {
      const settings = await this.client.index(this.indexUid).getSettings();
      // Filterable attributes come back as names or (Meilisearch 1.14+) as granular patterns.
      const filterable = (settings.filterableAttributes ?? []).flatMap((entry) =>
        typeof entry === 'string'
          ? [entry]
          : entry.features.filter.equality
            ? entry.attributePatterns
            : [],
      );
      const searchable = settings.searchableAttributes ?? [];
      return (
        MEILI_SETTINGS.filterableAttributes.every((name) => filterable.includes(name)) &&
        MEILI_SETTINGS.searchableAttributes.every((name) => searchable.includes(name))
      );
    } catch (error) {
      if (errorCode(error) === 'index_not_found') return false;
      throw error;
    }
  }

  private async requireSettings(): Promise<void> {
    if (!(await this.settingsHold())) {
      throw new Error(
        `Meilisearch index ${this.indexUid} is missing or lacks its settings; nothing is sent until they are applied`,
      );
    }
  }

  async search(
    query: string,
    types: SearchTypeName[] | undefined,
    window: PageWindow,
    options: SearchOptions = {},
  ) {
    const filters = [
      ...(types?.length
        ? [`type IN [${types.map((type) => `"${SEARCH_TYPES[type]}"`).join(', ')}]`]
        : []),
      ...(options.publicOnly ? ['public = true'] : []),
    ];
    const filter = filters.length > 0 ? filters.join(' AND ') : undefined;
    // A page that starts at a multiple of its size is asked for by number: Meilisearch then counts
    // the hits exhaustively (up to its `maxTotalHits`), where with an offset it only estimates.
    const byPage = window.offset % window.limit === 0;
    const result = await this.client.index<SearchDocument>(this.indexUid).search(query, {
      filter,
      ...(byPage
        ? { page: window.offset / window.limit + 1, hitsPerPage: window.limit }
        : { limit: window.limit, offset: window.offset }),
      showRankingScore: true,
      attributesToHighlight: ['title', 'text'],
      attributesToCrop: ['text'],
      cropLength: 30,
      highlightPreTag: OPEN,
      highlightPostTag: CLOSE,
    });
    const hits = result.hits.filter((hit) => isDocumentType(hit.type));
    // The index lags behind the database: a hit whose entity changed since it was sent (its title
    // and snippet may hold what was since removed, such as an erased person's name) or an erased
    // person is left out until the outbox has brought the index up to date.
    const outdated = await outdatedDocuments(
      this.database(),
      hits.map((hit) => ({ type: hit.type, id: hit.entityId })),
    );
    const rows: SearchRow[] = hits
      .filter((hit) => !outdated.has(hit.id))
      .map((hit) => ({
        type: hit.type,
        id: hit.entityId,
        score: hit._rankingScore ?? 0,
        snippet: markup(`${hit._formatted?.title ?? hit.title}: ${hit._formatted?.text ?? ''}`),
      }));
    const left = hits.length - rows.length;
    const full = result.hits.length === window.limit;
    const totalHits = 'totalHits' in result ? (result.totalHits as number) : undefined;
    if (totalHits !== undefined) {
      // Exhaustive, but counted no further than `maxTotalHits`: reaching it is a lower bound.
      const counted = Math.max(window.offset + rows.length, totalHits - left);
      const lowerBound = totalHits >= MEILI_MAX_TOTAL_HITS;
      return {
        rows,
        total: counted,
        totalIsLowerBound: lowerBound,
        hasMore: lowerBound || window.offset + window.limit < totalHits,
      };
    }
    // With an offset the count is an estimate, which may be too high or too low: what is known
    // is that the hits reach this page's end, and that more may follow a full page.
    return {
      rows,
      total: window.offset + rows.length,
      totalIsLowerBound: full,
      hasMore: full,
    };
  }

  private database(): EntityManager {
    if (!this.em) {
      throw new Error('MeiliSearchIndex searches need the database: use withEntityManager(em)');
    }
    return this.em;
  }

  async upsert(documents: SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await this.requireSettings();
    await this.settle(
      this.client.index(this.indexUid).addDocuments(documents, { primaryKey: 'id' }),
      'document update',
    );
  }

  async remove(documentIds: string[]): Promise<void> {
    if (documentIds.length === 0) return;
    await this.requireSettings();
    await this.settle(
      this.client.index(this.indexUid).deleteDocuments(documentIds),
      'document deletion',
    );
  }

  /**
   * Fills a fresh index (`<index>_rebuild`, left over from an interrupted rebuild or not) and
   * swaps it in. Each step is awaited as long as it takes; when one fails, the fresh index is
   * deleted and the live one stays as it was.
   */
  async rebuild(
    documents: AsyncIterable<SearchDocument[]>,
    synonyms: Record<string, string[]>,
  ): Promise<number> {
    const fresh = this.rebuildUid;
    await this.deleteIndexIfExists(fresh);
    let count = 0;
    try {
      await this.settle(this.client.createIndex(fresh, { primaryKey: 'id' }), 'index creation');
      await this.applySettings(fresh, synonyms);
      for await (const batch of documents) {
        await this.settle(
          this.client.index(fresh).addDocuments(batch, { primaryKey: 'id' }),
          'document update',
        );
        count += batch.length;
      }
      await this.ensureIndex(this.indexUid);
      await this.settle(
        this.client.swapIndexes([{ indexes: [this.indexUid, fresh], rename: false }]),
        'index swap',
      );
    } catch (error) {
      await this.deleteIndexIfExists(fresh).catch(() => undefined);
      throw error;
    }
    // After the swap, `fresh` holds the old documents.
    await this.deleteIndexIfExists(fresh);
    return count;
  }

  /** Deletes the index and any rebuild of it (tests clean up with it). */
  async drop(): Promise<void> {
    await this.deleteIndexIfExists(this.rebuildUid);
    await this.deleteIndexIfExists(this.indexUid);
  }
}
