import { Migration } from '@mikro-orm/migrations';

/**
 * Every table a mutation can change: the entities' tables and their link tables. The search
 * vocabulary and outbox and the expert index are not audited: they are derived from these.
 * A new table gets {@link auditTriggerSql} in its own migration (a test finds tables without it).
 */
export const AUDITED_TABLES = [
  'kommune',
  'organization',
  'person',
  'affiliation',
  'group',
  'group_topics',
  'membership',
  'product',
  'product_topics',
  'product_suppliers',
  'product_adoption',
  'topic',
  'experience_claim',
  'claim_endorsement',
  'procurement',
  'procurement_kommuner',
  'procurement_suppliers',
  'procurement_products',
  'procurement_topics',
  'procurement_participant',
  'requirement',
  'requirement_authors',
  'requirement_topics',
  'requirement_usage',
  'knowledge_item',
  'knowledge_item_authors',
  'knowledge_item_topics',
  'handover',
  'departure',
];

/**
 * The trigger that records a table's row changes as `audit_change` rows of the running
 * mutation's `audit_event`. Outside a mutation (seeds, bulk loads, migrations) the setting is
 * empty and the `when` clause skips the function altogether.
 */
export function auditTriggerSql(table: string): string {
  return `create trigger "${table}_audit" after insert or update or delete on "${table}"
    for each row when (coalesce(current_setting('erfaringsnet.audit_event', true), '') <> '')
    execute function audit_row()`;
}

const UUID_PATTERN = `'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;

/**
 * The audit: who changed what, when, and how.
 * - `audit_event`: one row per mutation (its name, the caller, its arguments), written by the
 *   server at the start of the mutation's transaction, which then puts the event's id in the
 *   transaction-local setting `erfaringsnet.audit_event`;
 * - `audit_change`: one row per row the mutation inserted, updated or deleted, written by the
 *   `audit_row()` trigger on every audited table, so that nothing escapes the audit, raw SQL and
 *   cascades included. An update keeps only the columns that changed (an update that changes
 *   nothing but `updated_at` is no change); `refs` holds every uuid of the row, old and new, so a
 *   change to a membership is found in the history of the person and of the group.
 * - `audit_scrub_person(person, replacement)` replaces a person's personal data in the audit, for
 *   erasure (GDPR).
 */
export class Migration20261125100000Audit extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "audit_event" ("id" uuid not null default gen_random_uuid(), "occurred_at" timestamptz not null default now(), "action" text not null, "actor_subject" text not null, "actor_role" text not null, "actor_person_id" uuid null, "arguments" jsonb null, constraint "audit_event_pkey" primary key ("id"))`,
    );
    this.addSql(`create index "audit_event_occurred_at_index" on "audit_event" ("occurred_at")`);
    this.addSql(
      `create index "audit_event_actor_person_id_index" on "audit_event" ("actor_person_id")`,
    );
    this.addSql(
      `create table "audit_change" ("id" bigserial primary key, "event_id" uuid not null, "table_name" text not null, "operation" text check ("operation" in ('INSERT', 'UPDATE', 'DELETE')) not null, "row_id" uuid null, "refs" uuid[] not null, "before" jsonb null, "after" jsonb null)`,
    );
    this.addSql(`create index "audit_change_event_id_index" on "audit_change" ("event_id")`);
    this.addSql(`create index "audit_change_refs_index" on "audit_change" using gin ("refs")`);
    this.addSql(
      `alter table "audit_change" add constraint "audit_change_event_id_foreign" foreign key ("event_id") references "audit_event" ("id") on update cascade on delete cascade`,
    );

    this.addSql(`create or replace function audit_row() returns trigger
      language plpgsql as $$
      declare
        old_row jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) - 'search_vector' end;
        new_row jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) - 'search_vector' end;
        before_row jsonb := old_row;
        after_row jsonb := new_row;
      begin
        if tg_op = 'UPDATE' then
          select jsonb_object_agg(o.key, o.value), jsonb_object_agg(n.key, n.value)
            into before_row, after_row
          from jsonb_each(old_row) o join jsonb_each(new_row) n on n.key = o.key
          where n.value is distinct from o.value and n.key <> 'updated_at';
          if before_row is null then return null; end if;
        end if;
        insert into audit_change (event_id, table_name, operation, row_id, refs, before, after)
        select current_setting('erfaringsnet.audit_event')::uuid, tg_table_name, tg_op,
          case when r.id ~ ${UUID_PATTERN} then r.id::uuid end,
          array(
            select v.value::uuid
            from (select value from jsonb_each_text(old_row)
                  union select value from jsonb_each_text(new_row)) v
            where v.value ~ ${UUID_PATTERN}
          ),
          before_row, after_row
        from (select coalesce(new_row, old_row) ->> 'id' as id) r;
        return null;
      end $$`);
    for (const table of AUDITED_TABLES) this.addSql(auditTriggerSql(table));

    // Erasure: the values a person's replaced columns ever had, wherever the audit holds them.
    this
      .addSql(`create or replace function audit_redact(doc jsonb, replacements jsonb) returns jsonb
      language plpgsql immutable as $$
      begin
        return case jsonb_typeof(doc)
          when 'object' then (select coalesce(jsonb_object_agg(key, audit_redact(value, replacements)), '{}')
                              from jsonb_each(doc))
          when 'array' then (select coalesce(jsonb_agg(audit_redact(value, replacements) order by position), '[]')
                             from jsonb_array_elements(doc) with ordinality as e(value, position))
          when 'string' then coalesce(replacements -> (doc #>> '{}'), doc)
          else doc
        end;
      end $$`);
    this
      .addSql(`create or replace function audit_scrub_person(person uuid, replacement jsonb) returns void
      language plpgsql as $$
      declare
        -- Each value the replaced columns ever had for this person, mapped to its replacement.
        personal jsonb;
      begin
        select coalesce(jsonb_object_agg(v.value, replacement -> v.key), '{}') into personal
        from audit_change c
        cross join lateral (select key, value from jsonb_each_text(c.before)
                            union select key, value from jsonb_each_text(c.after)) v
        where c.table_name = 'person' and c.row_id = person and replacement ? v.key
          and v.value is not null and v.value is distinct from replacement ->> v.key;
        update audit_change c
        set before = c.before || (select coalesce(jsonb_object_agg(key, value), '{}')
                                  from jsonb_each(replacement) where c.before ? key),
            after = c.after || (select coalesce(jsonb_object_agg(key, value), '{}')
                                from jsonb_each(replacement) where c.after ? key)
        where c.table_name = 'person' and c.row_id = person;
        if personal = '{}' then return; end if;
        update audit_change c
        set before = audit_redact(c.before, personal), after = audit_redact(c.after, personal)
        where c.refs @> array[person];
        update audit_event e set arguments = audit_redact(e.arguments, personal)
        where e.arguments is not null
          and e.id in (select event_id from audit_change where refs @> array[person]);
      end $$`);
  }
}
