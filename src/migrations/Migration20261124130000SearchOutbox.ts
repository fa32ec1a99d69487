import { Migration } from '@mikro-orm/migrations';

/** Tables whose rows become search documents, and the pivots that change a document's topics. */
const SOURCES: [table: string, type: string, idColumn: string][] = [
  ['person', 'Person', 'id'],
  ['group', 'Group', 'id'],
  ['product', 'Product', 'id'],
  ['procurement', 'Procurement', 'id'],
  ['requirement', 'Requirement', 'id'],
  ['knowledge_item', 'KnowledgeItem', 'id'],
  ['topic', 'Topic', 'id'],
  ['group_topics', 'Group', 'group_id'],
  ['product_topics', 'Product', 'product_id'],
  ['procurement_topics', 'Procurement', 'procurement_id'],
  ['requirement_topics', 'Requirement', 'requirement_id'],
  ['knowledge_item_topics', 'KnowledgeItem', 'knowledge_item_id'],
];

/**
 * The transactional outbox that feeds an external search engine (Meilisearch): a trigger on every
 * source table records "this document changed" in the same transaction as the change, so an
 * engine outage delays an update but never loses one. It only records while enabled (the server
 * enables it when an external engine is configured).
 */
export class Migration20261124130000SearchOutbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "search_outbox" (
      "id" bigserial primary key,
      "entity_type" text not null,
      "entity_id" uuid not null,
      "created_at" timestamptz not null default now(),
      "attempts" int not null default 0,
      "next_attempt_at" timestamptz not null default now(),
      "last_error" text null
    )`);
    this.addSql(`create index "search_outbox_due" on "search_outbox" ("next_attempt_at", "id")`);
    this.addSql(`create table "search_outbox_config" (
      "singleton" boolean primary key default true check ("singleton"),
      "enabled" boolean not null default false
    )`);
    this.addSql(`insert into "search_outbox_config" ("singleton", "enabled") values (true, false)`);
    this.addSql(`create or replace function search_outbox_enqueue() returns trigger
      language plpgsql as $$
      declare
        row_data jsonb := to_jsonb(coalesce(new, old));
      begin
        if exists (select 1 from search_outbox_config where enabled) then
          insert into search_outbox (entity_type, entity_id) values (tg_argv[0], (row_data ->> tg_argv[1])::uuid);
        end if;
        return null;
      end $$`);
    for (const [table, type, idColumn] of SOURCES) {
      this
        .addSql(`create trigger "${table}_search_outbox" after insert or update or delete on "${table}"
        for each row execute function search_outbox_enqueue('${type}', '${idColumn}')`);
    }
  }
}
