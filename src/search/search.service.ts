import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../common/errors';
import type { PageWindow } from '../common/pagination';
import { analyzeQuery, MAX_QUERY_LENGTH } from './query';

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
const rank = (vector: string) => `ts_rank_cd(${vector}, q.query, 32)`;
const onTopic = (sql: string) =>
  `(case when exists (${sql} and x.topic_id = any(q.topics)) then ${TOPIC_BOOST} else 0 end)`;

/** One `select` per searchable type: id, a title, the text to cut a snippet from, the score. */
const HITS: Record<SearchTypeName, string> = {
  PERSON: `select 'Person', p.id, p.name, concat_ws(' – ', p.title, p.bio), ${rank('p.search_vector')}
    from person p, q where p.status <> 'ERASED' and p.search_vector @@ q.query`,
  GROUP: `select 'Group', g.id, g.name, coalesce(g.description, ''),
      ${rank('g.search_vector')} + ${onTopic('select 1 from group_topics x where x.group_id = g.id')}
    from "group" g, q
    where g.search_vector @@ q.query or exists (select 1 from group_topics x where x.group_id = g.id and x.topic_id = any(q.topics))`,
  PRODUCT: `select 'Product', p.id, p.name, coalesce(p.summary_da, p.summary, ''),
      ${rank('p.search_vector')} + ${onTopic('select 1 from product_topics x where x.product_id = p.id')}
    from product p, q
    where p.search_vector @@ q.query or exists (select 1 from product_topics x where x.product_id = p.id and x.topic_id = any(q.topics))`,
  PROCUREMENT: `select 'Procurement', p.id, p.title, concat_ws(' – ', p.description, p.lessons_learned),
      ${rank('p.search_vector')} + ${onTopic('select 1 from procurement_topics x where x.procurement_id = p.id')}
    from procurement p, q
    where p.search_vector @@ q.query or exists (select 1 from procurement_topics x where x.procurement_id = p.id and x.topic_id = any(q.topics))`,
  REQUIREMENT: `select 'Requirement', r.id, r.title, r.text,
      ${rank('r.search_vector')} + ${onTopic('select 1 from requirement_topics x where x.requirement_id = r.id')}
    from requirement r, q
    where r.search_vector @@ q.query or exists (select 1 from requirement_topics x where x.requirement_id = r.id and x.topic_id = any(q.topics))`,
  KNOWLEDGE_ITEM: `select 'KnowledgeItem', k.id, k.title, k.body,
      ${rank('k.search_vector')} + ${onTopic('select 1 from knowledge_item_topics x where x.knowledge_item_id = k.id')}
    from knowledge_item k, q
    where k.search_vector @@ q.query or exists (select 1 from knowledge_item_topics x where x.knowledge_item_id = k.id and x.topic_id = any(q.topics))`,
  TOPIC: `select 'Topic', t.id, t.label_da, concat_ws(' – ', t.label_en, array_to_string(t.aliases, ', '), t.description),
      ${rank('t.search_vector')} + (case when t.id = any(q.topics) then 1 else 0 end)
    from topic t, q where t.search_vector @@ q.query or t.id = any(q.topics)`,
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
): Promise<{ rows: SearchRow[]; total: number }> {
  const analyzed = await analyzeQuery(em, text);
  if (!analyzed.tsquery) return { rows: [], total: 0 };
  const wanted = (types && types.length > 0 ? types : (Object.keys(HITS) as SearchTypeName[])).map(
    (type) => HITS[type],
  );
  const sql = `
    with q as (
      select to_tsquery('pg_catalog.danish', ?) as query, ?::uuid[] as topics,
        to_tsquery('pg_catalog.danish', ?) as highlight
    ),
    hits (type, id, title, body, score) as (${wanted.join('\n    union all\n    ')}),
    counted as (select count(*) as total from hits),
    page as (select * from hits order by score desc, type, id limit ? offset ?)
    select counted.total, page.type, page.id, page.score,
      ts_headline('pg_catalog.danish',
        replace(replace(replace(page.title || ': ' || page.body, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
        q.highlight,
        'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') as snippet
    from counted cross join q left join page on true
    order by page.score desc nulls last, page.type, page.id`;
  const result = (await em
    .getConnection()
    .execute(sql, [
      analyzed.tsquery,
      `{${analyzed.topicIds.join(',')}}`,
      analyzed.highlight || analyzed.tsquery,
      window.limit,
      window.offset,
    ])) as {
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
