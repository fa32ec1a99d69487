import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../common/errors';
import type { PageWindow } from '../common/pagination';
import { anonymousSql } from '../access/visibility';
import { analyzeQuery, MAX_QUERY_LENGTH } from './query';
import { SEARCH_DESCRIPTORS, type SearchDescriptorOf, type SearchTypeName } from './registry';
import type { DocumentType, SearchOptions, SearchRow } from './search-index';

/** Relevance added when a hit is tied to a topic the query names. */
const TOPIC_BOOST = 0.5;

/** SQL selecting the ids of the things linked to any of `topics` (an SQL uuid[] expression). */
function linkedTo({ pivot, owner }: { pivot: string; owner: string }, topics: string): string {
  return `select ${owner} from ${pivot} where topic_id = any(${topics})`;
}

/**
 * One `select` per searchable type: id, a title, the text to cut a snippet from, the score.
 * Candidates come from index-friendly unions (GIN on the text, the topic links), never from an
 * `or` over the whole table. `readable` narrows to what the caller may read.
 */
function hits(descriptor: SearchDescriptorOf, readable = 'true'): string {
  const { type, table, title, body, topicLinks } = descriptor;
  const isTopic = descriptor.topics === 'self';
  const linked = topicLinks ? linkedTo(topicLinks, ':topics::uuid[]') : undefined;
  const boost = linked
    ? ` + (case when x.id in (${linked}) then ${TOPIC_BOOST} else 0 end)`
    : isTopic
      ? ' + (case when x.id = any(:topics::uuid[]) then 1 else 0 end)'
      : '';
  const candidates = [
    `select id from ${table} where search_vector @@ :query::tsquery`,
    ...(linked ? [linked] : []),
    ...(isTopic ? ['select unnest(:topics::uuid[])'] : []),
  ].join(' union ');
  const where = [descriptor.where, readable === 'true' ? undefined : readable]
    .filter(Boolean)
    .map((condition) => ` and ${condition}`)
    .join('');
  return `select '${type}', x.id, ${title}, ${body}, ts_rank(x.search_vector, :query::tsquery, 32)${boost}
    from ${table} x where x.id in (${candidates})${where}`;
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
 * words to mark; see {@link analyzeQuery}) and the search.
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
  const result = await em.getConnection().execute<PageRow[]>(
    em.getKnex().raw(sql, {
      query: analyzed.tsquery,
      topics: `{${analyzed.topicIds.join(',')}}`,
      highlight: analyzed.highlight || analyzed.tsquery,
      limit: window.limit,
      offset: window.offset,
    }),
  );
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
