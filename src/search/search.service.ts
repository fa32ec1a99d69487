import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../common/errors';
import type { PageWindow } from '../common/pagination';
import { anonymousSql } from '../access/visibility';
import { preparedReadWithSettings } from '../db/prepared';
import { analyzeQuery, MAX_QUERY_LENGTH } from './query';
import { SEARCH_DESCRIPTORS, type SearchDescriptorOf, type SearchTypeName } from './registry';
import type { DocumentType, SearchHits, SearchOptions } from './search-index';

/** Relevance added when a hit is tied to a topic the query names. */
const TOPIC_BOOST = 0.5;

/**
 * The planner's cost of an operator call while searching (PostgreSQL's default is 0.0025). A
 * query with its synonyms is a `tsquery` of dozens of terms, and matching one row against it costs
 * far more than the default assumes: PostgreSQL then read a table of 30,000 groups whole, matching
 * every row (40–120 ms), rather than taking the few hundred hits from the GIN index (2–3 ms).
 */
const OPERATOR_COST = 0.025;

/**
 * How far hits are counted: each kind of thing's hits (and its things linked to a topic the query
 * names) are counted up to this many; when some kind has more, `totalCount` is this many and a
 * lower bound, as large search APIs do.
 */
export const SEARCH_COUNT_LIMIT = 1000;

/**
 * How many of each kind of thing's hits are ranked for the first pages: its first text hits, and
 * its first things linked to a topic the query names (which the topic boost ranks highest). A
 * page reaches at most 100; 100 gave `bench:search` the same top ten as ranking every hit, for
 * each of its 20 queries, as 200 did, and its PostgreSQL time a sixth less (`ts_rank` with a
 * query's synonyms costs 5–10 µs a hit).
 */
export const SEARCH_RANKED = 100;

/**
 * The search statement's parameters, in order: it is a prepared statement (see
 * {@link searchPostgres}), the same text for every query.
 */
const PARAMETERS = [
  'query',
  'match',
  'topics',
  'highlight',
  'limit',
  'offset',
  'scan',
  'bound',
  'rank',
  'types',
] as const;
type Parameter = (typeof PARAMETERS)[number];
const P = Object.fromEntries(PARAMETERS.map((name, i) => [name, `$${i + 1}`])) as Record<
  Parameter,
  string
>;

/** SQL: a type's own condition and what the caller may read, each as `and …` (or nothing). */
function conditions(descriptor: SearchDescriptorOf, readable: string): string {
  return [descriptor.where, readable === 'true' ? undefined : readable]
    .filter(Boolean)
    .map((condition) => ` and ${condition}`)
    .join('');
}

/** SQL: how well `vector` matches the query as written (with its synonyms). */
const rank = (vector: string) => `ts_rank(${vector}, ${P.query}::tsquery, 32)`;

/**
 * SQL: the things linked to a topic the query names, numbered in the order they were linked (the
 * link table's `link_order`; a thing linked to several of them by its first link), the first
 * `:scan` of them. Each topic's first `:scan` links are read in that order from the index on
 * topic and order, and that is enough: a thing among the first `:scan` has its first link among
 * its topic's first `:scan`, since each link before it in that topic is another thing's, which
 * comes before it.
 */
const linkedInOrder = (pivot: string, owner: string) => `(
        select l.id, row_number() over (order by l.at) as n
        from (select k.id, min(k.at) as at from unnest(${P.topics}::uuid[]) as t (topic_id)
          cross join lateral (select x.${owner} as id, x.link_order as at from ${pivot} x
            where x.topic_id = t.topic_id order by x.link_order limit ${P.scan}) k
          group by k.id order by at limit ${P.scan}) l)`;

/**
 * The hits of one searchable type: id, score, tier (1: a candidate, ranked for the first pages;
 * 2: past the candidates, ranked after them only for a page beyond them, else without a score)
 * and whether it is past what is counted.
 *
 * Candidates, not every hit, are ranked: ranking costs a `ts_rank` per hit with the query and all
 * its synonyms (dozens of terms), and a broad query has tens of thousands of hits in a large
 * network. A type's candidates are the first `:rank` of its hits whose title matches (found by
 * the title's own index, so one stored last is a candidate as much as one stored first) followed
 * by its other text hits in the order its GIN index gives them (a bitmap scan: the table's
 * physical order, stable for a given table), and its first `:rank` things linked to a topic the
 * query names (in the order they were linked: {@link linkedInOrder}). Both are counted up to
 * `:bound`: read up to `:scan` (one past `:bound`, so that a further hit shows there are more)
 * for a page within the candidates, and all of them (`:scan` null) for a page past them; null
 * bounds (`exhaustive`) make every hit a candidate. A topic the query names is found by its key,
 * and all topics are candidates. `readable` narrows to what the caller may read.
 *
 * A match in the title weighs most in the rank; among the rest, in the generated network,
 * thousands of hits tie on score, and what ranks above them was written by hand and stored first.
 *
 * The text is matched through its GIN index (a bitmap scan) by the query's shortest alternatives
 * ({@link matchAlternatives}; it is ranked by the query as written, whose words the rank counts), and
 * the things linked to a named topic are read through the link table's topic index, each then by
 * key: a join of a candidate union back to the table was planned as a hash join over a
 * sequential scan of the whole table.
 */
function hits(descriptor: SearchDescriptorOf, readable = 'true'): string {
  const { type, table, topicLinks } = descriptor;
  const isTopic = descriptor.topics === 'self';
  const where = conditions(descriptor, readable);
  const text = `x.search_vector @@ any(${P.match}::tsquery[])`;
  const within = (n: string, bound: string) => `coalesce(${n} <= ${bound}, true)`;
  const past = (n: string) => `coalesce(${n} > ${P.bound}, false)`;
  // A score for the candidates, and for every hit on a page past them.
  const scored = (tier1: string, score: string) =>
    `case when ${tier1} or ${P.scan}::int is null then ${score} end`;
  // The text hits, numbered: the first `:rank` whose title matches (by the title's own index),
  // then the first `:scan` others in index order.
  const titled = `ts_filter(x.search_vector, '{a}') @@ any(${P.match}::tsquery[])`;
  const found = `(with titled as materialized (
        select x.id, x.search_vector as vector from ${table} x where ${titled}${where} limit ${P.rank})
      select s.*, row_number() over () as n from (
        select * from titled
        union all
        (select x.id, x.search_vector from ${table} x
          where ${text}${where} and x.id not in (select id from titled) limit ${P.scan})) s)`;
  if (topicLinks) {
    const { pivot, owner } = topicLinks;
    const tier1 = `(${within('f.n', P.rank)} or l.n <= ${P.rank})`;
    // The linked things read and ranked: the candidates, or all of them on a page past them.
    const fetched = `(${within('l.n', P.rank)} or ${P.scan}::int is null)`;
    return `(with found as materialized ${found},
      linked as materialized ${linkedInOrder(pivot, owner)}
      select '${type}', f.id,
        ${scored(tier1, `${rank('f.vector')} + (case when f.id in (select ${owner} from ${pivot} where topic_id = any(${P.topics}::uuid[])) then ${TOPIC_BOOST} else 0 end)`)},
        case when ${tier1} then 1 else 2 end, ${past('f.n')} or ${past('l.n')}
      from found f left join linked l on l.id = f.id
      union all
      select '${type}', x.id, ${scored(within('l.n', P.rank), `${rank('x.search_vector')} + ${TOPIC_BOOST}`)},
        case when ${within('l.n', P.rank)} then 1 else 2 end, ${past('l.n')}
      from linked l cross join lateral (select * from ${table} t where t.id = l.id offset 0) x
      where not exists (select 1 from found f where f.id = l.id)${where}${where ? '' : ` and ${fetched}`}${
        where
          ? ''
          : `
      union all
      -- Counted, not ranked: a link names an existing thing, and nothing narrows them.
      select '${type}', l.id, null, 2, ${past('l.n')} from linked l
      where not exists (select 1 from found f where f.id = l.id) and not ${fetched}`
      })`;
  }
  if (isTopic) {
    const boost = ` + (case when x.id = any(${P.topics}::uuid[]) then 1 else 0 end)`;
    return `select '${type}', x.id, ${rank('x.search_vector')}${boost}, 1, false from ${table} x where ${text}${where}
      union all
      select '${type}', x.id, ${rank('x.search_vector')}${boost}, 1, false from ${table} x
      where x.id = any(${P.topics}::uuid[]) and not (${text})${where}`;
  }
  const tier1 = within('f.n', P.rank);
  return `select '${type}', f.id, ${scored(tier1, rank('f.vector'))},
      case when ${tier1} then 1 else 2 end, ${past('f.n')}
    from ${found} f`;
}

/**
 * The hits of one searchable type for a page within the candidates (the first pages, nearly every
 * search): the same candidates as {@link hits}, ranked the same, and one more row (id null) with
 * the type's count and whether it is past what is counted. Only candidates can reach such a page
 * (a type with hits past its candidates has `:rank` candidates, at least a page's worth), so the
 * rest are counted where they are read, not carried through the statement as rows: a broad query
 * reads a thousand hits of a type to count them and ranks a few hundred.
 *
 * The candidates: the first `:rank` of the type's hits whose title matches and then its other text
 * hits in index order, and its first `:rank` things linked to a topic the query names (each read
 * by key unless it is a text candidate). The count: its text hits (up to `:scan`, which is one
 * past `:bound`) and the linked things that are not among them; past `:bound` when either read
 * `:scan`, and then the linked things are not compared with the text hits at all (the total is
 * `:bound` and a lower bound).
 */
function firstPageHits(descriptor: SearchDescriptorOf, readable = 'true'): string {
  const { type, table, topicLinks } = descriptor;
  const isTopic = descriptor.topics === 'self';
  const where = conditions(descriptor, readable);
  if (isTopic) {
    const text = `x.search_vector @@ any(${P.match}::tsquery[])`;
    const boost = ` + (case when x.id = any(${P.topics}::uuid[]) then 1 else 0 end)`;
    return `(with found as materialized (
        select x.id, ${rank('x.search_vector')}${boost} as score from ${table} x where ${text}${where}
        union all
        select x.id, ${rank('x.search_vector')}${boost} from ${table} x
        where x.id = any(${P.topics}::uuid[]) and not (${text})${where})
      select '${type}', id, score, null::bigint, null::boolean from found
      union all
      select '${type}', null, null, (select count(*) from found), false)`;
  }
  const matches = (vector: string) => `${vector} @@ any(${P.match}::tsquery[])`;
  const titleMatches = (vector: string) => matches(`ts_filter(${vector}, '{a}')`);
  // The first `:scan` text hits, in index order, counted; the first `:rank` of them whose title
  // matches are the first such hits of all when there are that many, or when they are all the
  // hits; else the title's own index finds them (a bitmap scan as costly as the text's).
  const ctes = `hits as materialized (
        select x.id, x.search_vector as vector from ${table} x
        where ${matches('x.search_vector')}${where} limit ${P.scan}),
      hit_titles as materialized (
        select id, vector from hits where ${titleMatches('vector')} limit ${P.rank}),
      titled as materialized (
        select id, vector from hit_titles
        where (select count(*) from hit_titles) >= ${P.rank} or (select count(*) from hits) <= ${P.bound}
        union all
        (select x.id, x.search_vector from ${table} x
          where ${titleMatches('x.search_vector')}${where}
            and (select count(*) from hit_titles) < ${P.rank} and (select count(*) from hits) > ${P.bound}
          limit ${P.rank})),
      text as (
        select id, vector from titled
        union all
        (select id, vector from hits where id not in (select id from titled)
          limit greatest(${P.rank} - (select count(*) from titled), 0))),
      counts as (select found, found > ${P.bound} as past from (select count(*) as found from hits) c)`;
  if (!topicLinks) {
    return `(with ${ctes}
      select '${type}', id, ${rank('vector')}, null::bigint, null::boolean from text
      union all
      select '${type}', null, null, found, past from counts)`;
  }
  const { pivot, owner } = topicLinks;
  const named = `(select ${owner} from ${pivot} where topic_id = any(${P.topics}::uuid[]))`;
  const readableById = where
    ? ` and exists (select 1 from ${table} x where x.id = l.id${where})`
    : '';
  return `(with ${ctes},
      linked as materialized ${linkedInOrder(pivot, owner)},
      ranked as (
        select id, vector from text
        union all
        select x.id, x.search_vector from linked l
        cross join lateral (select * from ${table} t where t.id = l.id offset 0) x
        where l.n <= ${P.rank} and not exists (select 1 from text t where t.id = l.id)${where})
      select '${type}', r.id,
        ${rank('r.vector')} + (case when r.id in ${named} then ${TOPIC_BOOST} else 0 end), null::bigint, null::boolean
      from ranked r
      union all
      select '${type}', null, null,
        case when c.past or k.past then null else c.found + (select count(*) from linked l
          where not exists (select 1 from hits f where f.id = l.id)${readableById}) end,
        c.past or k.past
      from counts c, (select count(*) > ${P.bound} as past from linked) k)`;
}

/** Each type's hits: for any page (see {@link hits}), and for the first pages alone. */
interface TypeHits {
  key: SearchTypeName;
  any: string;
  first: string;
}

const HITS = new Map<SearchTypeName, TypeHits>(
  SEARCH_DESCRIPTORS.map((descriptor) => [
    descriptor.key,
    { key: descriptor.key, any: hits(descriptor), first: firstPageHits(descriptor) },
  ]),
);

/** What anonymous callers may find: the types, and of them the rows, the visibility policy allows. */
const PUBLIC_HITS = new Map<SearchTypeName, TypeHits>(
  SEARCH_DESCRIPTORS.flatMap((descriptor) => {
    const readable = anonymousSql(descriptor.type, 'x');
    return readable === 'false'
      ? []
      : [
          [
            descriptor.key,
            {
              key: descriptor.key,
              any: hits(descriptor, readable),
              first: firstPageHits(descriptor, readable),
            },
          ] as const,
        ];
  }),
);

/** SQL: the text of a page's hit to cut its snippet from, read by key for the page alone. */
const SNIPPET_TEXT = `case page.type ${SEARCH_DESCRIPTORS.map(
  ({ type, table, title, body }) =>
    `when '${type}' then (select ${title} || ': ' || ${body} from ${table} x where x.id = page.id)`,
).join(' ')} end`;

/**
 * How the search statement is planned, in one statement: operator calls priced as they cost
 * ({@link OPERATOR_COST}), and each table's hits read from its index (a bitmap scan) in the
 * table's order from its start. The candidates are the first hits in that order, so it must be
 * the same for every page: not a parallel scan (each worker reads a part), nor a sequential scan
 * (with a limit the planner prefers one, matching row after row against the query, and a
 * synchronised one starts where another scan of the table is). The statement is prepared, and
 * planned once per connection for every query (a generic plan: its parameters are the query, not
 * its text); planning it for each query cost 5–7 ms, as much as running it.
 */
const SETTINGS = [
  `set local cpu_operator_cost = ${OPERATOR_COST}`,
  'set local max_parallel_workers_per_gather = 0',
  'set local enable_seqscan = off',
  'set local synchronize_seqscans = off',
  'set local plan_cache_mode = force_generic_plan',
].join('; ');

/** SQL: the snippet of a page's hit, its matching words marked. */
const SNIPPET = `ts_headline('pg_catalog.danish',
        replace(replace(replace(${SNIPPET_TEXT}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
        ${P.highlight}::tsquery,
        'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')`;

/**
 * The search statement over the hits of every type a reader may find ({@link TypeHits}: `first`
 * for a page within the candidates, `any` for any page), built once: it is prepared, and so
 * planned once per connection, for each of these four. The types asked for are a parameter: the
 * others' hits are not read at all (a condition on parameters alone is checked before its part of
 * the plan runs). A statement for each set of types would be planned and kept (some 1.6 MB) for
 * each set on each connection.
 */
const statements = new Map<string, string>();
function searchStatement(kind: 'any' | 'first', publicOnly: boolean): string {
  const key = `${kind}:${publicOnly}`;
  let sql = statements.get(key);
  if (sql !== undefined) return sql;
  const union = [...(publicOnly ? PUBLIC_HITS : HITS).values()]
    .map((hits) => `select * from (${hits[kind]}) h where '${hits.key}' = any(${P.types}::text[])`)
    .join('\n    union all\n    ');
  sql =
    kind === 'first'
      ? `
    with hits (type, id, score, found, past) as (${union}),
    counted as (select coalesce(sum(found), 0) as total, coalesce(bool_or(past), false) as more
      from hits where id is null),
    page as (select * from hits where id is not null order by score desc, type, id
      limit ${P.limit} offset ${P.offset})
    select counted.total, counted.more, page.type, page.id, page.score, ${SNIPPET} as snippet
    from counted left join page on true
    order by page.score desc nulls last, page.type, page.id`
      : `
    with hits (type, id, score, tier, past) as (${union}),
    counted as (select count(*) as total, coalesce(bool_or(past), false) as more from hits),
    page as (select * from hits order by tier, score desc, type, id limit ${P.limit} offset ${P.offset})
    select counted.total, counted.more, page.type, page.id, page.score, ${SNIPPET} as snippet
    from counted left join page on true
    order by page.tier, page.score desc nulls last, page.type, page.id`;
  statements.set(key, sql);
  return sql;
}

/** One row of a search's page: a hit, with the count; a page past the end is one row of nulls. */
interface PageRow {
  total: string;
  /** Whether some type has more hits than were counted. */
  more: boolean;
  type: DocumentType | null;
  id: string;
  score: number;
  snippet: string;
}

/** The parts of a `tsquery` text at its top level, split at `sep` outside quotes and brackets. */
function splitTop(tsquery: string, sep: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < tsquery.length; i++) {
    const c = tsquery[i];
    if (c === "'") quoted = !quoted;
    else if (quoted) continue;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && sep.test(c)) {
      parts.push(tsquery.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(tsquery.slice(start));
  return parts.map((part) => part.trim()).filter(Boolean);
}

/** Whether a `tsquery` text is one bracketed expression. */
function bracketed(text: string): boolean {
  return text.startsWith('(') && text.endsWith(')') && splitTop(text, /[|&<]/).length === 1;
}

/**
 * The alternatives of a `tsquery` text (the parts of its ors, to any depth), each once. `or` of
 * them is the same query: it matches the same texts and holds the same words.
 */
function alternatives(tsquery: string): string[] {
  const parts = splitTop(tsquery, /\|/);
  const flat =
    parts.length === 1 && !bracketed(parts[0])
      ? parts
      : parts.flatMap((part) => (bracketed(part) ? alternatives(part.slice(1, -1)) : [part]));
  return [...new Set(flat)];
}

/** A `tsquery` text of alternatives, each bracketed unless it is one operand. */
const anyOf = (parts: string[]) =>
  parts.map((part) => (/^'(?:[^']|'')+'(?::\*)?$/.test(part) ? part : `(${part})`)).join(' | ');

/** An operand of a `tsquery` text: `'lexeme'`, or `'lexeme':*` for a prefix. */
interface Operand {
  lexeme: string;
  prefix: boolean;
}

/** The operand a part of a `tsquery` text is (after a phrase's `<->` or `<2>`), if it is one. */
function operandOf(text: string): Operand | undefined {
  const match = /^(?:\d*-?>\s*)?'((?:[^']|'')+)'(:\*)?$/.exec(text.trim());
  return match
    ? { lexeme: match[1].replace(/''/g, "'"), prefix: match[2] !== undefined }
    : undefined;
}

/** Whether every text holding `word` matches `by` too. */
const implies = (word: Operand, by: Operand) =>
  by.prefix ? word.lexeme.startsWith(by.lexeme) : !word.prefix && word.lexeme === by.lexeme;

/**
 * The alternatives of a query as `tsquery` (text, as {@link analyzeQuery} writes it: operands, ands,
 * ors and phrases, never a not) that it takes to match the same texts: each once (an and of the
 * same operands in another order too), leaving out those that need a word which an alternative of
 * one operand matches ("krav" makes "nonfunktionel & krav" and "krav <-> sæt" needless, and the
 * prefix "leverando:*" makes "leverandoerstyring" and "styring & leverando" needless). A query and
 * its synonyms repeat words, and phrases that hold them, many times over: the 80 terms of
 * "nonfunktionelle krav" are 10 such alternatives, the 25 of "leverandørstyring" 4.
 *
 * The search matches them as an array (`@@ any(...)`): the GIN index then looks each alternative
 * up on its own (an and by its rarest word first), where one `tsquery` of them all is checked
 * against every text holding any of its words; for "leverandørstyring" 2 ms rather than 7.
 */
export function matchAlternatives(tsquery: string): string[] {
  const parts: { text: string; needs: Operand[]; ands?: Operand[] }[] = [];
  const conjunctions = new Set<string>();
  for (const text of alternatives(tsquery)) {
    // The words it needs: its operands outside brackets, joined by ands or phrases.
    const needs = splitTop(text, /[&<]/).map(operandOf);
    // An and of operands alone (or one operand): matched wherever each operand is.
    const ands = splitTop(text, /&/).map(operandOf);
    const plain = ands.every((operand) => operand !== undefined) ? ands : undefined;
    if (plain) {
      const key = plain
        .map((o) => `${o.lexeme}${o.prefix ? ':*' : ''}`)
        .sort()
        .join(' & ');
      if (conjunctions.has(key)) continue;
      conjunctions.add(key);
    }
    parts.push({ text, needs: needs.filter((o) => o !== undefined), ands: plain });
  }
  /** Whether every text that `part` matches holds each operand of `other`'s and. */
  const within = (part: (typeof parts)[number], other: (typeof parts)[number]) =>
    other.ands !== undefined &&
    other.ands.every((operand) => part.needs.some((word) => implies(word, operand)));
  return parts
    .filter(
      (part, index) =>
        !parts.some(
          (other, at) =>
            at !== index &&
            within(part, other) &&
            // Of two that match the same texts, the first is kept.
            !(at > index && within(other, part)),
        ),
    )
    .map((part) => part.text);
}

/** The same query as `tsquery` (text), shorter: its {@link matchAlternatives}, or-ed. */
export function shortestQuery(tsquery: string): string {
  return anyOf(matchAlternatives(tsquery));
}

/** `tsquery` (text) with each of its alternatives once: it matches and marks the same words. */
export function distinctQuery(tsquery: string): string {
  return anyOf(alternatives(tsquery));
}

/** Checks a search text: not empty, not too long. Returns it trimmed. */
export function validateSearchText(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new BadUserInputError('query', 'query must not be empty');
  if (trimmed.length > MAX_QUERY_LENGTH) {
    throw new BadUserInputError('query', `query must be at most ${MAX_QUERY_LENGTH} characters`);
  }
  return trimmed;
}

/** How the built-in engine searches, beyond what the caller may read. */
export interface PostgresSearchOptions extends SearchOptions {
  /**
   * Rank every hit, as before candidates were bounded (the benchmark compares against it), and
   * count them all.
   */
  exhaustive?: boolean;
  /** How many text hits of each type to rank ({@link SEARCH_RANKED}; tests set it low). */
  candidates?: number;
  /** How far to count each type's hits ({@link SEARCH_COUNT_LIMIT}; tests set it low). */
  countLimit?: number;
}

/**
 * The built-in engine: searches every kind of thing at once (or the `types` asked for), best match
 * first, with a snippet of each hit's text in which the matching words are marked. Prepared
 * statements, each planned once per connection: the query analysis (one small statement that
 * reads what changed in the vocabulary, then, unless the text's analysis is kept in memory, two:
 * its words and the words to mark, then the topics and products it names; see
 * {@link analyzeQuery}) and the search, in a transaction of its own so that {@link SETTINGS} hold
 * for it alone (begin with the settings, the search, commit): four or six round trips in all.
 *
 * It ranks each type's candidates (see {@link hits}) and counts its hits up to
 * {@link SEARCH_COUNT_LIMIT}: when some type has more, the total is that limit and a lower bound.
 * A page within the candidates (nearly every search) takes only them from each type, with its
 * count ({@link firstPageHits}); a page past them ranks and counts every hit, the candidates first
 * and the rest after them, so that pages neither overlap nor skip a hit.
 */
export async function searchPostgres(
  em: EntityManager,
  text: string,
  types: SearchTypeName[] | undefined,
  window: PageWindow,
  options: PostgresSearchOptions = {},
): Promise<SearchHits> {
  const none = { rows: [], total: 0, totalIsLowerBound: false, hasMore: false };
  const available = options.publicOnly ? PUBLIC_HITS : HITS;
  const wanted = (types && types.length > 0 ? types : [...HITS.keys()]).filter((type) =>
    available.has(type),
  );
  if (wanted.length === 0) return none;
  const analyzed = await analyzeQuery(em, text);
  if (!analyzed.tsquery) return none;
  const ranked = options.candidates ?? SEARCH_RANKED;
  const counted = options.countLimit ?? SEARCH_COUNT_LIMIT;
  // Within the candidates, each type's hits are read up to one past the count; past them, all are.
  const within = !options.exhaustive && window.offset + window.limit <= ranked;
  const values: Record<Parameter, unknown> = {
    query: analyzed.tsquery,
    match: matchAlternatives(analyzed.tsquery),
    topics: `{${analyzed.topicIds.join(',')}}`,
    highlight: distinctQuery(analyzed.highlight || analyzed.tsquery),
    limit: window.limit,
    offset: window.offset,
    scan: within ? counted + 1 : null,
    bound: options.exhaustive ? null : counted,
    rank: options.exhaustive ? null : ranked,
    types: wanted,
  };
  const result = await preparedReadWithSettings<PageRow>(
    em,
    SETTINGS,
    'search',
    searchStatement(within ? 'first' : 'any', Boolean(options.publicOnly)),
    PARAMETERS.map((name) => values[name]),
  );
  const total = Number(result[0]?.total ?? 0);
  // Within the candidates, a type with a hit past the count limit has more: the count stopped.
  const lowerBound = within && Boolean(result[0]?.more);
  return {
    rows: result
      .filter((row): row is PageRow & { type: DocumentType } => row.type !== null)
      .map((row) => ({
        type: row.type,
        id: row.id,
        score: Number(row.score),
        snippet: row.snippet,
      })),
    total: lowerBound ? counted : total,
    totalIsLowerBound: lowerBound,
    hasMore: lowerBound || window.offset + window.limit < total,
  };
}
