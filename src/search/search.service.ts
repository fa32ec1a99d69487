import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../common/errors';
import type { PageWindow } from '../common/pagination';
import { analyzeQuery, MAX_QUERY_LENGTH } from './query';
import type { SearchOptions } from './search-index';
import { linkedTo, type TopicLinked } from './topic-links';

/** The kinds of thing the general search finds, and their GraphQL type names. */
export const SEARCH_TYPES = {
  PERSON: 'Person',
  GROUP: 'Group',
  PRODUCT: 'Product',
  PROCUREMENT: 'Procurement',
  REQUIREMENT: 'Requirement',
  KNOWLEDGE_ITEM: 'KnowledgeItem',
  TOPIC: 'Topic',
} as const;
export type SearchTypeName = keyof typeof SEARCH_TYPES;

/** One row of the general search: what was found, how well it matched, and a marked snippet. */
export interface SearchRow {
  type: (typeof SEARCH_TYPES)[SearchTypeName];
  id: string;
  score: number;
  /** HTML-escaped text with the matching words in `<mark>…</mark>`. */
  snippet: string;
}

/** Relevance added when a hit is tied to a topic the query names. */
const TOPIC_BOOST = 0.5;

/**
 * One `select` per searchable type: id, a title, the text to cut a snippet from, the score.
 * Candidates come from index-friendly unions (GIN on the text, the topic links), never from an
 * `or` over the whole table.
 */
function hits(
  type: string,
  table: string,
  title: string,
  body: string,
  options: { linked?: TopicLinked; where?: string; topicSelf?: boolean } = {},
): string {
  const linked = options.linked ? linkedTo(options.linked, ':topics::uuid[]') : undefined;
  const boost = linked
    ? ` + (case when x.id in (${linked}) then ${TOPIC_BOOST} else 0 end)`
    : options.topicSelf
      ? ' + (case when x.id = any(:topics::uuid[]) then 1 else 0 end)'
      : '';
  const candidates = [
    `select id from ${table} where search_vector @@ :query::tsquery`,
    ...(linked ? [linked] : []),
    ...(options.topicSelf ? ['select unnest(:topics::uuid[])'] : []),
  ].join(' union ');
  return `select '${type}', x.id, ${title}, ${body}, ts_rank(x.search_vector, :query::tsquery, 32)${boost}
    from ${table} x where x.id in (${candidates})${options.where ? ` and ${options.where}` : ''}`;
}

const HITS: Record<SearchTypeName, string> = {
  PERSON: hits('Person', 'person', 'x.name', "concat_ws(' – ', x.title, x.bio)", {
    where: "x.status <> 'ERASED'",
  }),
  GROUP: hits('Group', '"group"', 'x.name', "coalesce(x.description, '')", {
    linked: 'Group',
  }),
  PRODUCT: hits('Product', 'product', 'x.name', "coalesce(x.summary_da, x.summary, '')", {
    linked: 'Product',
  }),
  PROCUREMENT: hits(
    'Procurement',
    'procurement',
    'x.title',
    "concat_ws(' – ', x.description, x.lessons_learned)",
    {
      linked: 'Procurement',
    },
  ),
  REQUIREMENT: hits('Requirement', 'requirement', 'x.title', 'x.text', {
    linked: 'Requirement',
  }),
  KNOWLEDGE_ITEM: hits('KnowledgeItem', 'knowledge_item', 'x.title', 'x.body', {
    linked: 'KnowledgeItem',
  }),
  TOPIC: hits(
    'Topic',
    'topic',
    'x.label_da',
    "concat_ws(' – ', x.label_en, array_to_string(x.aliases, ', '), x.description)",
    { topicSelf: true },
  ),
};

/** What anonymous callers may find: groups, products, topics, and requirements kommuner share. */
const PUBLIC_HITS: Partial<Record<SearchTypeName, string>> = {
  GROUP: HITS.GROUP,
  PRODUCT: HITS.PRODUCT,
  TOPIC: HITS.TOPIC,
  REQUIREMENT: hits('Requirement', 'requirement', 'x.title', 'x.text', {
    linked: 'Requirement',
    where: "x.sharing = 'SHARED'",
  }),
};

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
 * first, with a snippet of each hit's text in which the matching words are marked. Three
 * statements: the query analysis (two) and the search.
 */
export async function searchPostgres(
  em: EntityManager,
  text: string,
  types: SearchTypeName[] | undefined,
  window: PageWindow,
  options: SearchOptions = {},
): Promise<{ rows: SearchRow[]; total: number }> {
  const available = options.publicOnly ? PUBLIC_HITS : HITS;
  const wanted = (types && types.length > 0 ? types : (Object.keys(HITS) as SearchTypeName[]))
    .map((type) => available[type])
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
  const result = (await em.getConnection().execute(
    em.getKnex().raw(sql, {
      query: analyzed.tsquery,
      topics: `{${analyzed.topicIds.join(',')}}`,
      highlight: analyzed.highlight || analyzed.tsquery,
      limit: window.limit,
      offset: window.offset,
    }),
  )) as {
    type: SearchRow['type'] | null;
    id: string;
    score: number;
    total: string;
    snippet: string;
  }[];
  return {
    rows: result
      .filter((row) => row.type !== null)
      .map((row) => ({
        type: row.type as SearchRow['type'],
        id: row.id,
        score: Number(row.score),
        snippet: row.snippet,
      })),
    total: Number(result[0]?.total ?? 0),
  };
}
