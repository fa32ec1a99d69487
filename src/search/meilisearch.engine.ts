import type { PageWindow } from '../common/pagination';
import type { SearchDocument, SearchIndex, SearchOptions } from './search-index';
import { SEARCH_TYPES, type SearchRow, type SearchTypeName } from './search.service';

type MeiliModule = typeof import('meilisearch', { with: { 'resolution-mode': 'import' } });
type MeiliClient = InstanceType<MeiliModule['Meilisearch']>;

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

const OPEN = '\u0001';
const CLOSE = '\u0002';
const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** HTML-escapes a highlighted text, then turns the highlight markers into `<mark>` tags. */
const markup = (text: string) =>
  escapeHtml(text).replaceAll(OPEN, '<mark>').replaceAll(CLOSE, '</mark>');

const TYPE_BY_NAME = Object.fromEntries(
  Object.entries(SEARCH_TYPES).map(([key, type]) => [type, key]),
) as Record<string, SearchTypeName>;

/**
 * Meilisearch as the search engine (when `MEILI_HOST` is set). A projection of PostgreSQL with
 * deterministic document ids, fed by the outbox worker and rebuilt by `npm run reindex`.
 */
export class MeiliSearchIndex implements SearchIndex {
  readonly name = 'meilisearch';
  readonly external = true;
  private readonly client: MeiliClient;

  constructor(
    host: string,
    apiKey: string | undefined,
    readonly indexUid = 'erfaringsnet',
  ) {
    const { Meilisearch } = loadMeilisearch();
    this.client = new Meilisearch({ host, apiKey });
  }

  /** Creates the index if missing and applies the settings and synonyms. */
  async init(synonyms: Record<string, string[]>): Promise<void> {
    const exists = await this.client
      .getIndex(this.indexUid)
      .then(() => true)
      .catch(() => false);
    if (!exists) await this.client.createIndex(this.indexUid, { primaryKey: 'id' }).waitTask();
    await this.client
      .index(this.indexUid)
      .updateSettings({ ...MEILI_SETTINGS, synonyms })
      .waitTask();
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
    const result = await this.client.index<SearchDocument>(this.indexUid).search(query, {
      filter,
      limit: window.limit,
      offset: window.offset,
      showRankingScore: true,
      attributesToHighlight: ['title', 'text'],
      attributesToCrop: ['text'],
      cropLength: 30,
      highlightPreTag: OPEN,
      highlightPostTag: CLOSE,
    });
    const rows: SearchRow[] = result.hits
      .filter((hit) => TYPE_BY_NAME[hit.type])
      .map((hit) => ({
        type: hit.type as SearchRow['type'],
        id: hit.entityId,
        score: hit._rankingScore ?? 0,
        snippet: markup(`${hit._formatted?.title ?? hit.title}: ${hit._formatted?.text ?? ''}`),
      }));
    return { rows, total: result.estimatedTotalHits ?? rows.length };
  }

  async upsert(documents: SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await this.client.index(this.indexUid).addDocuments(documents, { primaryKey: 'id' }).waitTask();
  }

  async remove(documentIds: string[]): Promise<void> {
    if (documentIds.length === 0) return;
    await this.client.index(this.indexUid).deleteDocuments(documentIds).waitTask();
  }

  async rebuild(
    documents: AsyncIterable<SearchDocument[]>,
    synonyms: Record<string, string[]>,
  ): Promise<number> {
    const fresh = `${this.indexUid}_${Date.now()}`;
    await this.client.createIndex(fresh, { primaryKey: 'id' }).waitTask();
    await this.client
      .index(fresh)
      .updateSettings({ ...MEILI_SETTINGS, synonyms })
      .waitTask();
    let count = 0;
    for await (const batch of documents) {
      await this.client.index(fresh).addDocuments(batch, { primaryKey: 'id' }).waitTask();
      count += batch.length;
    }
    await this.init(synonyms);
    await this.client.swapIndexes([{ indexes: [this.indexUid, fresh], rename: false }]).waitTask();
    await this.client.deleteIndex(fresh).waitTask();
    return count;
  }
}
