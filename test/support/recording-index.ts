import type { PageWindow } from '../../src/common/pagination';
import type { SearchDocument, SearchIndex } from '../../src/search/search-index';

/**
 * An engine that keeps documents in memory and can be made to fail or wait, to test the outbox
 * against: `beforeUpsert` runs before a batch is stored, `beforeSwap` after a rebuild has read
 * every document and before they replace the old ones (as Meilisearch's index swap does).
 */
export class RecordingIndex implements SearchIndex {
  readonly name = 'recording';
  readonly external = true;
  documents = new Map<string, SearchDocument>();
  readonly received: string[] = [];
  readonly synonyms: Record<string, string[]>[] = [];
  failuresLeft = 0;
  beforeUpsert?: (documents: SearchDocument[]) => Promise<void>;
  beforeSwap?: () => Promise<void>;

  async search(_query: string, _types: undefined, _window: PageWindow) {
    return { rows: [], total: 0, totalIsLowerBound: false, hasMore: false };
  }

  async prepare(synonyms: Record<string, string[]>) {
    this.synonyms.push(synonyms);
  }

  async upsert(documents: SearchDocument[]) {
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('engine unavailable');
    }
    await this.beforeUpsert?.(documents);
    for (const document of documents) {
      this.documents.set(document.id, document);
      this.received.push(document.id);
    }
  }

  async remove(ids: string[]) {
    for (const id of ids) this.documents.delete(id);
  }

  async rebuild(batches: AsyncIterable<SearchDocument[]>) {
    const fresh = new Map<string, SearchDocument>();
    for await (const batch of batches)
      for (const document of batch) fresh.set(document.id, document);
    await this.beforeSwap?.();
    this.documents = fresh;
    return fresh.size;
  }
}
