import { Migration } from '@mikro-orm/migrations';

/**
 * Complete erasure (issue 15, items 9 and 10):
 * - `erased_person_key`: the tombstones of erased people, one keyed hash (HMAC-SHA-256 with the
 *   server's erasure key) per external id or e-mail address they had, so that an import never
 *   creates them again. It holds no personal data, no date and no reference to the pseudonymised
 *   person row, and it is not audited: an audit row would tie a hash to the erasure event, and so
 *   to that row.
 * - `audit_scrub_person(person, replacements)` now takes the replacement columns per table
 *   (`{"person": {...}, "affiliation": {"title": null}}`): the person's own rows and the rows of
 *   other tables that refer to them (their employments' titles), and the items of list values
 *   (languages), wherever the audit holds them for a change that refers to the person.
 */
export class Migration20261206120000ErasureTombstone extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "erased_person_key" ("digest" bytea not null, constraint "erased_person_key_pkey" primary key ("digest"))`,
    );
    this.addSql(`drop function if exists audit_scrub_person(uuid, jsonb)`);
    this.addSql(`create function audit_scrub_person(person uuid, replacements jsonb) returns void
      language plpgsql as $$
      declare
        -- Each value the replaced columns ever had, mapped to its replacement; list items to null.
        personal jsonb;
      begin
        with changed as (
          select c.before, c.after, replacements -> c.table_name as columns
          from audit_change c
          where c.refs @> array[person] and replacements ? c.table_name
            and (c.table_name <> 'person' or c.row_id = person)
        ), old as (
          select v.key, v.value, ch.columns
          from changed ch
          cross join lateral (select key, value from jsonb_each(coalesce(ch.before, '{}'))
                              union all select key, value from jsonb_each(coalesce(ch.after, '{}'))) v
          where ch.columns ? v.key
        )
        select coalesce(jsonb_object_agg(t.text, t.replacement), '{}') into personal
        from (
          select o.value #>> '{}' as text, o.columns -> o.key as replacement
          from old o where jsonb_typeof(o.value) = 'string'
          union all
          select e #>> '{}', 'null'::jsonb
          from old o cross join lateral jsonb_array_elements(o.value) e
          where jsonb_typeof(o.value) = 'array' and jsonb_typeof(e) = 'string'
        ) t
        where t.text is not null and t.replacement is distinct from to_jsonb(t.text);
        update audit_change c
        set before = c.before || (select coalesce(jsonb_object_agg(key, value), '{}')
                                  from jsonb_each(replacements -> c.table_name) where c.before ? key),
            after = c.after || (select coalesce(jsonb_object_agg(key, value), '{}')
                                from jsonb_each(replacements -> c.table_name) where c.after ? key)
        where c.refs @> array[person] and replacements ? c.table_name
          and (c.table_name <> 'person' or c.row_id = person);
        if personal = '{}' then return; end if;
        update audit_change c
        set before = audit_redact(c.before, personal), after = audit_redact(c.after, personal)
        where c.refs @> array[person];
        update audit_event e set arguments = audit_redact(e.arguments, personal)
        where e.arguments is not null
          and e.id in (select event_id from audit_change where refs @> array[person]);
      end $$`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "erased_person_key"`);
  }
}
