import { Migration } from '@mikro-orm/migrations';
import { EVIDENCE_COLUMNS as COLUMNS, EVIDENCE_SOURCE } from '../modules/experts/evidence';

/** The product's search text after this migration: its English name and aliases join the name. */
const PRODUCT_SEARCH = [
  `name || ' ' || coalesce(name_en, '') || ' ' || search_join(aliases)`,
  `coalesce(summary_da, '')`,
  `coalesce(summary, '')`,
];

/**
 * Products get English names and aliases as topics have them ("role catalogue", "SOFD"), which the
 * product's search text and the expert search's query analysis use; the expert index learns which
 * products each piece of evidence is about (`product_ids`, and `product:<id>` terms in
 * `expert_term`), so a product named in a query is recognised like a topic.
 */
export class Migration20261206043000ProductNames extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "product" add column "name_en" text null, add column "aliases" text[] not null default '{}'`,
    );
    // The evidence view reads the product's search vector: it is rebuilt below.
    this.addSql(`drop view "expert_evidence_source"`);
    this.rebuildSearchVector(PRODUCT_SEARCH);
    this.addSql(
      `alter table "expert_evidence" add column "product_ids" uuid[] not null default '{}'`,
    );
    this.addSql(EVIDENCE_SOURCE);
    this.addSql(`create or replace view "expert_term_source" as
      select person_id, term, sum(expert_evidence_weight(kind, role, outcome, n, valid_from)
          * expert_evidence_recency(kind, recency_from))::real as impact
      from (
        select e.*, unnest(tsvector_to_array(e.search_vector)
          || array(select 'topic:' || t from unnest(e.topic_ids) t)
          || array(select 'product:' || p from unnest(e.product_ids) p)) as term
        from expert_evidence e
      ) e
      group by person_id, term`);
    this
      .addSql(`create or replace function expert_evidence_refresh(refresh_kind text, ids uuid[]) returns void
      language plpgsql as $$
      declare
        persons uuid[];
      begin
        if ids is null or cardinality(ids) = 0 then return; end if;
        with gone as (
          delete from expert_evidence where kind = refresh_kind and subject_id = any(ids) returning person_id
        ), added as (
          insert into expert_evidence (${COLUMNS})
          select ${COLUMNS} from expert_evidence_source s where s.kind = refresh_kind and s.subject_id = any(ids)
          returning person_id
        )
        select array_agg(distinct person_id) into persons
        from (select person_id from gone union select person_id from added) p;
        if persons is not null then perform expert_term_refresh(persons); end if;
      end $$`);
    this.addSql(`create or replace function expert_evidence_rebuild() returns void
      language plpgsql as $$
      begin
        delete from expert_evidence;
        insert into expert_evidence (${COLUMNS})
        -- In person order: ranking reads a person's evidence together.
        select ${COLUMNS} from expert_evidence_source order by person_id;
        perform expert_term_rebuild();
      end $$`);
    // A claim's product and a procurement's products are now part of their evidence.
    for (const [table, kind, subjects] of [
      ['procurement_products', 'PROCUREMENT', 'select procurement_id from $rows'],
    ]) {
      const args = `'${kind}', '${subjects.replace(/'/g, "''")}'`;
      this.addSql(`create trigger "${table}_expert_evidence_insert" after insert on "${table}"
        referencing new table as changed_new for each statement execute function expert_evidence_track(${args})`);
      this.addSql(`create trigger "${table}_expert_evidence_update" after update on "${table}"
        referencing old table as changed_old new table as changed_new for each statement execute function expert_evidence_track(${args})`);
      this.addSql(`create trigger "${table}_expert_evidence_delete" after delete on "${table}"
        referencing old table as changed_old for each statement execute function expert_evidence_track(${args})`);
    }
    this.addSql(`select expert_evidence_rebuild()`);
  }

  /** Rebuilds the product's generated `search_vector`, with its index and vocabulary trigger. */
  private rebuildSearchVector(search: string[]) {
    this.addSql(`drop trigger if exists "product_search_lexemes" on "product"`);
    this.addSql(`alter table "product" drop column "search_vector"`);
    this.addSql(`alter table "product" add column "search_vector" tsvector
      generated always as (search_vector(${search.join(', ')})) stored`);
    this.addSql(`create index "product_search_vector" on "product" using gin ("search_vector")`);
    this
      .addSql(`create trigger "product_search_lexemes" after insert or update of "search_vector" on "product"
      for each row execute function search_lexeme_collect()`);
    this.addSql(`insert into search_lexeme (lexeme)
      select distinct lexeme from "product", unnest(tsvector_to_array(search_vector)) as lexeme
      where length(lexeme) between 3 and 60 on conflict do nothing`);
  }
}
