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
 * How many of each kind of thing's text hits are ranked for the first pages, besides every thing
 * linked to a topic the query names (up to {@link SEARCH_COUNT_LIMIT}): those rank highest.
 */
export const SEARCH_RANKED = 500;

/**
 * The hits of one searchable type: id, score, tier (1: a candidate, ranked for the first pages;
 * 2: past the candidates, ranked after them only for a page beyond them, else without a score)
 * and whether it is past what is counted.
 *
 * Candidates, not every hit, are ranked: ranking costs a `ts_rank` per hit with the query and all
 * its synonyms (dozens of terms), and a broad query has tens of thousands of hits in a large
 * network. A type's candidates are its first `:rank` text hits in the order its GIN index gives
 * them (a bitmap scan: the table's physical order, stable for a given table), and its first
 * `:bound` things linked to a topic the query names (by id), which the topic boost ranks highest.
 * Its text hits are read up to `:scan` (one past the count limit `:bound`, so that a further hit
 * shows there are more) for a page within the candidates, and all of them (`:scan` null) for a
 * page past them; null bounds (`exhaustive`) make every hit a candidate. A topic the query names
 * is found by its key, and all topics are candidates. `readable` narrows to what the caller may
 * read.
 *
 * The text is found through the GIN index by any word it must hold (`:match`, see
 * {@link indexQuery}) and then matched against the whole query by the function behind `@@`
 * (which the index does not serve): the whole query, dozens of terms in nested ands, phrases and
 * ors, cost 45 ms in the index for 10,000 hits where its necessary words cost 6. The things linked
 * to a named topic are read through the link table's topic index, each then by key: a join of a
 * candidate union back to the table was planned as a hash join over a sequential scan.
 */
function hits(descriptor: SearchDescriptorOf, readable = 'true'): string {
  const { type, table, topicLinks } = descriptor;
  const isTopic = descriptor.topics === 'self';
  const where = [descriptor.where, readable === 'true' ? undefined : readable]
    .filter(Boolean)
    .map((condition) => ` and ${condition}`)
    .join('');
  const text = `x.search_vector @@ :match::tsquery and ts_match_vq(x.search_vector, :query::tsquery)`;
  const rank = (vector: string) => `ts_rank(${vector}, :query::tsquery, 32)`;
  const within = (n: string, bound: string) => `coalesce(${n} <= ${bound}, true)`;
  const past = (n: string) => `coalesce(${n} > :bound, false)`;
  // A score for the candidates, and for every hit on a page past them.
  const scored = (tier1: string, score: string) =>
    `case when ${tier1} or :scan::int is null then ${score} end`;
  // The text hits, the first `:scan` in index order, numbered in that order.
  const found = `(select s.*, row_number() over () as n
      from (select x.id, x.search_vector as vector from ${table} x where ${text}${where} limit :scan) s)`;
  if (topicLinks) {
    const { pivot, owner } = topicLinks;
    const tier1 = `(${within('f.n', ':rank')} or l.n <= :bound)`;
    return `(with found as materialized ${found},
      linked as materialized (select l.id, row_number() over (order by l.id) as n
        from (select ${owner} as id from ${pivot} where topic_id = any(:topics::uuid[])
          group by ${owner} order by ${owner} limit :scan) l)
      select '${type}', f.id,
        ${scored(tier1, `${rank('f.vector')} + (case when f.id in (select ${owner} from ${pivot} where topic_id = any(:topics::uuid[])) then ${TOPIC_BOOST} else 0 end)`)},
        case when ${tier1} then 1 else 2 end, ${past('f.n')} or ${past('l.n')}
      from found f left join linked l on l.id = f.id
      union all
      select '${type}', x.id, ${rank('x.search_vector')} + ${TOPIC_BOOST},
        case when ${within('l.n', ':bound')} then 1 else 2 end, ${past('l.n')}
      from linked l cross join lateral (select * from ${table} t where t.id = l.id offset 0) x
      where not exists (select 1 from found f where f.id = l.id)${where})`;
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

type TsNode = { operand: string } | { op: '|' | '&'; children: TsNode[] };

/** Parses the text form of a `tsquery` as {@link analyzeQuery} writes it (no `!`). */
function parseTsquery(tsquery: string): TsNode {
  const tokens = tsquery.match(/'(?:[^']|'')+'(?::[*A-D]+)?|<\d*-?>|[|&()]/g) ?? [];
  let at = 0;
  // Lowest precedence first: `|`, then `&` and phrases (`<->`, `<N>`), which bind tighter.
  const or = (): TsNode => {
    const children = [and()];
    while (tokens[at] === '|') {
      at++;
      children.push(and());
    }
    return children.length === 1 ? children[0] : { op: '|', children };
  };
  const and = (): TsNode => {
    const children = [unit()];
    while (tokens[at] === '&' || tokens[at]?.startsWith('<')) {
      at++;
      children.push(unit());
    }
    return children.length === 1 ? children[0] : { op: '&', children };
  };
  const unit = (): TsNode => {
    const token = tokens[at++];
    if (token === '(') {
      const node = or();
      if (tokens[at++] !== ')') throw new Error(`unbalanced tsquery: ${tsquery}`);
      return node;
    }
    if (!token?.startsWith("'")) throw new Error(`unexpected ${token} in tsquery: ${tsquery}`);
    return { operand: token };
  };
  const node = or();
  if (at !== tokens.length) throw new Error(`unexpected ${tokens[at]} in tsquery: ${tsquery}`);
  return node;
}

/** The text form of a node, its phrases written as ands (which they imply). */
function written(node: TsNode): string {
  if ('operand' in node) return node.operand;
  const parts = node.children.map((child) =>
    'operand' in child || child.op === node.op ? written(child) : `(${written(child)})`,
  );
  return parts.join(` ${node.op} `);
}

/** The operands every text matching `node` holds (those of its ands, not of its ors). */
function required(node: TsNode): string[] {
  if ('operand' in node) return [node.operand];
  return node.op === '&' ? node.children.flatMap(required) : [];
}

/**
 * A `tsquery` (text) for finding through the index the texts that `tsquery` matches (and maybe a
 * few more): its alternatives (the parts of its ors, to any depth), once each, leaving out those
 * that need a word that is an alternative of its own ("krav" makes "nonfunktionel & krav"
 * needless), and with phrases as ands. `tsquery` is the text form {@link analyzeQuery} writes:
 * ands, ors and phrases, never a not. A query and its synonyms repeat words and phrases that hold
 * them many times over (the 80 terms of "nonfunktionelle krav" are 17 such alternatives); the
 * index then finds 10,000 hits in 6 ms rather than 45, and the whole query is matched on them.
 */
export function indexQuery(tsquery: string): string {
  const alternatives = (node: TsNode): TsNode[] =>
    'operand' in node || node.op === '&' ? [node] : node.children.flatMap(alternatives);
  const all = alternatives(parseTsquery(tsquery));
  const single = new Set(all.flatMap((node) => ('operand' in node ? [node.operand] : [])));
  const kept = all.filter(
    (node) => 'operand' in node || !required(node).some((operand) => single.has(operand)),
  );
  return [...new Set(kept.map(written))]
    .map((text, _, list) => (list.length > 1 && text.includes(' & ') ? `(${text})` : text))
    .join(' | ');
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
    match: indexQuery(analyzed.tsquery),
    topics: `{${analyzed.topicIds.join(',')}}`,
    highlight: analyzed.highlight || analyzed.tsquery,
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
