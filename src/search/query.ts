import type { EntityManager } from '@mikro-orm/postgresql';

/** A user's search text, turned into what PostgreSQL can match. */
export interface AnalyzedQuery {
  /** The text as given. */
  text: string;
  /**
   * A `tsquery` (text form) matching the query words, their typo corrections and compound parts,
   * and the labels and aliases of the topics the query names; empty when nothing can match.
   */
  tsquery: string;
  /** Topics the whole query names (by label or alias, in Danish or English). */
  topicIds: string[];
  /**
   * A `tsquery` over the words as written (not folded), for marking matches in snippets of the
   * original text: the query words and the named topics' labels and aliases.
   */
  highlight: string;
}

/** Most topics a query can name (the best matching first); each brings its aliases as synonyms. */
const MAX_TOPICS = 5;

/** Longest query text considered. */
export const MAX_QUERY_LENGTH = 500;

interface WordRow {
  word: string;
  stem: string | null;
  known: boolean;
  restem: string | null;
  corrections: string[] | null;
  head: string | null;
  tail: string | null;
}

const quote = (lexeme: string) => `'${lexeme.replace(/'/g, "''")}'`;

/**
 * Analyses a query in one round trip: each word is normalised and stemmed as the documents are;
 * a word of five letters or more that the vocabulary does not know is matched to known stems one
 * edit away; a long word is also split into two known stems ("leverandørstyring" → "leverandør"
 * + "styring"). Topics whose labels or aliases hold every word are then matched, and their
 * aliases join the query as synonyms, which is how English finds Danish and "MFA" finds "to-faktor".
 */
export async function analyzeQuery(em: EntityManager, text: string): Promise<AnalyzedQuery> {
  const input = text.slice(0, MAX_QUERY_LENGTH);
  const connection = em.getConnection();
  const words = (await connection.execute(
    `with words as (
       select distinct word, (ts_lexize('pg_catalog.danish_stem', word))[1] as stem
       from regexp_split_to_table(search_normalize(?), '[^a-z0-9]+') as word
       where word <> '' and length(word) <= 60
     )
     select w.word, w.stem,
       exists (select 1 from search_lexeme l where l.lexeme = w.stem) as known,
       -- A stem that stems once more to a known one ("leverandørr" → "leverandoer" → "leverando").
       (select l.lexeme from search_lexeme l
         where l.lexeme = (ts_lexize('pg_catalog.danish_stem', w.stem))[1] and l.lexeme <> w.stem) as restem,
       case when length(w.word) >= 5 then (
         select array_agg(l.lexeme order by levenshtein(l.lexeme, w.stem), l.lexeme)
         from search_lexeme l
         where (l.lexeme % w.stem and l.lexeme <> w.stem and levenshtein(l.lexeme, w.stem) <= 1)

       ) end as corrections,
       split.head, split.tail
     from words w
     left join lateral (
       -- A compound: the longest first part whose stem is known, and a known rest, with or
       -- without a linking s or e ("leverandoer|styring", "kommune|s|samarbejde").
       select head.lexeme as head, tail.lexeme as tail
       from generate_series(length(w.word) - 3, 4, -1) as n
       cross join lateral (select (ts_lexize('pg_catalog.danish_stem', left(w.word, n)))[1] as lexeme) head
       cross join lateral (
         select (ts_lexize('pg_catalog.danish_stem', substr(w.word, n + k)))[1] as lexeme
         from (values (1), (2)) as linking (k)
         where k = 1 or substr(w.word, n + 1, 1) in ('s', 'e')
       ) tail
       where length(w.word) >= 8
         and exists (select 1 from search_lexeme l where l.lexeme = head.lexeme)
         and exists (select 1 from search_lexeme l where l.lexeme = tail.lexeme)
       limit 1
     ) split on true
     where w.stem is not null`,
    [input],
  )) as WordRow[];
  if (words.length === 0) return { text, tsquery: '', topicIds: [], highlight: '' };

  // Per word: the exact forms (for naming a topic) and, for documents, prefixes too.
  const exact = words.map((w) => {
    const options = [quote(w.stem as string)];
    if (w.restem) options.push(quote(w.restem));
    if (!w.known) options.push(...(w.corrections ?? []).slice(0, 3).map(quote));
    if (w.head && w.tail) options.push(`(${quote(w.head)} & ${quote(w.tail)})`);
    return options;
  });
  // Prefixes only for stems of five letters or more: "to:*" or "it:*" would match half the corpus.
  const prefix = (stem: string) => (stem.length >= 5 ? [`${quote(stem)}:*`] : []);
  const loose = words.map((w, index) => {
    const options = [...prefix(w.stem as string), ...exact[index]];
    if (w.head && w.tail) options.push(...prefix(w.head));
    return `(${options.join(' | ')})`;
  });
  const all = exact.map((options) => `(${options.join(' | ')})`).join(' & ');
  const any = loose.join(' | ');

  // Topics named by the whole query, and their labels and aliases as synonyms.
  const topics = (await connection.execute(
    `select t.id, coalesce(string_agg(nullif(plainto_tsquery('pg_catalog.danish', search_normalize(term))::text, ''), ' | '), '') as synonyms,
       coalesce(string_agg(nullif(plainto_tsquery('pg_catalog.danish', term)::text, ''), ' | '), '') as written
     from topic t
     cross join lateral unnest(array[t.label_da, t.label_en] || t.aliases) as term
     where t.search_vector @@ ?::tsquery
     group by t.id
     order by ts_rank(t.search_vector, ?::tsquery) desc, t.id
     limit ${MAX_TOPICS}`,
    [all, all],
  )) as { id: string; synonyms: string; written: string }[];
  const synonyms = topics.map((topic) => topic.synonyms).filter(Boolean);
  const tsquery = [any, ...synonyms.map((group) => `(${group})`)].join(' | ');
  const [{ words: written }] = (await connection.execute(
    `select coalesce(string_agg(quote_literal(lexeme) || ':*', ' | '), '') as words
     from unnest(tsvector_to_array(to_tsvector('pg_catalog.danish', ?))) as lexeme`,
    [input],
  )) as { words: string }[];
  const highlight = [written, ...topics.map((topic) => topic.written)].filter(Boolean).join(' | ');
  return { text, tsquery, topicIds: topics.map((topic) => topic.id), highlight };
}
