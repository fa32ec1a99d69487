import { Migration } from '@mikro-orm/migrations';

/** Every table the general search reads (see `Searchable`). */
const TABLES = [
  'experience_claim',
  'group',
  'knowledge_item',
  'person',
  'procurement',
  'product',
  'requirement',
  'topic',
] as const;

/**
 * The general search ranks each type's first hits in table order, and also every hit whose
 * title (the A-weighted part of its `search_vector`) matches: a thing named by the query, stored
 * after hundreds of others that mention the word in passing, must still come first. This index
 * finds those by key instead of matching every hit's title.
 */
export class Migration20261206200000SearchTitleIndex extends Migration {
  override async up(): Promise<void> {
    for (const table of TABLES) {
      this.addSql(
        `create index "${table}_search_title" on "${table}" using gin (ts_filter("search_vector", '{a}'))`,
      );
    }
  }

  override async down(): Promise<void> {
    for (const table of TABLES) this.addSql(`drop index if exists "${table}_search_title"`);
  }
}
