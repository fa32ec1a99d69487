import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The requirements module's raw SQL, each statement with the type of the rows it returns. The
 * callers decide what is asked; what anonymous callers may read comes in as an SQL condition
 * from the visibility policy.
 */

const uuids = (ids: readonly string[]) => `{${ids.join(',')}}`;

/** SQL condition (for a query builder over requirements as `r`): linked to the topic `?`. */
export const LINKED_TO_TOPIC =
  'r.id in (select rt.requirement_id from requirement_topics rt where rt.topic_id = ?)';

/** One kommune's use of one requirement. */
export interface UseRow {
  requirement_id: string;
  kommune_id: string;
  /** How many usages were recorded. */
  n: number;
  latest_year: number | null;
  last_recorded_at: Date;
}

/**
 * The recorded uses of requirements by kommuner, for a batch of requirements or of kommuner:
 * per requirement most used first, per kommune most recent first. `readable` (SQL over the
 * requirement as `r`) narrows to the requirements the caller may read.
 */
export function selectUses(
  em: EntityManager,
  by: 'requirement' | 'kommune',
  ids: readonly string[],
  readable: string,
): Promise<UseRow[]> {
  const order =
    by === 'requirement'
      ? 'count(*) desc, k.name, k.id'
      : 'max(p.year) desc nulls last, max(u.created_at) desc, r.title, r.id';
  return em.getConnection().execute<UseRow[]>(
    `select u.requirement_id, u.kommune_id, count(*)::int as n, max(p.year) as latest_year,
       max(u.created_at) as last_recorded_at
     from requirement_usage u
     join requirement r on r.id = u.requirement_id
     join kommune k on k.id = u.kommune_id
     left join procurement p on p.id = u.procurement_id
     where u.${by}_id = any(?::uuid[]) and ${readable}
     group by u.requirement_id, u.kommune_id, k.name, k.id, r.title, r.id
     order by ${order}`,
    [uuids(ids)],
  );
}

/** The procurements one requirement was used in, newest first. */
export interface UsedInRow {
  requirement_id: string;
  /** Procurement ids. */
  ids: string[];
}

/** The procurements each of a batch of requirements was used in. */
export function selectProcurementsUsedIn(
  em: EntityManager,
  requirementIds: readonly string[],
): Promise<UsedInRow[]> {
  return em.getConnection().execute<UsedInRow[]>(
    `select x.requirement_id, array_agg(x.id order by x.year desc nulls last, x.title, x.id) as ids
     from (select distinct u.requirement_id, p.id, p.year, p.title
           from requirement_usage u join procurement p on p.id = u.procurement_id
           where u.requirement_id = any(?::uuid[])) x
     group by x.requirement_id`,
    [uuids(requirementIds)],
  );
}

/** How alike a requirement is to the one (or the text) asked about. */
export interface SimilarRow {
  id: string;
  score: number;
  word_overlap: number;
  text_similarity: number;
  title_similarity: number;
  shared_words: number;
}

/** What {@link selectSimilar} compares against, and how it weighs and narrows. */
export interface SimilarQuery {
  title: string;
  text: string;
  /** The requirement asked about (never among the results); null when asked about a text. */
  exclude: string | null;
  /** SQL over a requirement as `r`: the requirements the caller may read. */
  readable: string;
  /** Weights of the three measures (they sum to 1) and candidates per way of finding them. */
  weights: { words: number; text: number; title: number; candidates: number };
  minSimilarity: number;
  first: number;
}

/**
 * Requirements like a title and text: candidates by full-text rank and by trigram similarity of
 * the folded title and text, each scored by its share of word stems in common and the trigram
 * similarity of text and title. Against a text (no `exclude`), a title counts by how well it is
 * found in the text (word similarity), not by how alike a short title and a whole text are.
 */
export function selectSimilar(em: EntityManager, query: SimilarQuery): Promise<SimilarRow[]> {
  const { weights } = query;
  const byText = query.exclude === null;
  const titleSimilarity = byText
    ? 'word_similarity(search_normalize(r.title), s.text)'
    : 'similarity(search_normalize(r.title), s.title)';
  const titleMatch = byText
    ? 'search_normalize(r.title) <% s.text'
    : 'search_normalize(r.title) % s.title';
  const score = `${weights.words} * word_overlap + ${weights.text} * text_similarity
        + ${weights.title} * title_similarity`;
  const sql = `
    with source as (
      select search_normalize(:title) as title, search_normalize(:text) as text,
        array(select distinct w from unnest(tsvector_to_array(
          to_tsvector('pg_catalog.danish', search_normalize(:title || ' ' || :text)))) w) as words
    ),
    query as (
      select array_to_string(array(select quote_literal(w) from unnest(s.words) w), ' | ')::tsquery as q
      from source s
    ),
    visible as not materialized (
      select r.* from requirement r
      where r.id is distinct from :exclude::uuid and ${query.readable}
    ),
    candidates as (
      (select r.id from visible r, query q where r.search_vector @@ q.q
       order by ts_rank(r.search_vector, q.q) desc limit :candidates)
      union
      (select r.id from visible r, source s where ${titleMatch}
       order by ${titleSimilarity} desc limit :candidates)
      union
      (select r.id from visible r, source s where search_normalize(r.text) % s.text
       order by similarity(search_normalize(r.text), s.text) desc limit :candidates)
    ),
    measured as (
      select r.id,
        ${titleSimilarity} as title_similarity,
        similarity(search_normalize(r.text), s.text) as text_similarity,
        w.shared, w.total
      from candidates c join requirement r on r.id = c.id cross join source s
      cross join lateral (
        select cardinality(array(select unnest(s.words) intersect select unnest(o.words))) as shared,
          cardinality(s.words) + cardinality(o.words) as total
        from (select array(select distinct x from unnest(tsvector_to_array(
          to_tsvector('pg_catalog.danish', search_normalize(r.title || ' ' || r.text)))) x) as words) o
      ) w
    ),
    scored as (
      select id, title_similarity, text_similarity, shared as shared_words,
        case when total = 0 then 0 else 2.0 * shared / total end as word_overlap
      from measured
    )
    select *, ${score} as score
    from scored
    where ${score} >= :minSimilarity
    order by score desc, id
    limit :first`;
  return em.getConnection().execute<SimilarRow[]>(
    em.getKnex().raw(sql, {
      title: query.title,
      text: query.text,
      exclude: query.exclude,
      candidates: weights.candidates,
      minSimilarity: query.minSimilarity,
      first: query.first,
    }),
  );
}
