import type { PageWindow } from '../../src/common/pagination';
import type { SearchDocument, SearchIndex } from '../../src/search/search-index';

/** An engine that keeps documents in memory and can be made to fail, to test the outbox against. */
export class RecordingIndex implements SearchIndex {
  readonly name = 'recording';
  readonly external = true;
  readonly documents = new Map<string, SearchDocument>();
  readonly received: string[] = [];
  failuresLeft = 0;

  async search(_query: string, _types: undefined, _window: PageWindow) {
    return { rows: [], total: 0 };
  }

  async upsert(documents: SearchDocument[]) {
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('engine unavailable');
    }
    for (const document of documents) {
      this.documents.set(document.id, document);
      this.received.push(document.id);
    }
  }

  async remove(ids: string[]) {
    for (const id of ids) this.documents.delete(id);
  }

  async rebuild() {
    return 0;
  }
}
