import type { EntityManager } from '@mikro-orm/postgresql';
import { validOnSql } from '../../common/temporal';
import { preparedRead, preparedReadWithSettings } from '../../db/prepared';
import type { QueryTerm } from '../../search/query';
import type { EvidenceKind } from './evidence';
import type { RequirementLink } from './experts.reasons';
import { RANKING } from './ranking';

/**
 * The expert search's SQL: the ranking of people for a query (`selectRankedExperts`) and for a
 * requirement (`selectRequirementExperts`). Both read the `expert_evidence` and `expert_term`
 * tables (see `evidence.ts`) and weigh evidence with the SQL functions written from `ranking.ts`.
 */

const W = RANKING;

/** A piece of evidence as the ranking queries aggregate it to JSON (snake_case columns). */
export interface EvidenceJson {
  kind: EvidenceKind;
  subject_type: string;
  subject_id: string;
  subject_name: string;
  role: string | null;
  valid_from: string | null;
  valid_to: string | null;
  weight: number;
  relevance: number;
  recency: number;
  contribution: number;
  topic_match: boolean;
  detail: string | null;
}

/** Evidence of the expert search: which of the query's terms (by ordinal) it matched. */
export interface QueryEvidenceJson extends EvidenceJson {
  matched: number[] | null;
  /** Words matched only by a prefix or the first part of a compound. */
  partly: number[] | null;
  /** How many of the query's content words its text covers. */
  covered: number | null;
}

/** Evidence of a requirement's `peopleToAsk`: how it concerns the requirement. */
export interface RequirementEvidenceJson extends EvidenceJson {
  link: RequirementLink | null;
}

/** A row of the expert search: a person on the page (or none, on an empty page) and the total. */
export interface RankedExpertSqlRow {
  person_id: string | null;
  score: number;
  total: string;
  /**
   * Whether more people may have evidence for the query's terms than were weighed: the pool of the
   * strongest per term was larger than the shortlist, or some term gave as many as were taken.
   */
  cut: boolean;
  /** Labels of the terms asked, by ordinal (topics asked for by id are named here). */
  labels: Record<string, string> | null;
  evidence: QueryEvidenceJson[] | null;
}

/** A row of `peopleToAsk`: one person for one requirement. */
export interface RequirementExpertSqlRow {
  requirement_id: string;
  person_id: string;
  score: number;
  evidence: RequirementEvidenceJson[] | null;
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

/** A term of the query as the ranking query reads it, with its share of the query. */
export interface AskedTerm {
  ord: number;
  kind: QueryTerm['kind'];
  label: string;
  id: string | null;
  query: string | null;
  exact: string | null;
  words: number[];
  share: number;
}

/**
 * A term of `expert_term` (a lexeme, `topic:<id>` or `product:<id>`) and the concept of the query
 * it stands for: the ordinal of an asked term, or past them for a term no asked term holds.
 */
export interface ConceptTerm {
  term: string;
  /** A prefix of lexemes (`faktor` for `'faktor':*`), standing for the known words it begins. */
  prefix: boolean;
  concept: number;
}

/** The people who may be listed: those who agreed to be, and who have not left unless asked. */
const listedSql = (includeFormer: boolean) =>
  `p.listed_as_expert and ${includeFormer ? `p.status <> 'ERASED'` : `p.status = 'ACTIVE'`}`;

/** What an evidence item `e` of `expert_evidence` weighs, and how recent it is. */
const WEIGHT_SQL = 'expert_evidence_weight(e.kind, e.role, e.outcome, e.n, e.valid_from) as weight';
const RECENCY_SQL = 'expert_evidence_recency(e.kind, e.recency_from) as recency';

/** A person's score from their scored evidence `s`: people who have left keep a share of it. */
const personScoreSql = (status: string) => `sum(s.weight * s.relevance * s.recency)
          * (case when ${status} = 'ACTIVE' then 1 else ${W.FORMER_FACTOR} end)`;

/**
 * The evidence shown for a person: the EVIDENCE_SHOWN items of `from` (default `scored`, aliased `s`) matching
 * `where` that contribute most, as JSON, with the common columns and `extra` ones.
 */
const evidenceShownSql = (
  where: string,
  extra: string[],
  from = 'scored',
) => `(select json_agg(x) from (
        select s.kind, s.subject_type, s.subject_id, s.subject_name, s.role, s.valid_from, s.valid_to,
          s.weight, s.relevance, s.recency, s.weight * s.relevance * s.recency as contribution,
          s.topic_match, s.detail, ${extra.map((column) => `s.${column}`).join(', ')}
        from ${from} s where ${where} and s.weight * s.relevance * s.recency > 0
        order by s.weight * s.relevance * s.recency desc, s.subject_id
        limit ${W.EVIDENCE_SHOWN}
      ) x) as evidence`;

/** How many known words a prefix ("faktor:*") stands for, shortest first. */
const PREFIX_EXPANSION = 20;

/**
 * The people to weigh when no filter narrows them: the strongest per query term, shortlisted by
 * how much evidence they hold for the query's concepts. A concept is one asked term (a word with
 * its synonyms, forms and corrections, a topic, a product; see {@link ConceptTerm}), and a person's
 * share of it is their impact for its strongest term: the terms of one concept are mostly found in
 * the same evidence items, so summing them counted an item once for each form of a word it holds.
 * That shortlisted people whose few items repeat a word's forms over people with more evidence: at
 * 100,000 people 7 of `bench:search`'s 20 queries missed people whom weighing 4,000 ranked in the
 * top ten (one of them second). Summing over concepts keeps what a person covering several words
 * of the query is owed.
 */
const STRONGEST_PER_TERM = `
    terms as (
      select w.term, w.concept from unnest(:words::text[], :wordConcepts::int[]) as w (term, concept)
      union
      select l.lexeme, p.concept from unnest(:prefixes::text[], :prefixConcepts::int[]) as p (pattern, concept)
        cross join lateral (
          select lexeme from search_lexeme where lexeme like p.pattern
          order by length(lexeme), lexeme limit ${PREFIX_EXPANSION}) l
    ),
    strongest as (
      select t.term, t.concept, c.person_id, c.impact from terms t
      cross join lateral (
        select x.person_id, x.impact from expert_term x where x.term = t.term
        order by x.impact desc limit :perTerm) c
    ),
    best as (
      select person_id, concept, max(impact) as impact from strongest group by person_id, concept
    ),
    pool as (
      select person_id,
        coalesce(sum(impact) filter (where not concept = any(:jointConcepts::int[])), 0)
          + case when count(*) filter (where concept = any(:jointConcepts::int[]))
              = cardinality(:jointConcepts::int[])
            then coalesce(min(impact) filter (where concept = any(:jointConcepts::int[])), 0)
            else 0 end as impact
      from best group by person_id
    ),
    candidates as (
      select person_id from pool order by impact desc, person_id limit :shortlist
    )`;

/**
 * How the statement that weighs a shortlist is planned: once per connection (a generic plan), with
 * every step a nested loop through the indexes. It weighs at most the shortlist's people, so that
 * is the plan it needs; planning it for each query cost 1.5–2 ms of its 10–15. Without the join
 * settings, the generic plan read every person into a hash join (2–3× slower).
 */
const SHORTLIST_SETTINGS = [
  'set local plan_cache_mode = force_generic_plan',
  'set local enable_hashjoin = off',
  'set local enable_mergejoin = off',
].join('; ');

/** The most content words a query can have (a query is at most 500 characters). */
const MAX_WORDS = 256;

/**
 * The evidence of the candidates that matches a term of the query, with what it matched: how many
 * of the query's content words its text covers (directly, or through the names of a topic or
 * product the query names), and the share of the query of the topics and products it is tied to.
 * Evidence that matches nothing in the query does not count.
 *
 * The asked terms fill `slots` slots (`asked_terms`, one row: `q1`, `k1`, … from array
 * parameters), and each slot becomes columns of its own (`t1`, `x1`, `l1`: text hit, exact hit,
 * linked), so that an item is matched against each term once and what it covers is arithmetic on
 * those columns: the words a term covers are a bit mask, and an item covers the bits of the
 * terms it hit. No subquery per item (its setup cost more than the matching), and a statement
 * text that depends only on the number of slots, so that it is prepared once (see
 * {@link selectRankedExperts}).
 */
function evidenceSql(slots: number): string {
  const each = (column: (i: number) => string, separator = ', ') =>
    Array.from({ length: slots }, (_, index) => column(index + 1)).join(separator);
  const exact = (i: number) =>
    `(case a.m${i} when 1 then h.t${i} when 2 then h.t${i} and h.x${i} else false end)`;
  const covered = (hit: (i: number) => string) =>
    `bit_count((${each((i) => `case when ${hit(i)} then a.w${i} else a.none end`, ' | ')}))::int`;
  const ords = (hit: (i: number) => string) =>
    `nullif(array_remove(array[${each((i) => `case when ${hit(i)} then ${i - 1} end`)}]::int[], null), '{}')`;
  const share = (kind: string) =>
    `greatest(0::float8, ${each((i) => `case when h.l${i} and a.k${i} = '${kind}' then a.s${i} else 0 end`)})`;
  return `
    asked_terms as materialized (
      select ${each(
        (i) => `(:kinds::text[])[${i}] as k${i}, (:queries::tsquery[])[${i}] as q${i},
        (:exacts::tsquery[])[${i}] as x${i}, (:modes::int[])[${i}] as m${i},
        (:ids::uuid[])[${i}] as i${i}, (:shares::float8[])[${i}] as s${i},
        (:masks::bit(${MAX_WORDS})[])[${i}] as w${i}`,
        ',\n        ',
      )}, 0::bit(${MAX_WORDS}) as none
    ),
    hits as materialized (
      select e.person_id, e.kind, e.subject_type, e.subject_id, e.subject_name, e.role, e.valid_from,
        e.valid_to, ${WEIGHT_SQL},
        coalesce(ts_rank(e.search_vector, :query::tsquery, 32), 0) as text_rank,
        ${RECENCY_SQL},
        e.detail,
        ${each(
          (i) => `coalesce(e.search_vector @@ a.q${i}, false) as t${i},
        a.m${i} = 2 and coalesce(e.search_vector @@ a.x${i}, false) as x${i},
        coalesce(a.i${i} = any(case a.k${i} when 'TOPIC' then e.topic_ids when 'PRODUCT' then e.product_ids end), false) as l${i}`,
          ',\n        ',
        )}
      from candidates c join expert_evidence e on e.person_id = c.person_id
      cross join asked_terms a
      where e.search_vector @@ :query::tsquery or e.topic_ids && :topics::uuid[]
        or e.product_ids && :products::uuid[]
    ),
    evidence as (
      select h.person_id, h.kind, h.subject_type, h.subject_id, h.subject_name, h.role, h.valid_from,
        h.valid_to, h.weight, h.text_rank,
        ${covered((i) => `h.t${i}`)} as covered,
        ${covered(exact)} as covered_exactly,
        ${share('TOPIC')} as topic_share,
        ${share('PRODUCT')} as product_share,
        ${ords((i) => `h.t${i} or h.l${i}`)} as matched,
        ${ords((i) => `a.k${i} = 'WORD' and h.t${i} and not ${exact(i)}`)} as partly,
        h.recency, h.detail
      from hits h cross join asked_terms a
    )`;
}

/** The asked terms as the array parameters of {@link evidenceSql}, padded to `slots`. */
function askedTermParams(asked: AskedTerm[], slots: number): Record<string, unknown[]> {
  const pad = <T>(values: T[]) => [...values, ...Array<null>(slots - values.length).fill(null)];
  const mask = (words: number[]) => {
    const bits = Array<string>(MAX_WORDS).fill('0');
    for (const word of words) {
      if (word >= MAX_WORDS) throw new Error(`word ${word} of a query past ${MAX_WORDS}`);
      bits[word] = '1';
    }
    return bits.join('');
  };
  return {
    kinds: pad(asked.map((term) => term.kind)),
    queries: pad(asked.map((term) => term.query)),
    // 0: no exact form; 1: the exact form is the query itself; 2: it is `exacts`.
    modes: pad(
      asked.map((term) => (!term.query || !term.exact ? 0 : term.exact === term.query ? 1 : 2)),
    ),
    exacts: pad(
      asked.map((term) =>
        term.query && term.exact && term.exact !== term.query ? term.exact : null,
      ),
    ),
    ids: pad(asked.map((term) => (term.kind === 'WORD' ? null : term.id))),
    shares: pad(asked.map((term) => term.share)),
    masks: pad(asked.map((term) => mask(term.words))),
  };
}

/** The slots for `count` asked terms: a power of two, so that few statement texts are prepared. */
const slotsFor = (count: number) => Math.max(4, 2 ** Math.ceil(Math.log2(Math.max(1, count))));

/** Statement texts with `$n` placeholders, and their parameters' names in order, by SQL. */
const converted = new Map<string, { text: string; names: string[] }>();

/**
 * `sql` with its named parameters (`:name`, not a cast's `::type`) as PostgreSQL's `$1`, `$2`, …
 * in order of first use, and their values from `params` in that order.
 */
function positional(
  sql: string,
  params: Record<string, unknown>,
): { text: string; values: unknown[] } {
  let statement = converted.get(sql);
  if (!statement) {
    const names: string[] = [];
    const text = sql.replace(/(?<!:):([a-zA-Z]\w*)/g, (_, name: string) => {
      let index = names.indexOf(name);
      if (index < 0) index = names.push(name) - 1;
      return `$${index + 1}`;
    });
    statement = { text, names };
    converted.set(sql, statement);
  }
  return {
    text: statement.text,
    values: statement.names.map((name) => {
      if (!(name in params)) throw new Error(`no value for :${name}`);
      return params[name];
    }),
  };
}

/**
 * SQL conditions on person `p` for the filters, with their named parameters: `flags` on the person
 * alone, `relations` through their employments, seats and claims (these narrow the people enough to
 * weigh every one of them).
 */
function filterSql(
  filter: ExpertFilterIds,
  includeFormer: boolean,
): { flags: string; relations: string[]; params: Record<string, unknown> } {
  const flags = [listedSql(includeFormer)];
  const relations: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.activeOnly) flags.push(`p.status = 'ACTIVE'`);
  if (filter.openToQuestions) flags.push('p.open_to_questions');
  // A former member is found by where they worked last, not only today.
  const affiliation = (where: string) =>
    `exists (select 1 from affiliation a where a.person_id = p.id and ${where}
       and (${validOnSql('a')} or (p.status <> 'ACTIVE' and a.valid_to = (select max(a2.valid_to) from affiliation a2 where a2.person_id = p.id))))`;
  if (filter.kommuneId) {
    relations.push(affiliation('a.kommune_id = :kommuneId'));
    params.kommuneId = filter.kommuneId;
  }
  if (filter.region) {
    relations.push(
      affiliation('a.kommune_id in (select k.id from kommune k where k.region = :region)'),
    );
    params.region = filter.region;
  }
  if (filter.organizationId) {
    relations.push(affiliation('a.organization_id = :organizationId'));
    params.organizationId = filter.organizationId;
  }
  if (filter.groupId) {
    relations.push(
      'exists (select 1 from membership m where m.person_id = p.id and m.group_id = :groupId)',
    );
    params.groupId = filter.groupId;
  }
  if (filter.productId) {
    relations.push(
      `exists (select 1 from membership m join "group" g on g.id = m.group_id where m.person_id = p.id and g.product_id = :productId)`,
    );
    params.productId = filter.productId;
  }
  if (filter.topicId) {
    relations.push(
      `exists (select 1 from experience_claim c where c.person_id = p.id and c.topic_id = :topicId and c.withdrawn_at is null)`,
    );
    params.topicId = filter.topicId;
  }
  return { flags: flags.join(' and '), relations, params };
}

/** What the expert search's statement is asked: the analysed query, the filters and the page. */
export interface RankedExpertsQuery {
  filter: ExpertFilterIds;
  includeFormer: boolean;
  /** The query as a tsquery, or null for topics only. */
  tsquery: string | null;
  /** The terms whose strongest people are weighed when no filter narrows them, by concept. */
  terms: ConceptTerm[];
  /**
   * Concepts (asked words) that count only together: where the query is one concept (a topic or
   * product covers all its words), a text matching some of its words does not count, so a person's
   * share of them is their weakest word's.
   */
  jointConcepts: number[];
  /** Topics and products asked for (by id, or named in the query). */
  topicIds: string[];
  productIds: string[];
  asked: AskedTerm[];
  /** How many content words the query has (at least 1). */
  wordCount: number;
  /** How many of them an item's text must cover to count. */
  minCovered: number;
  /** Without filters: how many people per term, and how many in all, are weighed. */
  perTerm: number;
  shortlist: number;
  limit: number;
  offset: number;
}

/** A text as an element of a PostgreSQL array literal. */
const arrayItem = (text: string) => `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The terms of {@link STRONGEST_PER_TERM} as its array parameters: exact terms, and prefixes. */
function conceptTermParams(terms: ConceptTerm[]): Record<string, string> {
  const exact = terms.filter((term) => !term.prefix);
  const prefixes = terms.filter((term) => term.prefix);
  const list = (items: string[]) => `{${items.join(',')}}`;
  return {
    words: list(exact.map((term) => arrayItem(term.term))),
    wordConcepts: list(exact.map((term) => String(term.concept))),
    prefixes: list(prefixes.map((term) => arrayItem(likePrefix(term.term)))),
    prefixConcepts: list(prefixes.map((term) => String(term.concept))),
  };
}

/**
 * One page of people ranked by the evidence they have for a query and/or topics, best first, each
 * with the evidence that counted most, and how many were ranked: one statement.
 */
export async function selectRankedExperts(
  em: EntityManager,
  query: RankedExpertsQuery,
): Promise<RankedExpertSqlRow[]> {
  const filter = filterSql(query.filter, query.includeFormer);
  const slots = slotsFor(query.asked.length);
  // A filter on employments, seats or claims narrows the people enough to weigh every one of them;
  // otherwise the strongest people per query term are weighed.
  const candidates = filter.relations.length
    ? `candidates as (select p.id as person_id from person p where ${filter.flags} and ${filter.relations.join(' and ')})`
    : STRONGEST_PER_TERM;
  const sql = `
    with ${candidates},
    asked as (
      select t.ord, coalesce(nullif(t.label, ''), (select x.label_da from topic x where x.id = t.id)) as label
      from jsonb_to_recordset(:terms::jsonb) as t (ord int, label text, id uuid)
    ),${evidenceSql(slots)},
    scored as (
      select e.*, e.topic_share > 0 as topic_match,
        -- Matching every word counts fully, half of them a quarter: weak matches rank below strong ones.
        -- When a topic or product the query names covers all its words, they are one concept:
        -- a text matching only some of them ("management" of "supplier management") does not count.
        case when e.covered >= :minCovered
          -- A word matched only by a prefix or the first part of a compound counts half.
          then power((e.covered + e.covered_exactly)::float8 / (2 * :wordCount), 2)
            * (0.5 + 0.5 * e.text_rank / (e.text_rank + 0.1))
          else 0 end
          + ${W.TOPIC_MATCH} * e.topic_share + ${W.PRODUCT_MATCH} * e.product_share as relevance
      from evidence e
    ),
    people as (
      select s.person_id, ${personScoreSql('p.status')} as score
      from scored s join person p on p.id = s.person_id
      where ${filter.flags} and s.relevance > 0
      group by s.person_id, p.status
      having sum(s.weight * s.relevance * s.recency) > 0
    ),
    page as (
      select person_id, score from people
      order by score desc, person_id
      limit :limit offset :offset
    ),
    -- The evidence of the people on the page, read once (not all of it once per person).
    on_page as materialized (
      select s.* from scored s where s.person_id in (select person_id from page)
    )
    select c.total, c.cut, page.person_id, page.score,
      (select jsonb_object_agg(a.ord, a.label) from asked a) as labels,
      ${evidenceShownSql('s.person_id = page.person_id', ['matched', 'partly', 'covered'], 'on_page')}
    from (select count(*) as total, ${
      filter.relations.length
        ? 'false'
        : '(select count(*) > :shortlist from pool) or exists (select 1 from strongest group by term, concept having count(*) >= :perTerm)'
    } as cut from people) c
    left join page on true
    order by page.score desc nulls last, page.person_id`;
  const params = {
    query: query.tsquery,
    topics: `{${query.topicIds.join(',')}}`,
    products: `{${query.productIds.join(',')}}`,
    terms: JSON.stringify(query.asked),
    wordCount: query.wordCount,
    minCovered: query.minCovered,
    ...conceptTermParams(query.terms),
    jointConcepts: `{${query.jointConcepts.join(',')}}`,
    perTerm: query.perTerm,
    shortlist: query.shortlist,
    ...filter.params,
    ...askedTermParams(query.asked, slots),
    limit: query.limit,
    offset: query.offset,
  };
  // The text depends only on the filters asked and the number of slots: a prepared statement, sent
  // without the query's values written into it.
  const { text, values } = positional(sql, params);
  // A filter's people are planned for each run: how many there are decides the plan.
  if (filter.relations.length) return preparedRead<RankedExpertSqlRow>(em, 'experts', text, values);
  return preparedReadWithSettings<RankedExpertSqlRow>(
    em,
    SHORTLIST_SETTINGS,
    'experts',
    text,
    values,
  );
}

/**
 * The expert search restricted to requirements: for every requirement in `requirementIds`, the
 * `first` people worth asking about it, in one statement. The evidence about a requirement (its
 * authors, the people in the procurements that used it, the authors of notes about it) counts at
 * ABOUT_REQUIREMENT relevance, and the evidence of the people strongest on its topics that shares
 * those topics at TOPIC_MATCH (both when both hold).
 */
export async function selectRequirementExperts(
  em: EntityManager,
  requirementIds: readonly string[],
  first: number,
  includeFormer: boolean,
): Promise<RequirementExpertSqlRow[]> {
  const sql = `
    with req as (
      select r.id as requirement_id,
        array(select x.topic_id from requirement_topics x where x.requirement_id = r.id) as topics
      from requirement r where r.id = any(:ids::uuid[])
    ),
    about as (
      select q.requirement_id, e.id as evidence_id, 'AUTHOR' as link
      from req q join expert_evidence e on e.kind = 'REQUIREMENT' and e.subject_id = q.requirement_id
      union
      select q.requirement_id, e.id, 'USED'
      from req q join requirement_usage u on u.requirement_id = q.requirement_id
      join expert_evidence e on e.kind = 'PROCUREMENT' and e.subject_id = u.procurement_id
      union
      select q.requirement_id, e.id, 'NOTE'
      from req q join knowledge_item k on k.requirement_id = q.requirement_id
      join expert_evidence e on e.kind = 'KNOWLEDGE' and e.subject_id = k.id
    ),
    topic_people as (
      select distinct q.requirement_id, c.person_id
      from req q cross join lateral unnest(q.topics) as t (topic_id)
      cross join lateral (
        select x.person_id from expert_term x where x.term = 'topic:' || t.topic_id
        order by x.impact desc limit :perTopic) c
    ),
    on_topic as (
      select tp.requirement_id, e.id as evidence_id, null::text as link
      from topic_people tp join req q on q.requirement_id = tp.requirement_id
      join expert_evidence e on e.person_id = tp.person_id and e.topic_ids && q.topics
    ),
    linked as (
      select requirement_id, evidence_id, max(link) as link
      from (select * from about union all select * from on_topic) x
      group by requirement_id, evidence_id
    ),
    scored as (
      select l.requirement_id, l.link, e.person_id, p.status, e.kind, e.subject_type, e.subject_id,
        e.subject_name, e.role, e.valid_from, e.valid_to, e.detail,
        ${WEIGHT_SQL},
        (e.topic_ids && q.topics) as topic_match,
        (case when l.link is not null then ${W.ABOUT_REQUIREMENT} else 0 end
          + case when e.topic_ids && q.topics then ${W.TOPIC_MATCH} else 0 end) as relevance,
        ${RECENCY_SQL}
      from linked l
      join expert_evidence e on e.id = l.evidence_id
      join req q on q.requirement_id = l.requirement_id
      join person p on p.id = e.person_id
      where ${listedSql(includeFormer)}
    ),
    people as (
      select s.requirement_id, s.person_id, ${personScoreSql('s.status')} as score
      from scored s group by s.requirement_id, s.person_id, s.status
    ),
    ranked as (
      select *, row_number() over (partition by requirement_id order by score desc, person_id) as rank
      from people where score > 0
    )
    select r.requirement_id, r.person_id, r.score,
      ${evidenceShownSql('s.requirement_id = r.requirement_id and s.person_id = r.person_id', ['link'])}
    from ranked r where r.rank <= :first
    order by r.requirement_id, r.rank`;
  return em.getConnection().execute<RequirementExpertSqlRow[]>(
    em.getKnex().raw(sql, {
      ids: `{${requirementIds.join(',')}}`,
      perTopic: W.CANDIDATES_PER_TOPIC,
      first,
    }),
  );
}
