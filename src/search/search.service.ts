import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../common/errors';
import type { PageWindow } from '../common/pagination';
import { anonymousSql } from '../access/visibility';
import { analyzeQuery, MAX_QUERY_LENGTH } from './query';
import { SEARCH_DESCRIPTORS, type SearchDescriptorOf, type SearchTypeName } from './registry';
import type { DocumentType, SearchOptions, SearchRow } from './search-index';

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
 * One `select` per searchable type and way of being found: id, a title, the text to cut a snippet
 * from, the score. The text is matched through its GIN index (a bitmap scan), and the things linked
 * to a topic the query names (the link table read once, as `linked`) are fetched row by row by
 * key, the ones not matching the text in a second `select`; a topic the query names is found by its
 * key. The same hits and scores as one `select` over `x.id in (… union …)`, which PostgreSQL
 * planned as a hash join over a sequential scan of the whole table (of 400,000 knowledge notes and
 * 100,000 people in the benchmark network): most of the time a search took. `readable` narrows to
 * what the caller may read.
 */
function hits(descriptor: SearchDescriptorOf, readable = 'true'): string {
  const { type, table, title, body, topicLinks } = descriptor;
  const isTopic = descriptor.topics === 'self';
  // The things linked to the named topics, read once (the link tables are keyed by thing).
  const linked = topicLinks
    ? `(select distinct ${topicLinks.owner} as id from ${topicLinks.pivot} where topic_id = any(:topics::uuid[]))`
    : undefined;
  const where = [descriptor.where, readable === 'true' ? undefined : readable]
    .filter(Boolean)
    .map((condition) => ` and ${condition}`)
    .join('');
  const text = 'x.search_vector @@ :query::tsquery';
  const select = (boost: string, from: string, condition: string) =>
    `select '${type}', x.id, ${title}, ${body}, ts_rank(x.search_vector, :query::tsquery, 32)${boost}
      from ${from} where ${condition}${where}`;
  if (linked) {
    return `(with linked as materialized ${linked}
      ${select(` + (case when x.id in (select id from linked) then ${TOPIC_BOOST} else 0 end)`, `${table} x`, text)}
      union all
      ${select(` + ${TOPIC_BOOST}`, `linked l cross join lateral (select * from ${table} t where t.id = l.id offset 0) x`, `not (${text})`)})`;
  }
  if (isTopic) {
    const boost = ' + (case when x.id = any(:topics::uuid[]) then 1 else 0 end)';
    return `${select(boost, `${table} x`, text)}
      union all
      ${select(boost, `${table} x`, `x.id = any(:topics::uuid[]) and not (${text})`)}`;
  }
  return select('', `${table} x`, text);
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

/** One row of a search's page: a hit, with the total; a page past the end is one row of nulls. */
interface PageRow {
  total: string;
  type: DocumentType | null;
  id: string;
  score: number;
  snippet: string;
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

/**
 * The built-in engine: searches every kind of thing at once (or the `types` asked for), best match
 * first, with a snippet of each hit's text in which the matching words are marked. Four
 * statements: the query analysis (three: its words, the topics and products it names, and the
 * words to mark; see {@link analyzeQuery}) and the search, in a transaction of its own (begin,
 * `set local`, the search, commit) so that {@link OPERATOR_COST} holds for it alone.
 */
export async function searchPostgres(
  em: EntityManager,
  text: string,
  types: SearchTypeName[] | undefined,
  window: PageWindow,
  options: SearchOptions = {},
): Promise<{ rows: SearchRow[]; total: number }> {
  const available = options.publicOnly ? PUBLIC_HITS : HITS;
  const wanted = (types && types.length > 0 ? types : [...HITS.keys()])
    .map((type) => available.get(type))
    .filter((sql) => sql !== undefined);
  if (wanted.length === 0) return { rows: [], total: 0 };
  const analyzed = await analyzeQuery(em, text);
  if (!analyzed.tsquery) return { rows: [], total: 0 };
  const sql = `
    with hits (type, id, title, body, score) as (${wanted.join('\n    union all\n    ')}),
    counted as (select count(*) as total from hits),
    page as (select * from hits order by score desc, type, id limit :limit offset :offset)
    select counted.total, page.type, page.id, page.score,
      ts_headline('pg_catalog.danish',
        replace(replace(replace(page.title || ': ' || page.body, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
        :highlight::tsquery,
        'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') as snippet
    from counted left join page on true
    order by page.score desc nulls last, page.type, page.id`;
  const query = em.getKnex().raw(sql, {
    query: analyzed.tsquery,
    topics: `{${analyzed.topicIds.join(',')}}`,
    highlight: analyzed.highlight || analyzed.tsquery,
    limit: window.limit,
    offset: window.offset,
  });
  const result = await em.transactional(async (tx) => {
    const connection = tx.getConnection();
    const context = tx.getTransactionContext();
    await connection.execute(`set local cpu_operator_cost = ${OPERATOR_COST}`, [], 'run', context);
    return connection.execute<PageRow[]>(query, [], 'all', context);
  });
  return {
    rows: result
      .filter((row): row is PageRow & { type: DocumentType } => row.type !== null)
      .map((row) => ({
        type: row.type,
        id: row.id,
        score: Number(row.score),
        snippet: row.snippet,
      })),
    total: Number(result[0]?.total ?? 0),
  };
}
