import { Migration } from '@mikro-orm/migrations';

/** The product's search text after this migration: its English name and aliases join the name. */
const PRODUCT_SEARCH = [
  `name || ' ' || coalesce(name_en, '') || ' ' || search_join(aliases)`,
  `coalesce(summary_da, '')`,
  `coalesce(summary, '')`,
];

/** The names a product goes by, as one searchable text. */
const PRODUCT_NAMES = `p.name || ' ' || coalesce(p.name_en, '') || ' ' || search_join(p.aliases)`;

/**
 * Every piece of evidence, as in the ExpertEvidence migration, with two changes: each item carries
 * the products it is about (`product_ids`: a claim's or note's product, the product of a seat's
 * group, a procurement's products), and a seat's text holds its product's names, no longer the
 * product's summary (which names other products: OS2mo's summary mentions OS2rollekatalog, and made
 * every seat in an OS2mo group a hit for "rollekatalog").
 */
const EVIDENCE_SOURCE = `create view "expert_evidence_source" as
      select c.person_id, 'CLAIM'::text as kind, 'ExperienceClaim'::text as subject_type, c.id as subject_id,
        t.label_da as subject_name, c.level as role, null::text as outcome,
        e.n, c.valid_from, c.valid_to, c.valid_to as recency_from, e.n::text as detail,
        array[c.topic_id] as topic_ids, c.search_vector || t.search_vector as search_vector,
        array_remove(array[c.product_id], null) as product_ids
      from experience_claim c join topic t on t.id = c.topic_id
      cross join lateral (select count(*)::int as n from claim_endorsement e where e.claim_id = c.id) e
      where c.withdrawn_at is null
      union all
      select m.person_id, 'MEMBERSHIP', 'Group', g.id, g.name, m.role, null, 0,
        m.valid_from, m.valid_to, m.valid_to, p.name,
        array(select x.topic_id from group_topics x where x.group_id = g.id
              union select y.topic_id from product_topics y where y.product_id = g.product_id),
        g.search_vector || coalesce(setweight(to_tsvector('pg_catalog.danish', search_normalize(${PRODUCT_NAMES})), 'B'), ''::tsvector),
        array_remove(array[g.product_id], null)
      from membership m join "group" g on g.id = m.group_id left join product p on p.id = g.product_id
      union all
      select pp.person_id, 'PROCUREMENT', 'Procurement', pr.id, pr.title, pp.role, pr.status, 0,
        make_date(coalesce(pr.year, 2000), 1, 1), null, make_date(pr.year, 12, 31), pr.year::text,
        array(select x.topic_id from procurement_topics x where x.procurement_id = pr.id),
        pr.search_vector,
        array(select x.product_id from procurement_products x where x.procurement_id = pr.id)
      from procurement_participant pp join procurement pr on pr.id = pp.procurement_id
      union all
      select ra.person_id, 'REQUIREMENT', 'Requirement', r.id, r.title, r.importance, null, u.n,
        null, null, null, u.n::text,
        array(select x.topic_id from requirement_topics x where x.requirement_id = r.id),
        r.search_vector, '{}'::uuid[]
      from requirement_authors ra join requirement r on r.id = ra.requirement_id
      cross join lateral (select count(*)::int as n from requirement_usage u where u.requirement_id = r.id) u
      union all
      select ka.person_id, 'KNOWLEDGE', 'KnowledgeItem', k.id, k.title, k.kind, null, 0,
        k.occurred_on, null, coalesce(k.occurred_on, k.created_at::date), null,
        array(select x.topic_id from knowledge_item_topics x where x.knowledge_item_id = k.id),
        k.search_vector, array_remove(array[k.product_id], null)
      from knowledge_item_authors ka join knowledge_item k on k.id = ka.knowledge_item_id`;

const COLUMNS = `person_id, kind, subject_type, subject_id, subject_name, role, outcome, n,
  valid_from, valid_to, recency_from, detail, topic_ids, search_vector, product_ids`;

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
