import { Migration } from '@mikro-orm/migrations';

/**
 * Where each kind of evidence comes from, and which changes touch it: for every table, the kind
 * of evidence it feeds and an SQL query turning its changed rows (`$rows`) into the ids of the
 * subjects to refresh (a claim, a group, a procurement, a requirement or a knowledge note).
 */
const TRACKED: [table: string, kind: string, subjects: string][] = [
  ['experience_claim', 'CLAIM', 'select id from $rows'],
  ['claim_endorsement', 'CLAIM', 'select claim_id from $rows'],
  [
    'topic',
    'CLAIM',
    'select c.id from experience_claim c where c.topic_id in (select id from $rows)',
  ],
  ['membership', 'MEMBERSHIP', 'select group_id from $rows'],
  ['group', 'MEMBERSHIP', 'select id from $rows'],
  ['group_topics', 'MEMBERSHIP', 'select group_id from $rows'],
  [
    'product',
    'MEMBERSHIP',
    'select g.id from "group" g where g.product_id in (select id from $rows)',
  ],
  [
    'product_topics',
    'MEMBERSHIP',
    'select g.id from "group" g where g.product_id in (select product_id from $rows)',
  ],
  ['procurement', 'PROCUREMENT', 'select id from $rows'],
  ['procurement_participant', 'PROCUREMENT', 'select procurement_id from $rows'],
  ['procurement_topics', 'PROCUREMENT', 'select procurement_id from $rows'],
  ['requirement', 'REQUIREMENT', 'select id from $rows'],
  ['requirement_authors', 'REQUIREMENT', 'select requirement_id from $rows'],
  ['requirement_usage', 'REQUIREMENT', 'select requirement_id from $rows'],
  ['requirement_topics', 'REQUIREMENT', 'select requirement_id from $rows'],
  ['knowledge_item', 'KNOWLEDGE', 'select id from $rows'],
  ['knowledge_item_authors', 'KNOWLEDGE', 'select knowledge_item_id from $rows'],
  ['knowledge_item_topics', 'KNOWLEDGE', 'select knowledge_item_id from $rows'],
];

/**
 * The expert search's own index, kept by PostgreSQL in the same transaction as every change:
 * - `expert_evidence`: one row per piece of evidence a person has (a claim, a seat, a part in a
 *   procurement, a requirement written, a note written), with the facts its weight comes from,
 *   its topics and its text, so ranking reads one table instead of joining eight;
 * - `expert_term`: per person and per word (or topic) of their evidence, how much evidence they
 *   have for it, indexed best first, so a query finds its strongest candidates without reading
 *   every matching item.
 * Statement-level triggers refresh the evidence of the subjects a statement touched and the terms
 * of the people concerned. The weights are applied by two SQL functions that `migrate()` writes
 * from `ranking.ts`; here they are placeholders.
 */
export class Migration20261125000000ExpertEvidence extends Migration {
  override async up(): Promise<void> {
    this
      .addSql(`create or replace function expert_evidence_weight(kind text, role text, outcome text, n int, valid_from date)
      returns float8 language sql stable parallel safe as $$ select 1::float8 $$`);
    this.addSql(`create or replace function expert_evidence_recency(kind text, recency_from date)
      returns float8 language sql stable parallel safe as $$ select 1::float8 $$`);

    this.addSql(`create table "expert_evidence" (
      "id" bigint generated always as identity primary key,
      "person_id" uuid not null references "person" ("id") on delete cascade,
      "kind" text not null,
      "subject_type" text not null,
      "subject_id" uuid not null,
      "subject_name" text not null,
      "role" text null,
      "outcome" text null,
      "n" int not null default 0,
      "valid_from" date null,
      "valid_to" date null,
      "recency_from" date null,
      "detail" text null,
      "topic_ids" uuid[] not null,
      "search_vector" tsvector not null
    )`);
    this.addSql(`create index "expert_evidence_person" on "expert_evidence" ("person_id")`);
    this.addSql(
      `create index "expert_evidence_subject" on "expert_evidence" ("kind", "subject_id")`,
    );
    this.addSql(`create table "expert_term" (
      "person_id" uuid not null references "person" ("id") on delete cascade,
      "term" text not null,
      "impact" real not null,
      primary key ("person_id", "term")
    )`);
    this.addSql(
      `create index "expert_term_best" on "expert_term" ("term", "impact" desc) include ("person_id")`,
    );

    // Every piece of evidence, as the source tables hold it now.
    this.addSql(`create view "expert_evidence_source" as
      select c.person_id, 'CLAIM'::text as kind, 'ExperienceClaim'::text as subject_type, c.id as subject_id,
        t.label_da as subject_name, c.level as role, null::text as outcome,
        e.n, c.valid_from, c.valid_to, c.valid_to as recency_from, e.n::text as detail,
        array[c.topic_id] as topic_ids, c.search_vector || t.search_vector as search_vector
      from experience_claim c join topic t on t.id = c.topic_id
      cross join lateral (select count(*)::int as n from claim_endorsement e where e.claim_id = c.id) e
      where c.withdrawn_at is null
      union all
      select m.person_id, 'MEMBERSHIP', 'Group', g.id, g.name, m.role, null, 0,
        m.valid_from, m.valid_to, m.valid_to, p.name,
        array(select x.topic_id from group_topics x where x.group_id = g.id
              union select y.topic_id from product_topics y where y.product_id = g.product_id),
        g.search_vector || coalesce(p.search_vector, ''::tsvector)
      from membership m join "group" g on g.id = m.group_id left join product p on p.id = g.product_id
      union all
      select pp.person_id, 'PROCUREMENT', 'Procurement', pr.id, pr.title, pp.role, pr.status, 0,
        make_date(coalesce(pr.year, 2000), 1, 1), null, make_date(pr.year, 12, 31), pr.year::text,
        array(select x.topic_id from procurement_topics x where x.procurement_id = pr.id),
        pr.search_vector
      from procurement_participant pp join procurement pr on pr.id = pp.procurement_id
      union all
      select ra.person_id, 'REQUIREMENT', 'Requirement', r.id, r.title, r.importance, null, u.n,
        null, null, null, u.n::text,
        array(select x.topic_id from requirement_topics x where x.requirement_id = r.id),
        r.search_vector
      from requirement_authors ra join requirement r on r.id = ra.requirement_id
      cross join lateral (select count(*)::int as n from requirement_usage u where u.requirement_id = r.id) u
      union all
      select ka.person_id, 'KNOWLEDGE', 'KnowledgeItem', k.id, k.title, k.kind, null, 0,
        k.occurred_on, null, coalesce(k.occurred_on, k.created_at::date), null,
        array(select x.topic_id from knowledge_item_topics x where x.knowledge_item_id = k.id),
        k.search_vector
      from knowledge_item_authors ka join knowledge_item k on k.id = ka.knowledge_item_id`);

    // Every term of every person: each word of their evidence and each topic it is tied to, with
    // the sum of weight × recency of the evidence that has it.
    this.addSql(`create view "expert_term_source" as
      select person_id, term, sum(expert_evidence_weight(kind, role, outcome, n, valid_from)
          * expert_evidence_recency(kind, recency_from))::real as impact
      from (
        select e.*, unnest(tsvector_to_array(e.search_vector)
          || array(select 'topic:' || t from unnest(e.topic_ids) t)) as term
        from expert_evidence e
      ) e
      group by person_id, term`);
    this.addSql(`create or replace function expert_term_refresh(persons uuid[]) returns void
      language sql as $$
        delete from expert_term where person_id = any(persons);
        insert into expert_term (person_id, term, impact)
        select person_id, term, impact from expert_term_source where person_id = any(persons);
      $$`);
    this.addSql(`create or replace function expert_term_rebuild() returns void
      language sql as $$
        delete from expert_term;
        insert into expert_term (person_id, term, impact) select person_id, term, impact from expert_term_source;
      $$`);
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
          insert into expert_evidence (person_id, kind, subject_type, subject_id, subject_name, role, outcome, n,
            valid_from, valid_to, recency_from, detail, topic_ids, search_vector)
          select * from expert_evidence_source s where s.kind = refresh_kind and s.subject_id = any(ids)
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
        insert into expert_evidence (person_id, kind, subject_type, subject_id, subject_name, role, outcome, n,
          valid_from, valid_to, recency_from, detail, topic_ids, search_vector)
        -- In person order: ranking reads a person's evidence together.
        select * from expert_evidence_source order by person_id;
        perform expert_term_rebuild();
      end $$`);

    // The trigger: which subjects did this statement touch? A bulk load may set
    // erfaringsnet.expert_evidence = 'deferred' in its transaction and call expert_evidence_rebuild().
    this.addSql(`create or replace function expert_evidence_track() returns trigger
      language plpgsql as $$
      declare
        ids uuid[];
        more uuid[];
      begin
        if current_setting('erfaringsnet.expert_evidence', true) = 'deferred' then return null; end if;
        if tg_op in ('INSERT', 'UPDATE') then
          execute format('select array_agg(s) from (%s) x(s)', replace(tg_argv[1], '$rows', 'changed_new')) into ids;
        end if;
        if tg_op in ('DELETE', 'UPDATE') then
          execute format('select array_agg(s) from (%s) x(s)', replace(tg_argv[1], '$rows', 'changed_old')) into more;
          ids := coalesce(ids, '{}') || coalesce(more, '{}');
        end if;
        perform expert_evidence_refresh(tg_argv[0], array(select distinct unnest(ids)));
        return null;
      end $$`);
    for (const [table, kind, subjects] of TRACKED) {
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
}
