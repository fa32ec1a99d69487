import type { EntityManager } from '@mikro-orm/postgresql';
import type { PageWindow } from '../common/pagination';
import type { SearchDocument, SearchIndex, SearchOptions, SearchTypeName } from './search-index';
import { searchPostgres } from './search.service';
import { searchVectorTables } from './searchable';

/**
 * The built-in engine: PostgreSQL full text. Documents need not be sent: generated columns keep
 * the index in the same transaction as every change, so upsert and remove do nothing, and a
 * rebuild only refreshes the vocabulary used for typo correction and compound splitting.
 */
export class PostgresSearchIndex implements SearchIndex {
  readonly name = 'postgresql';
  readonly external = false;

  constructor(private readonly em: EntityManager) {}

  search(
    query: string,
    types: SearchTypeName[] | undefined,
    window: PageWindow,
    options: SearchOptions = {},
  ) {
    return searchPostgres(this.em, query, types, window, options);
  }

  async upsert(_documents: SearchDocument[]): Promise<void> {}

  async remove(_documentIds: string[]): Promise<void> {}

  async rebuild(documents: AsyncIterable<SearchDocument[]>): Promise<number> {
    let count = 0;
    for await (const batch of documents) count += batch.length;
    const used = searchVectorTables()
      .map((table) => `select unnest(tsvector_to_array(search_vector)) as lexeme from "${table}"`)
      .join('\n          union all ');
    await this.em.getConnection().execute(`delete from search_lexeme where not exists (
        select 1 from (
          ${used}
        ) used where used.lexeme = search_lexeme.lexeme)`);
    return count;
  }
}
