import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../common/errors';
import type { PageWindow } from '../common/pagination';
import { anonymousSql } from '../access/visibility';
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
 * its first things linked to a topic the query names (which the topic boost ranks highest).
 */
export const SEARCH_RANKED = 200;

/**
 * The hits of one searchable type: id, score, tier (1: a candidate, ranked for the first pages;
 * 2: past the candidates, ranked after them only for a page beyond them, else without a score)
 * and whether it is past what is counted.
 *
 * Candidates, not every hit, are ranked: ranking costs a `ts_rank` per hit with the query and all
 * its synonyms (dozens of terms), and a broad query has tens of thousands of hits in a large
 * network. A type's candidates are its first `:rank` hits whose title matches (found by the
 * title's own index, so one stored last is a candidate as much as one stored first), its first
 * `:rank` text hits in the order its GIN index gives them (a bitmap scan: the table's physical
 * order, stable for a given table), and its first
 * `:rank` things linked to a topic the query names (in the order they were linked, as the link
 * table holds them). Both are counted up to `:bound`: read up to `:scan` (one past `:bound`, so
 * that a further hit shows there are more) for a page within the candidates, and all of them
 * (`:scan` null) for a page past them; null bounds (`exhaustive`) make every hit a candidate. A
 * topic the query names is found by its key, and all topics are candidates. `readable` narrows
 * to what the caller may read.
 *
 * A match in the title weighs most in the rank; among the rest, in the generated network,
 * thousands of hits tie on score, and what ranks above them was written by hand and stored first.
 *
 * The text is matched through its GIN index (a bitmap scan) by the query written shortest
 * ({@link shortestQuery}; it is ranked by the query as written, whose words the rank counts), and
 * the things linked to a named topic are read through the link table's topic index, each then by
 * key: a join of a candidate union back to the table was planned as a hash join over a
 * sequential scan of the whole table.
 */
function hits(descriptor: SearchDescriptorOf, readable = 'true'): string {
  const { type, table, topicLinks } = descriptor;
  const isTopic = descriptor.topics === 'self';
  const where = [descriptor.where, readable === 'true' ? undefined : readable]
    .filter(Boolean)
    .map((condition) => ` and ${condition}`)
    .join('');
  const text = 'x.search_vector @@ :match::tsquery';
  const rank = (vector: string) => `ts_rank(${vector}, :query::tsquery, 32)`;
  const within = (n: string, bound: string) => `coalesce(${n} <= ${bound}, true)`;
  const past = (n: string) => `coalesce(${n} > :bound, false)`;
  // A score for the candidates, and for every hit on a page past them.
  const scored = (tier1: string, score: string) =>
    `case when ${tier1} or :scan::int is null then ${score} end`;
  // The text hits, numbered: the first `:rank` whose title matches (by the title's own index),
  // then the first `:scan` others in index order.
  const titled = `ts_filter(x.search_vector, '{a}') @@ :match::tsquery`;
  const found = `(with titled as materialized (
        select x.id, x.search_vector as vector from ${table} x where ${titled}${where} limit :rank)
      select s.*, row_number() over () as n from (
        select * from titled
        union all
        (select x.id, x.search_vector from ${table} x
          where ${text}${where} and x.id not in (select id from titled) limit :scan)) s)`;
  if (topicLinks) {
    const { pivot, owner } = topicLinks;
    const tier1 = `(${within('f.n', ':rank')} or l.n <= :rank)`;
    // The linked things read and ranked: the candidates, or all of them on a page past them.
    const fetched = `(${within('l.n', ':rank')} or :scan::int is null)`;
    return `(with found as materialized ${found},
      linked as materialized (select l.id, row_number() over (order by l.at) as n
        from (select ${owner} as id, min(ctid) as at from ${pivot} where topic_id = any(:topics::uuid[])
          group by ${owner} order by at limit :scan) l)
      select '${type}', f.id,
        ${scored(tier1, `${rank('f.vector')} + (case when f.id in (select ${owner} from ${pivot} where topic_id = any(:topics::uuid[])) then ${TOPIC_BOOST} else 0 end)`)},
        case when ${tier1} then 1 else 2 end, ${past('f.n')} or ${past('l.n')}
      from found f left join linked l on l.id = f.id
      union all
      select '${type}', x.id, ${scored(within('l.n', ':rank'), `${rank('x.search_vector')} + ${TOPIC_BOOST}`)},
        case when ${within('l.n', ':rank')} then 1 else 2 end, ${past('l.n')}
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
    const boost = ' + (case when x.id = any(:topics::uuid[]) then 1 else 0 end)';
    return `select '${type}', x.id, ${rank('x.search_vector')}${boost}, 1, false from ${table} x where ${text}${where}
      union all
      select '${type}', x.id, ${rank('x.search_vector')}${boost}, 1, false from ${table} x
      where x.id = any(:topics::uuid[]) and not (${text})${where}`;
  }
  const tier1 = within('f.n', ':rank');
  return `select '${type}', f.id, ${scored(tier1, rank('f.vector'))},
      case when ${tier1} then 1 else 2 end, ${past('f.n')}
    from ${found} f`;
}

const HITS = new Map<SearchTypeName, string>(
  SEARCH_DESCRIPTORS.map((descriptor) => [descriptor.key, hits(descriptor)]),
);

/** What anonymous callers may find: the types, and of them the rows, the visibility policy allows. */
const PUBLIC_HITS = new Map<SearchTypeName, string>(
  SEARCH_DESCRIPTORS.flatMap((descriptor) => {
    const readable = anonymousSql(descriptor.type, 'x');
    return readable === 'false' ? [] : [[descriptor.key, hits(descriptor, readable)] as const];
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
 * synchronised one starts where another scan of the table is).
 */
const SETTINGS = [
  `set local cpu_operator_cost = ${OPERATOR_COST}`,
  'set local max_parallel_workers_per_gather = 0',
  'set local enable_seqscan = off',
  'set local synchronize_seqscans = off',
].join('; ');

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

/**
 * The same query as `tsquery` (text, as {@link analyzeQuery} writes it: operands, ands, ors and
 * phrases, never a not), shorter: its alternatives once each, leaving out those that need a word
 * which is an alternative of its own ("krav" makes "nonfunktionel & krav" and "krav <-> sæt"
 * needless). A query and its synonyms repeat words, and phrases that hold them, many times over:
 * the 80 terms of "nonfunktionelle krav" are 10 such alternatives, which the GIN index matches
 * against 10,000 texts in 6 ms rather than 45.
 */
export function shortestQuery(tsquery: string): string {
  const all = alternatives(tsquery);
  const single = new Set(all.filter((part) => /^'(?:[^']|'')+'(?::\*)?$/.test(part)));
  // The words a conjunction needs: its operands outside brackets (the brackets may hold ors).
  const needs = (part: string) =>
    splitTop(part, /[&<]/).flatMap((operand) => {
      const word = /^(?:\d*-?>\s*)?('(?:[^']|'')+'(?::\*)?)$/.exec(operand.trim());
      return word ? [word[1]] : [];
    });
  return anyOf(all.filter((part) => single.has(part) || !needs(part).some((w) => single.has(w))));
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
 * first, with a snippet of each hit's text in which the matching words are marked. Four
 * statements: the query analysis (three: its words, the topics and products it names, and the
 * words to mark; see {@link analyzeQuery}) and the search, in a transaction of its own (begin,
 * `set local`, the search, commit) so that {@link OPERATOR_COST} holds for it alone.
 *
 * It ranks each type's first {@link SEARCH_COUNT_LIMIT} hits (see {@link hits}), and counts as
 * far: when some type has more, the total is that limit and a lower bound. A page past the
 * candidates (an offset and page beyond the limit) ranks and counts every hit, the candidates
 * first and the rest after them, so that pages neither overlap nor skip a hit.
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
  const wanted = (types && types.length > 0 ? types : [...HITS.keys()])
    .map((type) => available.get(type))
    .filter((sql) => sql !== undefined);
  if (wanted.length === 0) return none;
  const analyzed = await analyzeQuery(em, text);
  if (!analyzed.tsquery) return none;
  const ranked = options.candidates ?? SEARCH_RANKED;
  const counted = options.countLimit ?? SEARCH_COUNT_LIMIT;
  // Within the candidates, each type's hits are read up to one past the count; past them, all are.
  const within = !options.exhaustive && window.offset + window.limit <= ranked;
  const sql = `
    with hits (type, id, score, tier, past) as (${wanted.join('\n    union all\n    ')}),
    counted as (select count(*) as total, coalesce(bool_or(past), false) as more from hits),
    page as (select * from hits order by tier, score desc, type, id limit :limit offset :offset)
    select counted.total, counted.more, page.type, page.id, page.score,
      ts_headline('pg_catalog.danish',
        replace(replace(replace(${SNIPPET_TEXT}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
        :highlight::tsquery,
        'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') as snippet
    from counted left join page on true
    order by page.tier, page.score desc nulls last, page.type, page.id`;
  const query = em.getKnex().raw(sql, {
    query: analyzed.tsquery,
    match: shortestQuery(analyzed.tsquery),
    topics: `{${analyzed.topicIds.join(',')}}`,
    highlight: distinctQuery(analyzed.highlight || analyzed.tsquery),
    limit: window.limit,
    offset: window.offset,
    scan: within ? counted + 1 : null,
    bound: options.exhaustive ? null : counted,
    rank: options.exhaustive ? null : ranked,
  });
  const result = await em.transactional(async (tx) => {
    const connection = tx.getConnection();
    const context = tx.getTransactionContext();
    await connection.execute(SETTINGS, [], 'run', context);
    return connection.execute<PageRow[]>(query, [], 'all', context);
  });
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
