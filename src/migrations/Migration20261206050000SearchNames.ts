import { Migration } from '@mikro-orm/migrations';

/**
 * The names of topics and products as one `tsquery` each (`name_query`: an OR of phrases, one per
 * label, alias or name that holds a word other than a stop word), kept by PostgreSQL as a generated
 * column. Query analysis recognises a topic or product named inside a query by matching these
 * against the query, instead of building the phrases of every name for every query. Like the
 * search vector, the derived column stays out of the audit's before and after.
 */
export class Migration20261206050000SearchNames extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function search_names(names text[]) returns tsquery
      language sql immutable parallel safe as $$
        select nullif(string_agg(p.phrase::text, ' | '), '')::tsquery
        from unnest(names) as n (name)
        cross join lateral (select phraseto_tsquery('pg_catalog.danish', search_normalize(n.name)) as phrase) p
        where n.name is not null and p.phrase::text <> ''
          and exists (select 1 from unnest(tsvector_to_array(to_tsvector('pg_catalog.danish', search_normalize(n.name)))) as l
            where ts_lexize('pg_catalog.english_stem', l) <> '{}' and l <> 'os2')
      $$`);
    // A product's slug, and the slug without its "OS2" ("os2sofd" → "sofd") when four letters are left.
    this.addSql(`create or replace function search_slug_names(slug text) returns text[]
      language sql immutable parallel safe as $$
        select array[slug] || case when slug ~ '^os2-?[a-z0-9]{4,}' then array[regexp_replace(slug, '^os2-?', '')]
          else '{}'::text[] end
      $$`);
    this.addSql(`alter table "topic" add column "name_query" tsquery
      generated always as (search_names(array[label_da, label_en] || aliases)) stored`);
    this.addSql(`alter table "product" add column "name_query" tsquery
      generated always as (search_names(array[name, name_en] || search_slug_names(slug) || aliases)) stored`);
    this.addSql(`do $$ begin
      execute replace(pg_get_functiondef('audit_row()'::regprocedure),
        '- ''search_vector''', '- ''search_vector'' - ''name_query''');
    end $$`);
  }
}
