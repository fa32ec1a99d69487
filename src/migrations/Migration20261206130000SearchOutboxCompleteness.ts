import { Migration } from '@mikro-orm/migrations';

/** The tables linking things to topics, with the type of the thing and its column. */
const TOPIC_CARRIERS: [table: string, type: string, idColumn: string][] = [
  ['group_topics', 'Group', 'group_id'],
  ['product_topics', 'Product', 'product_id'],
  ['procurement_topics', 'Procurement', 'procurement_id'],
  ['requirement_topics', 'Requirement', 'requirement_id'],
  ['knowledge_item_topics', 'KnowledgeItem', 'knowledge_item_id'],
  ['experience_claim', 'Person', 'person_id'],
];

/**
 * Makes the search outbox complete and precise:
 * - a person's document carries the topics of their experience claims, so a claim added,
 *   changed or withdrawn records the person;
 * - things carry their topics' labels and aliases, so renaming a topic records every thing
 *   linked to it;
 * - a row moved from one thing to another (an update of the linking column) records both;
 * - each row remembers the transaction that wrote it (`txid`), so a rebuild clears exactly the
 *   rows whose change it saw, not those of a transaction that committed after it began;
 * - an index by entity, for the search's check of which hits have changes not yet sent.
 */
export class Migration20261206130000SearchOutboxCompleteness extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "search_outbox" add column "txid" xid8 not null default pg_current_xact_id()`,
    );
    this.addSql(
      `create index "search_outbox_entity" on "search_outbox" ("entity_id", "entity_type")`,
    );
    this.addSql(`create or replace function search_outbox_enqueue() returns trigger
      language plpgsql as $$
      declare
        new_id uuid;
        old_id uuid;
      begin
        if exists (select 1 from search_outbox_config where enabled) then
          if tg_op <> 'DELETE' then
            new_id := (to_jsonb(new) ->> tg_argv[1])::uuid;
            insert into search_outbox (entity_type, entity_id) values (tg_argv[0], new_id);
          end if;
          if tg_op <> 'INSERT' then
            old_id := (to_jsonb(old) ->> tg_argv[1])::uuid;
            if old_id is distinct from new_id then
              insert into search_outbox (entity_type, entity_id) values (tg_argv[0], old_id);
            end if;
          end if;
        end if;
        return null;
      end $$`);
    this.addSql(`create trigger "experience_claim_search_outbox"
      after insert or update or delete on "experience_claim"
      for each row execute function search_outbox_enqueue('Person', 'person_id')`);
    const carriers = TOPIC_CARRIERS.map(
      ([table, type, idColumn]) =>
        `select '${type}', ${idColumn} from "${table}" where topic_id = new.id`,
    ).join('\n          union ');
    this.addSql(`create or replace function search_outbox_enqueue_topic_carriers() returns trigger
      language plpgsql as $$
      begin
        if exists (select 1 from search_outbox_config where enabled) then
          insert into search_outbox (entity_type, entity_id)
          ${carriers};
        end if;
        return null;
      end $$`);
    this.addSql(`create trigger "topic_search_outbox_carriers"
      after update of label_da, label_en, aliases on "topic"
      for each row when (old.label_da is distinct from new.label_da
        or old.label_en is distinct from new.label_en or old.aliases is distinct from new.aliases)
      execute function search_outbox_enqueue_topic_carriers()`);
  }
}
