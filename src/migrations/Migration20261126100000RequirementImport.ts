import { Migration } from '@mikro-orm/migrations';

/** The requirement's search text after this migration: subcategory and tags join the B weight. */
const REQUIREMENT_SEARCH = [
  `title`,
  `text || ' ' || coalesce(category, '') || ' ' || coalesce(subcategory, '') || ' ' || search_join(tags)`,
  `coalesce(rationale, '') || ' ' || coalesce(help_text, '')`,
];

/** The requirement's search text before this migration (see the Search migration). */
const PREVIOUS_SEARCH = [
  `title`,
  `text || ' ' || coalesce(category, '')`,
  `coalesce(rationale, '') || ' ' || coalesce(help_text, '')`,
];

/**
 * What an OS2kravmotor export holds about a requirement and the network did not: subcategory,
 * tags, architecture principles, whether it applies to SaaS and on-premise solutions, and its
 * type there (`origin`). Subcategory and tags become searchable: the generated `search_vector`
 * is rebuilt with them (PostgreSQL before 17 cannot change a generated column's expression, so
 * the column is dropped and added again, with its index, its vocabulary trigger and the expert
 * index's view over it). Also an index on `lower(email)`, which imports match people by.
 */
export class Migration20261126100000RequirementImport extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "requirement" add column "subcategory" text null, add column "tags" text[] not null default '{}', add column "architecture_principles" text[] not null default '{}', add column "relevant_for_saas" boolean null, add column "relevant_for_on_premise" boolean null, add column "origin" text check ("origin" in ('GLOBAL', 'COMMUNITY', 'LOCAL')) null`,
    );
    this.rebuildSearchVector(REQUIREMENT_SEARCH);
    this.addSql(`create index "person_email_lower" on "person" (lower("email"))`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "person_email_lower"`);
    this.rebuildSearchVector(PREVIOUS_SEARCH);
    this.addSql(
      `alter table "requirement" drop column "subcategory", drop column "tags", drop column "architecture_principles", drop column "relevant_for_saas", drop column "relevant_for_on_premise", drop column "origin"`,
    );
  }

  /**
   * Rebuilds the requirement's generated `search_vector` from `search` (A, B, C weights), with its
   * index, its vocabulary trigger and the expert index's view over it.
   */
  private rebuildSearchVector(search: string[]) {
    this.addSql(`do $$
      declare
        view_sql text := pg_get_viewdef('expert_evidence_source'::regclass);
      begin
        drop view "expert_evidence_source";
        drop trigger if exists "requirement_search_lexemes" on "requirement";
        alter table "requirement" drop column "search_vector";
        alter table "requirement" add column "search_vector" tsvector
          generated always as (search_vector(${search.join(', ')})) stored;
        execute 'create view "expert_evidence_source" as ' || view_sql;
      end $$`);
    this.addSql(
      `create index "requirement_search_vector" on "requirement" using gin ("search_vector")`,
    );
    this
      .addSql(`create trigger "requirement_search_lexemes" after insert or update of "search_vector" on "requirement"
        for each row execute function search_lexeme_collect()`);
    this.addSql(`insert into search_lexeme (lexeme)
      select distinct lexeme from "requirement", unnest(tsvector_to_array(search_vector)) as lexeme
      where length(lexeme) between 3 and 60 on conflict do nothing`);
  }
}
