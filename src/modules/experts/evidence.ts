/**
 * What counts as evidence in the expert search, next to how it is weighed (`ranking.ts`).
 */

/** What kind of thing a piece of evidence is. */
export enum EvidenceKind {
  CLAIM = 'CLAIM',
  MEMBERSHIP = 'MEMBERSHIP',
  PROCUREMENT = 'PROCUREMENT',
  REQUIREMENT = 'REQUIREMENT',
  KNOWLEDGE = 'KNOWLEDGE',
}

/** The names a product goes by, as one searchable text. */
const PRODUCT_NAMES = `p.name || ' ' || coalesce(p.name_en, '') || ' ' || search_join(p.aliases)`;

/**
 * What counts as evidence: the `expert_evidence_source` view, one row per piece of evidence a person
 * has, with the facts its weight comes from (see `ranking.ts`), its topics, products and text.
 * The ProductNames migration creates the view from this; a change here needs a migration that
 * recreates it (and that migration keeps the previous text as its own copy).
 *
 * Every piece of evidence, as in the ExpertEvidence migration, with two changes: each item carries
 * the products it is about (`product_ids`: a claim's or note's product, the product of a seat's
 * group, a procurement's products), and a seat's text holds its product's names, no longer the
 * product's summary (which names other products: OS2mo's summary mentions OS2rollekatalog, and made
 * every seat in an OS2mo group a hit for "rollekatalog").
 */
export const EVIDENCE_SOURCE = `create view "expert_evidence_source" as
      select c.person_id, '${EvidenceKind.CLAIM}'::text as kind, 'ExperienceClaim'::text as subject_type, c.id as subject_id,
        t.label_da as subject_name, c.level as role, null::text as outcome,
        e.n, c.valid_from, c.valid_to, c.valid_to as recency_from, e.n::text as detail,
        array[c.topic_id] as topic_ids, c.search_vector || t.search_vector as search_vector,
        array_remove(array[c.product_id], null) as product_ids
      from experience_claim c join topic t on t.id = c.topic_id
      cross join lateral (select count(*)::int as n from claim_endorsement e where e.claim_id = c.id) e
      where c.withdrawn_at is null
      union all
      select m.person_id, '${EvidenceKind.MEMBERSHIP}', 'Group', g.id, g.name, m.role, null, 0,
        m.valid_from, m.valid_to, m.valid_to, p.name,
        array(select x.topic_id from group_topics x where x.group_id = g.id
              union select y.topic_id from product_topics y where y.product_id = g.product_id),
        g.search_vector || coalesce(setweight(to_tsvector('pg_catalog.danish', search_normalize(${PRODUCT_NAMES})), 'B'), ''::tsvector),
        array_remove(array[g.product_id], null)
      from membership m join "group" g on g.id = m.group_id left join product p on p.id = g.product_id
      union all
      select pp.person_id, '${EvidenceKind.PROCUREMENT}', 'Procurement', pr.id, pr.title, pp.role, pr.status, 0,
        make_date(coalesce(pr.year, 2000), 1, 1), null, make_date(pr.year, 12, 31), pr.year::text,
        array(select x.topic_id from procurement_topics x where x.procurement_id = pr.id),
        pr.search_vector,
        array(select x.product_id from procurement_products x where x.procurement_id = pr.id)
      from procurement_participant pp join procurement pr on pr.id = pp.procurement_id
      union all
      select ra.person_id, '${EvidenceKind.REQUIREMENT}', 'Requirement', r.id, r.title, r.importance, null, u.n,
        null, null, null, u.n::text,
        array(select x.topic_id from requirement_topics x where x.requirement_id = r.id),
        r.search_vector, '{}'::uuid[]
      from requirement_authors ra join requirement r on r.id = ra.requirement_id
      cross join lateral (select count(*)::int as n from requirement_usage u where u.requirement_id = r.id) u
      union all
      select ka.person_id, '${EvidenceKind.KNOWLEDGE}', 'KnowledgeItem', k.id, k.title, k.kind, null, 0,
        k.occurred_on, null, coalesce(k.occurred_on, k.created_at::date), null,
        array(select x.topic_id from knowledge_item_topics x where x.knowledge_item_id = k.id),
        k.search_vector, array_remove(array[k.product_id], null)
      from knowledge_item_authors ka join knowledge_item k on k.id = ka.knowledge_item_id`;

export const EVIDENCE_COLUMNS = `person_id, kind, subject_type, subject_id, subject_name, role, outcome, n,
  valid_from, valid_to, recency_from, detail, topic_ids, search_vector, product_ids`;
