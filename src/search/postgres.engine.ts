import type { EntityManager } from '@mikro-orm/postgresql';
import type { PageWindow } from '../common/pagination';
import type { SearchDocument, SearchIndex, SearchOptions } from './search-index';
import { searchPostgres, type SearchTypeName } from './search.service';

/**
 * The built-in engine: PostgreSQL full text. Documents need not be sent: generated columns keep
 * the index in the same transaction as every change, so upsert and remove do nothing, and a
 * rebuild only refreshes the vocabulary used for typo correction and compound splitting.
 */
export class PostgresSearchIndex implements SearchIndex {
  readonly name = 'postgresql';
  readonly external = false;

  constructor(private readonly em: EntityManager) {}

  /** The same engine over another EntityManager (the request's own). */
  withEntityManager(em: EntityManager): PostgresSearchIndex {
    return new PostgresSearchIndex(em);
  }

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
    await this.em.getConnection().execute(`delete from search_lexeme where not exists (
        select 1 from (
          select unnest(tsvector_to_array(search_vector)) as lexeme from person
          union all select unnest(tsvector_to_array(search_vector)) from experience_claim
          union all select unnest(tsvector_to_array(search_vector)) from knowledge_item
          union all select unnest(tsvector_to_array(search_vector)) from requirement
          union all select unnest(tsvector_to_array(search_vector)) from procurement
          union all select unnest(tsvector_to_array(search_vector)) from "group"
          union all select unnest(tsvector_to_array(search_vector)) from product
          union all select unnest(tsvector_to_array(search_vector)) from topic
        ) used where used.lexeme = search_lexeme.lexeme)`);
    return count;
  }
}
