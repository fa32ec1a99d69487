import { Migration } from '@mikro-orm/migrations';

/** The tables that carry a full-text `search_vector`, and the columns it is built from (A, B, C weights). */
export const SEARCHABLE: Record<string, [string, string, string]> = {
  person: [`name`, `coalesce(title, '')`, `coalesce(bio, '')`],
  experience_claim: [`''`, `coalesce(narrative, '')`, `''`],
  knowledge_item: [`title`, `body`, `''`],
  requirement: [
    `title`,
    `text || ' ' || coalesce(category, '')`,
    `coalesce(rationale, '') || ' ' || coalesce(help_text, '')`,
  ],
  procurement: [`title`, `coalesce(description, '')`, `coalesce(lessons_learned, '')`],
  group: [`name`, `coalesce(description, '')`, `''`],
  product: [`name`, `coalesce(summary_da, '')`, `coalesce(summary, '')`],
  topic: [`label_da || ' ' || label_en`, `search_join(aliases)`, `coalesce(description, '')`],
};

/**
 * Danish full-text search in PostgreSQL, maintained by PostgreSQL itself in the same transaction
 * as every change:
 * - `search_normalize` folds case and accents and spells æ/ø/å as ae/oe/aa, so both spellings
 *   meet, and splits "OS2kravmotor" into "os2 kravmotor";
 * - each searchable table gets a generated `search_vector` (danish stemming) with a GIN index;
 * - `search_lexeme` is the vocabulary of stems in use, kept by triggers, with a trigram index: it
 *   corrects typos and splits compound words ("leverandørstyring" → "leverandør" + "styring").
 */
export class Migration20261124120000Search extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists fuzzystrmatch`);
    this.addSql(`create or replace function search_normalize(input text) returns text
      language sql immutable parallel safe as $$
        select regexp_replace(
          public.unaccent('public.unaccent'::regdictionary,
            replace(replace(replace(lower(translate(coalesce(input, ''), 'ÆØÅ', 'æøå')), 'æ', 'ae'), 'ø', 'oe'), 'å', 'aa')),
          'os2(?=[a-z])', 'os2 ', 'g')
      $$`);
    this.addSql(`create or replace function search_join(items text[]) returns text
      language sql immutable parallel safe as $$ select coalesce(array_to_string(items, ' '), '') $$`);
    this.addSql(`create or replace function search_vector(a text, b text, c text) returns tsvector
      language sql immutable parallel safe as $$
        select setweight(to_tsvector('pg_catalog.danish', search_normalize(a)), 'A')
            || setweight(to_tsvector('pg_catalog.danish', search_normalize(b)), 'B')
            || setweight(to_tsvector('pg_catalog.danish', search_normalize(c)), 'C')
      $$`);
    this.addSql(`create table "search_lexeme" ("lexeme" text primary key)`);
    this.addSql(
      `create index "search_lexeme_trgm" on "search_lexeme" using gin ("lexeme" gin_trgm_ops)`,
    );
    this.addSql(`create or replace function search_lexeme_collect() returns trigger
      language plpgsql as $$
      begin
        insert into search_lexeme (lexeme)
          select distinct lexeme from unnest(tsvector_to_array(new.search_vector)) as lexeme
          where length(lexeme) between 3 and 60
        on conflict do nothing;
        return null;
      end $$`);
    for (const [table, [a, b, c]] of Object.entries(SEARCHABLE)) {
      this.addSql(`alter table "${table}" add column "search_vector" tsvector
        generated always as (search_vector(${a}, ${b}, ${c})) stored`);
      this.addSql(
        `create index "${table}_search_vector" on "${table}" using gin ("search_vector")`,
      );
      this
        .addSql(`create trigger "${table}_search_lexemes" after insert or update of "search_vector" on "${table}"
        for each row execute function search_lexeme_collect()`);
      this.addSql(`insert into search_lexeme (lexeme)
        select distinct lexeme from "${table}", unnest(tsvector_to_array(search_vector)) as lexeme
        where length(lexeme) between 3 and 60 on conflict do nothing`);
    }
  }
}
