import type { EntityManager } from '@mikro-orm/postgresql';
import { validOnSql } from '../../common/temporal';
import { BadUserInputError } from '../../common/errors';
import { fromGlobalId } from '../../common/global-id';
import type { PageArgs } from '../../common/pagination';
import { pageWindow } from '../../common/pagination';
import type { QueryTerm } from '../../search/query';
import { analyzeQuery, MAX_QUERY_LENGTH } from '../../search/query';
import { RANKING } from './ranking';

/** What kind of thing a piece of evidence is. */
export type EvidenceKind = 'CLAIM' | 'MEMBERSHIP' | 'PROCUREMENT' | 'REQUIREMENT' | 'KNOWLEDGE';

/** A word, topic or product of the query that a piece of evidence matched. */
export interface MatchedTerm {
  kind: QueryTerm['kind'];
  label: string;
  /** Which of the query's content words it stands for. */
  words: number[];
  /** A word matched only by its beginning or its first part ("leverandør" of "leverandørstyring"). */
  partly?: boolean;
}

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
  /** What of the query it matched: words as written, topics and products by name. */
  matched: MatchedTerm[];
  /** Extra facts for the reason: endorsements, usages, the product, the year. */
  detail: string | null;
}

export interface ExpertRow {
  personId: string;
  score: number;
  evidence: EvidenceRow[];
}

/** An evidence item as the ranking queries aggregate it to JSON (snake_case columns). */
export function toEvidenceRow(e: Record<string, unknown>): EvidenceRow {
  return {
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
    matched: [],
    detail: (e.detail as string) ?? null,
  };
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

/**
 * How the unfiltered search keeps its work bounded. A broad query in a large network matches tens
 * of thousands of evidence items, but only people who hold much evidence for its terms (its words,
 * and the topics it names) can rank high. So for each term the CANDIDATES_PER_TERM people holding
 * the most evidence for it are read from `expert_term`; the SHORTLIST of them with the most
 * evidence over all terms are weighed in full (more when paging deeper). On a network where no
 * term has that many people, this is everyone.
 */
export const CANDIDATES_PER_TERM = 100;
export const SHORTLIST = 200;
/** How many known words a prefix ("faktor:*") stands for, shortest first. */
const PREFIX_EXPANSION = 20;

/** The lexemes of a tsquery's text form: whole words, and prefixes (`'word':*`). */
export function tsqueryTerms(tsquery: string): { words: string[]; prefixes: string[] } {
  const words = new Set<string>();
  const prefixes = new Set<string>();
  for (const match of tsquery.matchAll(/'((?:[^']|'')+)'(:\*)?/g)) {
    const lexeme = match[1].replace(/''/g, "'");
    (match[2] ? prefixes : words).add(lexeme);
  }
  return { words: [...words], prefixes: [...prefixes] };
}

/** A text as an element of a PostgreSQL array literal. */
const arrayItem = (text: string) => `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The people to weigh when no filter narrows them: the strongest per query term. */
const STRONGEST_PER_TERM = `
    terms as (
      select unnest(:words::text[]) as term
      union select l.lexeme from unnest(:prefixes::text[]) as p (pattern)
        cross join lateral (
          select lexeme from search_lexeme where lexeme like p.pattern
          order by length(lexeme), lexeme limit ${PREFIX_EXPANSION}) l
      union select 'topic:' || unnest(:topics::uuid[])
      union select 'product:' || unnest(:products::uuid[])
    ),
    candidates as (
      select c.person_id from terms t
      cross join lateral (
        select x.person_id, x.impact from expert_term x where x.term = t.term
        order by x.impact desc limit :perTerm) c
      group by c.person_id
      order by sum(c.impact) desc, c.person_id
      limit :shortlist
    )`;

/**
 * The evidence of the candidates that matches a term of the query, with what it matched: how many
 * of the query's content words its text covers (directly, or through the names of a topic or
 * product the query names), and the share of the query of the topics and products it is tied to.
 * Evidence that matches nothing in the query does not count.
 */
const EVIDENCE = `
    select e.person_id, e.kind, e.subject_type, e.subject_id, e.subject_name, e.role, e.valid_from,
      e.valid_to, expert_evidence_weight(e.kind, e.role, e.outcome, e.n, e.valid_from) as weight,
      coalesce(ts_rank(e.search_vector, :query::tsquery, 32), 0) as text_rank,
      m.covered, m.covered_exactly, m.topic_share, m.product_share, m.matched, m.partly,
      expert_evidence_recency(e.kind, e.recency_from) as recency,
      e.detail
    from candidates c join expert_evidence e on e.person_id = c.person_id
    -- Each term of the query is matched against the item once (its text is read once per term).
    cross join lateral (
      select
        count(distinct w) filter (where h.text_hit) as covered,
        count(distinct w) filter (where h.exact_hit) as covered_exactly,
        coalesce(max(h.share) filter (where h.kind = 'TOPIC' and h.linked), 0) as topic_share,
        coalesce(max(h.share) filter (where h.kind = 'PRODUCT' and h.linked), 0) as product_share,
        array_agg(distinct h.ord) filter (where h.text_hit or h.linked) as matched,
        array_agg(distinct h.ord) filter (where h.text_hit and not h.exact_hit and h.kind = 'WORD')
          as partly
      from (
        select t.*, coalesce(e.search_vector @@ t.query, false) as text_hit,
          coalesce(e.search_vector @@ t.query and e.search_vector @@ t.exact, false) as exact_hit,
          (t.kind = 'TOPIC' and t.id = any(e.topic_ids))
            or (t.kind = 'PRODUCT' and t.id = any(e.product_ids)) as linked
        from asked t
      ) h
      left join lateral unnest(h.words) as w on true
    ) m
    where e.search_vector @@ :query::tsquery or e.topic_ids && :topics::uuid[]
      or e.product_ids && :products::uuid[]`;

/** A term of the query as the ranking query reads it, with its share of the query. */
interface AskedTerm {
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
 * What of the query an evidence item matched, from the ordinals the ranking query returns (a topic
 * asked for by id is named by the topic's label). Where the query is one concept (a topic or
 * product covering all its words), a word of it is no match on its own.
 */
function matchedTerms(
  asked: AskedTerm[],
  item: Record<string, unknown>,
  labels: Record<string, string>,
  minCovered: number,
): MatchedTerm[] {
  const partly = new Set((item.partly as number[] | null) ?? []);
  return ((item.matched as number[] | null) ?? [])
    .sort((a, b) => a - b)
    .map((ord) => asked[ord])
    .filter((term) => term.kind !== 'WORD' || Number(item.covered ?? 0) >= minCovered)
    .map((term) => ({
      kind: term.kind,
      label: term.label || labels[term.ord] || '',
      words: term.words,
      partly: partly.has(term.ord),
    }));
}

/** The query's terms as the ranking query reads them, each with its share of the query. */
function askedTerms(terms: QueryTerm[], wordCount: number, topicIds: string[]): AskedTerm[] {
  const asked: AskedTerm[] = terms.map((term, ord) => ({
    ord,
    kind: term.kind,
    label: term.label,
    id: term.id,
    query: term.tsquery || null,
    exact: term.exact || null,
    words: term.words,
    share: Math.min(1, term.words.length / Math.max(1, wordCount)),
  }));
  // Topics asked for by id stand for the whole query.
  const named = new Set(terms.map((term) => term.id));
  for (const id of topicIds.filter((topicId) => !named.has(topicId))) {
    asked.push({
      ord: asked.length,
      kind: 'TOPIC',
      label: '',
      id,
      query: null,
      exact: null,
      words: [],
      share: 1,
    });
  }
  return asked;
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
  const flags = [
    'p.listed_as_expert',
    includeFormer ? `p.status <> 'ERASED'` : `p.status = 'ACTIVE'`,
  ];
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

/**
 * Ranks people by the evidence they have for a query and/or topics, best first, each with the
 * evidence that counted most. Four statements: three to analyse the query, one to rank.
 */
export async function rankExperts(
  em: EntityManager,
  search: ExpertSearch,
  args: PageArgs,
  options: { candidatesPerTerm?: number; shortlist?: number } = {},
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
  const analyzed = text
    ? await analyzeQuery(em, text)
    : { tsquery: '', topicIds: [], productIds: [], terms: [], wordCount: 0 };
  if (text && !analyzed.tsquery && analyzed.terms.length === 0 && topicIds.length === 0) {
    return { rows: [], total: 0, window };
  }
  const topics = [...new Set([...topicIds, ...analyzed.topicIds])];
  const filter = filterSql(search.filter ?? {}, search.includeFormer ?? false);
  // A filter on employments, seats or claims narrows the people enough to weigh every one of them;
  // otherwise the strongest people per query term are weighed.
  const candidates = filter.relations.length
    ? `candidates as (select p.id as person_id from person p where ${filter.flags} and ${filter.relations.join(' and ')})`
    : STRONGEST_PER_TERM;
  const sql = `
    with ${candidates},
    asked as materialized (
      select t.ord, t.kind, t.id, t.query::tsquery as query, t.exact::tsquery as exact, t.words, t.share,
        coalesce(nullif(t.label, ''), (select x.label_da from topic x where x.id = t.id)) as label
      from jsonb_to_recordset(:terms::jsonb)
        as t (ord int, kind text, label text, id uuid, query text, exact text, words int[], share float8)
    ),
    evidence as (${EVIDENCE}
    ),
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
      select s.person_id,
        sum(s.weight * s.relevance * s.recency)
          * (case when p.status = 'ACTIVE' then 1 else ${W.FORMER_FACTOR} end) as score
      from scored s join person p on p.id = s.person_id
      where ${filter.flags} and s.relevance > 0
      group by s.person_id, p.status
      having sum(s.weight * s.relevance * s.recency) > 0
    ),
    page as (
      select person_id, score from people
      order by score desc, person_id
      limit :limit offset :offset
    )
    select c.total, page.person_id, page.score,
      (select jsonb_object_agg(a.ord, a.label) from asked a) as labels,
      (select json_agg(x) from (
        select s.kind, s.subject_type, s.subject_id, s.subject_name, s.role, s.valid_from, s.valid_to,
          s.weight, s.relevance, s.recency, s.weight * s.relevance * s.recency as contribution,
          s.topic_match, s.matched, s.partly, s.covered, s.detail
        from scored s where s.person_id = page.person_id and s.weight * s.relevance * s.recency > 0
        order by s.weight * s.relevance * s.recency desc, s.subject_id
        limit ${W.EVIDENCE_SHOWN}
      ) x) as evidence
    from (select count(*) as total from people) c
    left join page on true
    order by page.score desc nulls last, page.person_id`;
  const terms = tsqueryTerms(analyzed.tsquery);
  const asked = askedTerms(analyzed.terms, analyzed.wordCount, topicIds);
  const params = {
    query: analyzed.tsquery || null,
    topics: `{${topics.join(',')}}`,
    products: `{${analyzed.productIds.join(',')}}`,
    terms: JSON.stringify(asked),
    wordCount: Math.max(1, analyzed.wordCount),
    minCovered:
      analyzed.wordCount >= 2 &&
      analyzed.terms.some(
        (term) => term.kind !== 'WORD' && term.words.length === analyzed.wordCount,
      )
        ? analyzed.wordCount
        : 1,
    words: `{${terms.words.map(arrayItem).join(',')}}`,
    prefixes: `{${terms.prefixes.map((prefix) => arrayItem(likePrefix(prefix))).join(',')}}`,
    perTerm: Math.max(
      options.candidatesPerTerm ?? CANDIDATES_PER_TERM,
      window.offset + window.limit,
    ),
    shortlist: Math.max(options.shortlist ?? SHORTLIST, 2 * (window.offset + window.limit)),
    ...filter.params,
    limit: window.limit,
    offset: window.offset,
  };
  const result = (await em.getConnection().execute(em.getKnex().raw(sql, params))) as {
    person_id: string | null;
    score: number;
    total: string;
    labels: Record<string, string> | null;
    evidence: Record<string, unknown>[];
  }[];
  const rows = result
    .filter((row) => row.person_id !== null)
    .map((row) => ({
      personId: row.person_id as string,
      score: Number(row.score),
      evidence: (row.evidence ?? []).map((item) => ({
        ...toEvidenceRow(item),
        matched: matchedTerms(asked, item, row.labels ?? {}, params.minCovered),
      })),
    }));
  const total = Number(result[0]?.total ?? 0);
  return { rows, total, window };
}
