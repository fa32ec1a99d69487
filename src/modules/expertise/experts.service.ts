import type { EntityManager } from '@mikro-orm/postgresql';
import { validOnSql } from '../../common/temporal';
import { BadUserInputError } from '../../common/errors';
import { fromGlobalId } from '../../common/global-id';
import type { PageArgs } from '../../common/pagination';
import { pageWindow } from '../../common/pagination';
import { analyzeQuery, MAX_QUERY_LENGTH } from '../../search/query';
import { isLinked, linkedTo } from '../../search/topic-links';
import { caseWeight, RANKING } from './ranking';

/** What kind of thing a piece of evidence is. */
export type EvidenceKind = 'CLAIM' | 'MEMBERSHIP' | 'PROCUREMENT' | 'REQUIREMENT' | 'KNOWLEDGE';

/** One piece of evidence behind a person's rank, as the ranking query returns it. */
export interface EvidenceRow {
  kind: EvidenceKind;
  /** GraphQL type and database id of what the evidence is about. */
  subjectType: string;
  subjectId: string;
  subjectName: string;
  /** The role, level or kind the weight came from. */
  role: string | null;
  validFrom: string | null;
  validTo: string | null;
  weight: number;
  relevance: number;
  recency: number;
  contribution: number;
  topicMatch: boolean;
  /** Extra facts for the reason: endorsements, usages, the product, the year. */
  detail: string | null;
}

export interface ExpertRow {
  personId: string;
  score: number;
  evidence: EvidenceRow[];
}

/** Filters of the expert search (database ids). */
export interface ExpertFilterIds {
  kommuneId?: string;
  region?: string;
  organizationId?: string;
  productId?: string;
  groupId?: string;
  topicId?: string;
  activeOnly?: boolean;
  openToQuestions?: boolean;
}

export interface ExpertSearch {
  query?: string | null;
  topicIds?: string[] | null;
  filter?: ExpertFilterIds;
  includeFormer?: boolean;
}

const W = RANKING;
const yearsSince = (column: string) => `greatest(0, (current_date - ${column}) / 365.25)`;
/** 1 while current; halves every half-life after the end date. */
const recency = (validTo: string) =>
  `(case when ${validTo} is null or ${validTo} > current_date then 1.0 else power(0.5, ${yearsSince(validTo)} / ${W.RECENCY_HALF_LIFE_YEARS}) end)`;
/** ts_rank_cd of a vector against the query; 0 without query text. */
const textRank = (vector: string) => `coalesce(ts_rank(${vector}, :query::tsquery, 32), 0)`;
const QUERY = ':query::tsquery';
/** The topics the query names, as an SQL array. */
const NAMED = ':topics::uuid[]';

/**
 * Which subjects match: their own text (GIN index), or a topic the query names (topic index).
 * Each is a union of index-friendly branches, so only matching rows are ever read.
 */
const MATCHING = `
    claim_hits as (
      select c.id from experience_claim c where c.topic_id = any(${NAMED})
      union select c.id from experience_claim c where c.search_vector @@ ${QUERY}
    ),
    group_hits as (
      select g.id from "group" g where g.search_vector @@ ${QUERY}
      union ${linkedTo('Group', NAMED)}
      union select g.id from "group" g where g.product_id in (
        select p.id from product p where p.search_vector @@ ${QUERY}
        union ${linkedTo('Product', NAMED)})
    ),
    procurement_hits as (
      select p.id from procurement p where p.search_vector @@ ${QUERY}
      union ${linkedTo('Procurement', NAMED)}
    ),
    requirement_hits as (
      select r.id from requirement r where r.search_vector @@ ${QUERY}
      union ${linkedTo('Requirement', NAMED)}
    ),
    knowledge_hits as (
      select k.id from knowledge_item k where k.search_vector @@ ${QUERY}
      union ${linkedTo('KnowledgeItem', NAMED)}
    )`;

/** The evidence items of the matching subjects, each with its weight, text rank and recency. */
const EVIDENCE = `
    select c.person_id, 'CLAIM' as kind, 'ExperienceClaim' as subject_type, c.id as subject_id,
      t.label_da as subject_name, c.level as role, c.valid_from, c.valid_to,
      ${caseWeight('c.level', W.claim.level)} * (1 + ${W.claim.perEndorsement} * least(${W.claim.maxEndorsements}, e.n)) as weight,
      greatest(${textRank('c.search_vector')}, ${textRank('t.search_vector')}) as text_rank,
      (c.topic_id = any(${NAMED})) as topic_match,
      ${recency('c.valid_to')} as recency,
      e.n::text as detail
    from claim_hits h join experience_claim c on c.id = h.id join topic t on t.id = c.topic_id
    cross join lateral (select count(*) as n from claim_endorsement e where e.claim_id = c.id) e
    where c.withdrawn_at is null
    union all
    select m.person_id, 'MEMBERSHIP', 'Group', g.id, g.name, m.role, m.valid_from, m.valid_to,
      ${caseWeight('m.role', W.membership.role)} * (0.5 + least(1.0, ${yearsSince('m.valid_from')} / ${W.membership.tenureFullYears})),
      greatest(${textRank('g.search_vector')}, ${textRank('p.search_vector')}),
      (${isLinked('Group', 'g.id', NAMED)}
        or ${isLinked('Product', 'g.product_id', NAMED)}),
      ${recency('m.valid_to')},
      p.name
    from group_hits h join "group" g on g.id = h.id join membership m on m.group_id = g.id
    left join product p on p.id = g.product_id
    union all
    select pp.person_id, 'PROCUREMENT', 'Procurement', pr.id, pr.title, pp.role, make_date(coalesce(pr.year, 2000), 1, 1), null::date,
      ${caseWeight('pp.role', W.procurement.role)} * ${caseWeight('pr.status', W.procurement.outcome)},
      ${textRank('pr.search_vector')},
      ${isLinked('Procurement', 'pr.id', NAMED)},
      (case when pr.year is null then 1.0 else power(0.5, greatest(0, extract(year from current_date) - pr.year) / ${W.RECENCY_HALF_LIFE_YEARS}) end),
      pr.year::text
    from procurement_hits h join procurement pr on pr.id = h.id join procurement_participant pp on pp.procurement_id = pr.id
    union all
    select ra.person_id, 'REQUIREMENT', 'Requirement', r.id, r.title, r.importance, null::date, null::date,
      ${W.requirement.author} * (1 + ${W.requirement.perUsage} * least(${W.requirement.maxUsages}, u.n)),
      ${textRank('r.search_vector')},
      ${isLinked('Requirement', 'r.id', NAMED)},
      1.0,
      u.n::text
    from requirement_hits h join requirement r on r.id = h.id join requirement_authors ra on ra.requirement_id = r.id
    cross join lateral (select count(*) as n from requirement_usage u where u.requirement_id = r.id) u
    union all
    select ka.person_id, 'KNOWLEDGE', 'KnowledgeItem', k.id, k.title, k.kind, k.occurred_on, null::date,
      ${caseWeight('k.kind', W.knowledge.kind)},
      ${textRank('k.search_vector')},
      ${isLinked('KnowledgeItem', 'k.id', NAMED)},
      power(0.5, ${yearsSince('coalesce(k.occurred_on, k.created_at::date)')} / ${W.RECENCY_HALF_LIFE_YEARS} / 2),
      null
    from knowledge_hits h join knowledge_item k on k.id = h.id join knowledge_item_authors ka on ka.knowledge_item_id = k.id`;

/** SQL conditions on person `p` for the filters, with their named parameters. */
function filterSql(
  filter: ExpertFilterIds,
  includeFormer: boolean,
): { sql: string; params: Record<string, unknown> } {
  const conditions = [
    'p.listed_as_expert',
    includeFormer ? `p.status <> 'ERASED'` : `p.status = 'ACTIVE'`,
  ];
  const params: Record<string, unknown> = {};
  if (filter.activeOnly) conditions.push(`p.status = 'ACTIVE'`);
  if (filter.openToQuestions) conditions.push('p.open_to_questions');
  // A former member is found by where they worked last, not only today.
  const affiliation = (where: string) =>
    `exists (select 1 from affiliation a where a.person_id = p.id and ${where}
       and (${validOnSql('a')} or (p.status <> 'ACTIVE' and a.valid_to = (select max(a2.valid_to) from affiliation a2 where a2.person_id = p.id))))`;
  if (filter.kommuneId) {
    conditions.push(affiliation('a.kommune_id = :kommuneId'));
    params.kommuneId = filter.kommuneId;
  }
  if (filter.region) {
    conditions.push(
      affiliation('a.kommune_id in (select k.id from kommune k where k.region = :region)'),
    );
    params.region = filter.region;
  }
  if (filter.organizationId) {
    conditions.push(affiliation('a.organization_id = :organizationId'));
    params.organizationId = filter.organizationId;
  }
  if (filter.groupId) {
    conditions.push(
      'exists (select 1 from membership m where m.person_id = p.id and m.group_id = :groupId)',
    );
    params.groupId = filter.groupId;
  }
  if (filter.productId) {
    conditions.push(
      `exists (select 1 from membership m join "group" g on g.id = m.group_id where m.person_id = p.id and g.product_id = :productId)`,
    );
    params.productId = filter.productId;
  }
  if (filter.topicId) {
    conditions.push(
      `exists (select 1 from experience_claim c where c.person_id = p.id and c.topic_id = :topicId and c.withdrawn_at is null)`,
    );
    params.topicId = filter.topicId;
  }
  return { sql: conditions.join(' and '), params };
}

/**
 * Ranks people by the evidence they have for a query and/or topics, best first, each with the
 * evidence that counted most. Two statements: the query analysis and the ranking.
 */
export async function rankExperts(
  em: EntityManager,
  search: ExpertSearch,
  args: PageArgs,
): Promise<{ rows: ExpertRow[]; total: number; window: ReturnType<typeof pageWindow> }> {
  const window = pageWindow(args);
  const text = search.query?.trim() ?? '';
  if (text.length > MAX_QUERY_LENGTH) {
    throw new BadUserInputError('query', `query must be at most ${MAX_QUERY_LENGTH} characters`);
  }
  const topicIds = (search.topicIds ?? []).map((id) => fromGlobalId(id, 'Topic', 'topicIds'));
  if (!text && topicIds.length === 0) {
    throw new BadUserInputError('query', 'Give a query, topicIds, or both');
  }
  const analyzed = text ? await analyzeQuery(em, text) : { tsquery: '', topicIds: [] };
  if (text && !analyzed.tsquery && topicIds.length === 0) return { rows: [], total: 0, window };
  const topics = [...new Set([...topicIds, ...analyzed.topicIds])];
  const filter = filterSql(search.filter ?? {}, search.includeFormer ?? false);
  const sql = `
    with ${MATCHING},
    evidence (person_id, kind, subject_type, subject_id, subject_name, role, valid_from, valid_to,
              weight, text_rank, topic_match, recency, detail) as (${EVIDENCE}
    ),
    scored as (
      select e.*, (e.text_rank / (e.text_rank + 0.1) + case when e.topic_match then ${W.TOPIC_MATCH} else 0 end) as relevance
      from evidence e
    ),
    people as (
      select s.person_id,
        sum(s.weight * s.relevance * s.recency)
          * (case when p.status = 'ACTIVE' then 1 else ${W.FORMER_FACTOR} end) as score
      from scored s join person p on p.id = s.person_id
      where ${filter.sql}
      group by s.person_id, p.status
    ),
    page as (
      select person_id, score from people
      order by score desc, person_id
      limit :limit offset :offset
    )
    select c.total, page.person_id, page.score,
      (select json_agg(x) from (
        select s.kind, s.subject_type, s.subject_id, s.subject_name, s.role, s.valid_from, s.valid_to,
          s.weight, s.relevance, s.recency, s.weight * s.relevance * s.recency as contribution,
          s.topic_match, s.detail
        from scored s where s.person_id = page.person_id
        order by s.weight * s.relevance * s.recency desc, s.subject_id
        limit ${W.EVIDENCE_SHOWN}
      ) x) as evidence
    from (select count(*) as total from people) c
    left join page on true
    order by page.score desc nulls last, page.person_id`;
  const params = {
    query: analyzed.tsquery || null,
    topics: `{${topics.join(',')}}`,
    ...filter.params,
    limit: window.limit,
    offset: window.offset,
  };
  const result = (await em.getConnection().execute(em.getKnex().raw(sql, params))) as {
    person_id: string | null;
    score: number;
    total: string;
    evidence: Record<string, unknown>[];
  }[];
  const rows = result
    .filter((row) => row.person_id !== null)
    .map((row) => ({
      personId: row.person_id as string,
      score: Number(row.score),
      evidence: (row.evidence ?? []).map((e): EvidenceRow => ({
        kind: e.kind as EvidenceKind,
        subjectType: e.subject_type as string,
        subjectId: e.subject_id as string,
        subjectName: e.subject_name as string,
        role: (e.role as string) ?? null,
        validFrom: (e.valid_from as string) ?? null,
        validTo: (e.valid_to as string) ?? null,
        weight: Number(e.weight),
        relevance: Number(e.relevance),
        recency: Number(e.recency),
        contribution: Number(e.contribution),
        topicMatch: Boolean(e.topic_match),
        detail: (e.detail as string) ?? null,
      })),
    }));
  const total = Number(result[0]?.total ?? 0);
  return { rows, total, window };
}
