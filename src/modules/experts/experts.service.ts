import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../../common/errors';
import type { PageArgs } from '../../common/pagination';
import { pageWindow } from '../../common/pagination';
import type { QueryTerm } from '../../search/query';
import { analyzeQuery, MAX_QUERY_LENGTH } from '../../search/query';
import type { EvidenceKind } from './evidence';
import type { RequirementLink } from './experts.reasons';
import type {
  AskedTerm,
  ConceptTerm,
  EvidenceJson,
  ExpertFilterIds,
  QueryEvidenceJson,
} from './experts.queries';
import { selectRankedExperts, selectRequirementExperts } from './experts.queries';

export type { ExpertFilterIds } from './experts.queries';

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

/** An evidence item as the ranking queries aggregate it to JSON (every column, null or not). */
export function toEvidenceRow(e: EvidenceJson): EvidenceRow {
  return {
    kind: e.kind,
    subjectType: e.subject_type,
    subjectId: e.subject_id,
    subjectName: e.subject_name,
    role: e.role,
    validFrom: e.valid_from,
    validTo: e.valid_to,
    weight: Number(e.weight),
    relevance: Number(e.relevance),
    recency: Number(e.recency),
    contribution: Number(e.contribution),
    topicMatch: Boolean(e.topic_match),
    matched: [],
    detail: e.detail,
  };
}

/** What the expert search is asked, by database id (the resolver decodes global ids). */
export interface ExpertSearch {
  query?: string | null;
  topicIds?: string[] | null;
  filter?: ExpertFilterIds;
  includeFormer?: boolean;
}

/**
 * How the unfiltered search keeps its work bounded. A broad query in a large network matches tens
 * of thousands of evidence items, but only people who hold much evidence for its terms (its words,
 * and the topics it names) can rank high. So for each term the CANDIDATES_PER_TERM people holding
 * the most evidence for it are read from `expert_term`; of them, those with the most evidence for
 * the query's concepts (see `STRONGEST_PER_TERM`) are weighed in full: SHORTLIST for each topic or
 * product the query names (at least one, at most MAX_SHORTLISTS), since each brings its own
 * specialists to compete for places. They are the same people for every page, so that paging
 * neither repeats nor skips anyone. On a network where no term has that many people, this is
 * everyone; where it is not, the count says it is a lower bound, and a filter (which weighs
 * everyone it admits) finds the rest. At 100,000 people `bench:search` checks that its 20 queries
 * get the same top ten as from weighing 4,000: 19 of 20 do, and of 50 queries made of topic
 * labels 46 (98% of the wider top tens' people found), where a shortlist of 100 by each person's
 * sum over terms found 13 of 20 and 20 of 50 (84% and 78%).
 */
export const CANDIDATES_PER_TERM = 100;
export const SHORTLIST = 100;
export const MAX_SHORTLISTS = 3;

/** How many people an unfiltered search weighs: {@link SHORTLIST} per topic or product named. */
export function shortlistFor(asked: AskedTerm[]): number {
  const named = asked.filter((term) => term.kind !== 'WORD').length;
  return SHORTLIST * Math.min(MAX_SHORTLISTS, Math.max(1, named));
}

/**
 * The asked words that count only together (see `RankedExpertsQuery.jointConcepts`): where a
 * topic or product covers all the query's words (`minCovered` is their number), the words of
 * asked terms that cover only some of them.
 */
export function jointConcepts(asked: AskedTerm[], minCovered: number): number[] {
  if (minCovered < 2) return [];
  return asked
    .filter((term) => term.kind === 'WORD' && term.words.length < minCovered)
    .map((term) => term.ord);
}

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

/**
 * The terms of `expert_term` whose strongest people are weighed, each with the concept of the
 * query it stands for (see `STRONGEST_PER_TERM`): an asked term's words and prefixes, and its
 * topic or product, are its concept; a term of the query that no asked term holds, and a topic or
 * product asked for that none names, is a concept of its own.
 */
export function conceptTerms(
  asked: AskedTerm[],
  tsquery: string,
  topicIds: string[],
  productIds: string[],
): ConceptTerm[] {
  const terms: ConceptTerm[] = [];
  const seen = new Set<string>();
  const add = (term: string, prefix: boolean, concept: number) => {
    const key = `${concept}${prefix ? '*' : '='}${term}`;
    if (seen.has(key)) return;
    seen.add(key);
    terms.push({ term, prefix, concept });
  };
  const lexemes = (query: string | null, concept: number) => {
    const { words, prefixes } = tsqueryTerms(query ?? '');
    for (const word of words) add(word, false, concept);
    for (const prefix of prefixes) add(prefix, true, concept);
  };
  for (const term of asked) {
    lexemes(term.query, term.ord);
    if (term.kind === 'TOPIC' && term.id) add(`topic:${term.id}`, false, term.ord);
    if (term.kind === 'PRODUCT' && term.id) add(`product:${term.id}`, false, term.ord);
  }
  // Whatever the query holds beyond its asked terms counts too, each on its own.
  let next = asked.length;
  const held = new Set(terms.map((term) => `${term.prefix ? '*' : '='}${term.term}`));
  const own = (term: string, prefix: boolean) => {
    const key = `${prefix ? '*' : '='}${term}`;
    if (held.has(key)) return;
    held.add(key);
    add(term, prefix, next++);
  };
  const all = tsqueryTerms(tsquery);
  for (const word of all.words) own(word, false);
  for (const prefix of all.prefixes) own(prefix, true);
  for (const id of topicIds) own(`topic:${id}`, false);
  for (const id of productIds) own(`product:${id}`, false);
  return terms;
}

/**
 * What of the query an evidence item matched, from the ordinals the ranking query returns (a topic
 * asked for by id is named by the topic's label). Where the query is one concept (a topic or
 * product covering all its words), a word of it is no match on its own.
 */
function matchedTerms(
  asked: AskedTerm[],
  item: QueryEvidenceJson,
  labels: Record<string, string>,
  minCovered: number,
): MatchedTerm[] {
  const partly = new Set(item.partly ?? []);
  return (item.matched ?? [])
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
 * Ranks people by the evidence they have for a query and/or topics, best first, each with the
 * evidence that counted most. Three statements: two to analyse the query, one to rank.
 */
export async function rankExperts(
  em: EntityManager,
  search: ExpertSearch,
  args: PageArgs,
  options: { candidatesPerTerm?: number; shortlist?: number } = {},
): Promise<{
  rows: ExpertRow[];
  total: number;
  /** Whether more people had evidence for the query than were ranked (see SHORTLIST). */
  totalIsLowerBound: boolean;
  window: ReturnType<typeof pageWindow>;
}> {
  const window = pageWindow(args);
  const text = search.query?.trim() ?? '';
  if (text.length > MAX_QUERY_LENGTH) {
    throw new BadUserInputError('query', `query must be at most ${MAX_QUERY_LENGTH} characters`);
  }
  const topicIds = search.topicIds ?? [];
  if (!text && topicIds.length === 0) {
    throw new BadUserInputError('query', 'Give a query, topicIds, or both');
  }
  const analyzed = text
    ? await analyzeQuery(em, text)
    : { tsquery: '', topicIds: [], productIds: [], terms: [], wordCount: 0 };
  if (text && !analyzed.tsquery && analyzed.terms.length === 0 && topicIds.length === 0) {
    return { rows: [], total: 0, totalIsLowerBound: false, window };
  }
  const asked = askedTerms(analyzed.terms, analyzed.wordCount, topicIds);
  const minCovered =
    analyzed.wordCount >= 2 &&
    analyzed.terms.some((term) => term.kind !== 'WORD' && term.words.length === analyzed.wordCount)
      ? analyzed.wordCount
      : 1;
  const allTopicIds = [...new Set([...topicIds, ...analyzed.topicIds])];
  const result = await selectRankedExperts(em, {
    filter: search.filter ?? {},
    includeFormer: search.includeFormer ?? false,
    tsquery: analyzed.tsquery || null,
    terms: conceptTerms(asked, analyzed.tsquery, allTopicIds, analyzed.productIds),
    jointConcepts: jointConcepts(asked, minCovered),
    topicIds: allTopicIds,
    productIds: analyzed.productIds,
    asked,
    wordCount: Math.max(1, analyzed.wordCount),
    minCovered,
    perTerm: options.candidatesPerTerm ?? CANDIDATES_PER_TERM,
    shortlist: options.shortlist ?? shortlistFor(asked),
    limit: window.limit,
    offset: window.offset,
  });
  const rows = result.flatMap((row) =>
    row.person_id === null
      ? []
      : [
          {
            personId: row.person_id,
            score: Number(row.score),
            evidence: (row.evidence ?? []).map((item) => ({
              ...toEvidenceRow(item),
              matched: matchedTerms(asked, item, row.labels ?? {}, minCovered),
            })),
          },
        ],
  );
  const total = Number(result[0]?.total ?? 0);
  return { rows, total, totalIsLowerBound: result[0]?.cut ?? false, window };
}

/** A piece of evidence behind someone worth asking about a requirement, and how it concerns it. */
export interface RequirementEvidenceRow extends EvidenceRow {
  /** How the evidence is about the requirement itself; null when it only shares its topics. */
  link: RequirementLink | null;
}

/** A person worth asking about a requirement. */
export interface RequirementExpertRow {
  personId: string;
  score: number;
  evidence: RequirementEvidenceRow[];
}

/**
 * The expert search restricted to one requirement: the evidence about it (its authors, the people
 * in the procurements that used it, the authors of notes about it) at ABOUT_REQUIREMENT relevance,
 * and the evidence of the people strongest on its topics that shares those topics, at TOPIC_MATCH
 * (both when both hold). Weights, recency and the share kept by people who left are the expert
 * search's own. For every requirement in `requirementIds` at once, in one statement; erased people
 * and people who did not consent to be listed as experts are left out, and so are people who have
 * left unless `includeFormer` (as in the expert search).
 */
export async function rankRequirementExperts(
  em: EntityManager,
  requirementIds: readonly string[],
  first: number,
  includeFormer = false,
): Promise<Map<string, RequirementExpertRow[]>> {
  const result = await selectRequirementExperts(em, requirementIds, first, includeFormer);
  const ranked = new Map<string, RequirementExpertRow[]>();
  for (const row of result) {
    let people = ranked.get(row.requirement_id);
    if (!people) ranked.set(row.requirement_id, (people = []));
    people.push({
      personId: row.person_id,
      score: Number(row.score),
      evidence: (row.evidence ?? []).map((e) => ({ ...toEvidenceRow(e), link: e.link ?? null })),
    });
  }
  return ranked;
}
