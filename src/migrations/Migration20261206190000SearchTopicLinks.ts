import { Migration } from '@mikro-orm/migrations';

/** The tables linking searchable things to topics (keyed by thing, then topic). */
const LINKS = [
  ['group_topics', 'group_id'],
  ['product_topics', 'product_id'],
  ['procurement_topics', 'procurement_id'],
  ['requirement_topics', 'requirement_id'],
  ['knowledge_item_topics', 'knowledge_item_id'],
] as const;

/**
 * The general search reads the things linked to the topics a query names by topic: keyed by
 * thing only, each link table was read whole for it (100,000 rows of knowledge item links, 17 ms
 * of a search in the benchmark network). An index by topic, then thing, gives them in order.
 */
export class Migration20261206190000SearchTopicLinks extends Migration {
  override async up(): Promise<void> {
    for (const [table, owner] of LINKS) {
      this.addSql(`create index "${table}_topic_id_index" on "${table}" ("topic_id", "${owner}")`);
    }
  }

  override async down(): Promise<void> {
    for (const [table] of LINKS) this.addSql(`drop index if exists "${table}_topic_id_index"`);
  }
}
