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
 * The order in which things were linked to a topic, kept by PostgreSQL (`link_order`, an identity
 * column) and indexed with the topic, so that the general search reads a named topic's first
 * links in that order from the index. It read them by their place in the table (`ctid`), which
 * meant reading every link of the topic from the table, then grouping and sorting them all (a
 * fifth of a search that names a topic), and which a rewrite of the table (`vacuum full`,
 * `cluster`) may change. Existing links are numbered in the order the table holds them, the
 * order the search used until now. The column is derived, like the search vector: it stays out
 * of the audit's before and after.
 */
export class Migration20261207030000TopicLinkOrder extends Migration {
  override async up(): Promise<void> {
    for (const [table, owner] of LINKS) {
      this.addSql(
        `alter table "${table}" add column "link_order" bigint generated always as identity`,
      );
      this.addSql(
        `create index "${table}_link_order_index" on "${table}" ("topic_id", "link_order") include ("${owner}")`,
      );
    }
    this.addSql(`do $$ begin
      execute replace(pg_get_functiondef('audit_row()'::regprocedure),
        '- ''search_vector''', '- ''search_vector'' - ''link_order''');
    end $$`);
  }

  override async down(): Promise<void> {
    this.addSql(`do $$ begin
      execute replace(pg_get_functiondef('audit_row()'::regprocedure),
        ' - ''link_order''', '');
    end $$`);
    for (const [table] of LINKS) {
      this.addSql(`alter table "${table}" drop column "link_order"`);
    }
  }
}
