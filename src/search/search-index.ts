import type { PageWindow } from '../common/pagination';
import type { DocumentType, SearchTypeName } from './registry';

export type { DocumentType, SearchTypeName } from './registry';

/** One hit of the general search: what was found, how well it matched, and a marked snippet. */
export interface SearchRow {
  type: DocumentType;
  id: string;
  score: number;
  /** HTML-escaped text with the matching words in `<mark>…</mark>`. */
  snippet: string;
}

/** What a search returns: a page of hits, and how many there are. */
export interface SearchHits {
  rows: SearchRow[];
  /** How many hits there are: exact, or a lower bound when `totalIsLowerBound`. */
  total: number;
  /** Whether there may be more hits than `total` says (the count stopped, or is an estimate). */
  totalIsLowerBound: boolean;
  /** Whether hits follow this page. */
  hasMore: boolean;
}

/** What an external engine stores for one entity: a projection of PostgreSQL, never the truth. */
export interface SearchDocument {
  /** Deterministic: `<Type>_<uuid>`, so re-sending a document replaces it. */
  id: string;
  type: DocumentType;
  entityId: string;
  title: string;
  text: string;
  /** Labels and aliases of the entity's topics, so they match as the entity's own words. */
  topics: string[];
  /** Last change, as epoch milliseconds (sortable). */
  updatedAt: number;
  /** Whether anonymous callers may find it (groups, products, topics, shared requirements). */
  public: boolean;
}

/** How a search is narrowed for the caller. */
export interface SearchOptions {
  /** Only what anonymous callers may read (documents with `public`). */
  publicOnly?: boolean;
}

/** A reference to an entity whose document changed (from the outbox). */
export interface DocumentRef {
  type: DocumentType;
  id: string;
}

/**
 * A search engine behind the general `search` query. The built-in PostgreSQL engine keeps its
 * index itself, in the same transaction as each change; an external engine (Meilisearch) is fed
 * documents through the outbox and rebuilt by `npm run reindex`.
 */
export interface SearchIndex {
  readonly name: string;
  /** Whether documents must be sent to it (false: the database indexes itself). */
  readonly external: boolean;
  search(
    query: string,
    types: SearchTypeName[] | undefined,
    window: PageWindow,
    options?: SearchOptions,
  ): Promise<SearchHits>;
  /**
   * Makes an external index ready to receive documents: creates it if missing and applies its
   * settings and synonyms, throwing unless they hold. The outbox worker calls it before its first
   * send, after a failed one, and when topics (whose labels are the synonyms) change.
   */
  prepare?(synonyms: Record<string, string[]>): Promise<void>;
  /**
   * Adds or replaces documents. An error with `refused: true` says the engine would not take
   * something in the batch (rather than being unavailable): the outbox then sends the documents
   * in smaller batches, so one it refuses does not hold back the others.
   */
  upsert(documents: SearchDocument[]): Promise<void>;
  /** Removes documents by id (`<Type>_<uuid>`). */
  remove(documentIds: string[]): Promise<void>;
  /** Builds a fresh index from all documents and swaps it in, so searches never see it half-built. */
  rebuild(
    documents: AsyncIterable<SearchDocument[]>,
    synonyms: Record<string, string[]>,
  ): Promise<number>;
}

export const documentId = (ref: DocumentRef) => `${ref.type}_${ref.id}`;
