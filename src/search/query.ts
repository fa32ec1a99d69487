import type { EntityManager } from '@mikro-orm/postgresql';
import { preparedRead } from '../db/prepared';
import { AnalysisCache, type VocabularyRead } from './analysis-cache';

/** Something a query asks for: one of its words (or a compound or phrase), a topic or a product it names. */
export interface QueryTerm {
  kind: 'WORD' | 'TOPIC' | 'PRODUCT';
  /** As the user wrote it (a word), or the topic's Danish label or the product's name. */
  label: string;
  /** The topic's or product's database id. */
  id: string | null;
  /** A `tsquery` (text form) for texts that match it; empty for a topic asked for by id only. */
  tsquery: string;
  /**
   * The part of `tsquery` that matches it fully: the word, its inflections, a typo's correction or
   * both parts of a compound, not only a prefix or the first part of a compound.
   */
  exact: string;
  /** Which of the query's content words it stands for (indexes below `wordCount`). */
  words: number[];
}

/** A user's search text, turned into what PostgreSQL can match. */
export interface AnalyzedQuery {
  /** The text as given. */
  text: string;
  /**
   * A `tsquery` (text form) matching any term: the query words, their typo corrections and compound
   * parts, and the names of the topics and products the query names; empty when nothing can match.
   */
  tsquery: string;
  /** Topics the query names (by label or alias, in Danish or English). */
  topicIds: string[];
  /** Products the query names (by name, slug or alias, with or without "OS2"). */
  productIds: string[];
  /** What the query asks for, term by term, so that each match can say what it matched. */
  terms: QueryTerm[];
  /** How many content words the query has (stop words and a bare "OS2" are not content). */
  wordCount: number;
  /**
   * A `tsquery` over the words as written (not folded), for marking matches in snippets of the
   * original text: the query words and the named topics' labels and aliases.
   */
  highlight: string;
}

/** Most topics a query can name (the best matching first); each brings its aliases as synonyms. */
const MAX_TOPICS = 5;
/** Most products a query can name. */
const MAX_PRODUCTS = 3;

/** Longest query text considered. */
export const MAX_QUERY_LENGTH = 500;

interface PartRow {
  /** Position of the unit (a word, or a hyphenated word) in the query. */
  pos: number;
  /** The whitespace-separated token of the original text it comes from. */
  written: string;
  part: number;
  word: string;
  stem: string;
  /** A stop word of Danish or English, or "os2": never a hit on its own. */
  stop: boolean;
  /** A Danish stop word: not in the index at all. */
  unindexed: boolean;
  known: boolean;
  restem: string | null;
  corrections: string[] | null;
  head: string | null;
  tail: string | null;
  /** A hyphenated unit written as one word ("to-faktor" → "tofaktor"), when known. */
  joined: string | null;
  /** This unit and the next written together ("crowd funding" → "crowdfunding"), when known. */
  withNext: string | null;
}

/** A part as the analysis statement returns it. */
type PartQueryRow = Omit<PartRow, 'withNext'> & {
  with_next: string | null;
  /** The query's words as written, as a `tsquery` of prefixes (the same on every row). */
  written_words: string;
};

/** A topic or product the query names, as the second statement returns it. */
interface NamedRow {
  kind: 'TOPIC' | 'PRODUCT';
  id: string;
  label: string;
  /** Named by every word (topics), rather than as a phrase. */
  whole: boolean;
  /** The names the query holds as phrases (`tsquery` text). */
  phrases: string;
  /** Its names, as a `tsquery` (text) to add to the query. */
  synonyms: string;
  /** Its names' lexemes as written, for marking them in snippets. */
  written: string;
}

/**
 * SQL: whether a token as written is a word of its own, not a stop word of English (Danish ones
 * have no lexeme) nor "OS2". Snippets mark words by their Danish stems, so the English "and" would
 * mark every "Anders" (stem "and"); names are not stemmed apart from words.
 */
const NOT_STOP = (token: string) =>
  `ts_lexize('pg_catalog.english_stem', lower(${token})) <> '{}' and lower(${token}) <> 'os2'`;

/**
 * SQL: whether a name (an alias, a label) holds a word that is not a stop word: an alias such as
 * "IT" would otherwise match nearly everything.
 */
const CONTENT = (term: string) =>
  `exists (select 1 from unnest(tsvector_to_array(to_tsvector('pg_catalog.danish', search_normalize(${term})))) as l
    where ts_lexize('pg_catalog.english_stem', l) <> '{}' and l <> 'os2')`;

const quote = (lexeme: string) => `'${lexeme.replace(/'/g, "''")}'`;
const any = (options: string[]) => (options.length === 1 ? options[0] : `(${options.join(' | ')})`);
const trimPunctuation = (text: string) => text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

/** Lexemes named in a tsquery's text form. */
const lexemesOf = (tsquery: string) =>
  [...tsquery.matchAll(/'((?:[^']|'')+)'/g)].map((match) => match[1].replace(/''/g, "'"));

/** SQL (`$1`: the query text): its words, each with what the vocabulary knows of it. */
const PARTS_SQL = `with raw as (
       select r.n::int as token, r.tok as written
       from regexp_split_to_table($1, '\\s+') with ordinality as r (tok, n)
     ),
     units as (
       select r.token, u.n::int as unit, r.written, u.txt
       from raw r, regexp_split_to_table(search_normalize(r.written), '[^a-z0-9-]+') with ordinality as u (txt, n)
       where u.txt ~ '[a-z0-9]'
     ),
     numbered as (
       select *, row_number() over (order by token, unit)::int as pos,
         lead(txt) over (order by token, unit) as next_txt
       from units
     ),
     parts as (
       select n.pos, n.written, n.txt, n.next_txt, p.n::int as part, p.word
       from numbered n, regexp_split_to_table(n.txt, '-+') with ordinality as p (word, n)
       where p.word <> '' and length(p.word) <= 60
     ),
     words as (
       select p.*, coalesce((ts_lexize('pg_catalog.danish_stem', p.word))[1], p.word) as stem,
         ts_lexize('pg_catalog.danish_stem', p.word) = '{}' as unindexed,
         ts_lexize('pg_catalog.danish_stem', p.word) = '{}'
           or ts_lexize('pg_catalog.english_stem', p.word) = '{}' or p.word = 'os2' as stop
       from parts p
     )
     select w.pos, w.written, w.part, w.word, w.stem, w.stop, w.unindexed,
       -- The words as written, for marking them in snippets (the same for every row).
       (select coalesce(string_agg(distinct quote_literal(l) || ':*', ' | '), '')
         from ts_debug('pg_catalog.danish', $1) as d, unnest(d.lexemes) as l
         where ${NOT_STOP('d.token')}) as written_words,
       -- A lookup by key (an "exists" here became a scan of the whole vocabulary).
       coalesce((select true from search_lexeme l where l.lexeme = w.stem), false) as known,
       -- A stem that stems once more to a known one ("leverandørr" → "leverandoer" → "leverando").
       (select l.lexeme from search_lexeme l
         where l.lexeme = (ts_lexize('pg_catalog.danish_stem', w.stem))[1] and l.lexeme <> w.stem) as restem,
       case when length(w.word) >= 5 and not w.stop then (
         select array_agg(c.lexeme order by c.distance, c.lexeme)
         from (
           select l.lexeme, case
               when levenshtein(l.lexeme, w.stem) <= 1 then levenshtein(l.lexeme, w.stem)
               -- Two neighbouring letters swapped: one edit (Damerau), not two.
               when length(l.lexeme) = length(w.stem) and levenshtein(l.lexeme, w.stem) = 2
                 and exists (select 1 from generate_series(1, length(w.stem) - 1) as i
                   where overlay(w.stem placing substr(w.stem, i + 1, 1) || substr(w.stem, i, 1) from i for 2) = l.lexeme)
               then 1 end as distance
           from search_lexeme l
           where l.lexeme % w.stem and l.lexeme <> w.stem
         ) c where c.distance is not null
       ) end as corrections,
       split.head, split.tail,
       case when w.txt like '%-%' then (select l.lexeme from search_lexeme l
         where l.lexeme = (ts_lexize('pg_catalog.danish_stem', replace(w.txt, '-', '')))[1]) end as joined,
       case when w.txt ~ '^[a-z0-9]+$' and w.next_txt ~ '^[a-z0-9]+$' then (select l.lexeme from search_lexeme l
         where l.lexeme = (ts_lexize('pg_catalog.danish_stem', w.txt || w.next_txt))[1]) end as with_next
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
       where length(w.word) >= 8 and not w.stop
         and exists (select 1 from search_lexeme l where l.lexeme = head.lexeme)
         and exists (select 1 from search_lexeme l where l.lexeme = tail.lexeme)
       limit 1
     ) split on true
     order by w.pos, w.part`;

/** SQL (`$1`: the query text, `$2`: its words as a `tsquery`): the topics and products it names. */
const NAMED_SQL = `with asked as (select to_tsvector('pg_catalog.danish', search_normalize($1)) as vector),
     named as (
       select t.id, 1 as whole, ts_rank(t.search_vector, $2::tsquery) as rank, null::text as phrase
       from topic t where $2::text <> '' and t.search_vector @@ $2::tsquery
       union all
       select t.id, 0, 0, t.name_query::text
       from topic t cross join asked where asked.vector @@ t.name_query
     ),
     best as (
       select id, max(whole) as whole, max(rank) as rank, string_agg(phrase, ' | ') as phrases
       from named group by id
     ),
     topics as (
       select 'TOPIC' as kind, t.id, t.label_da as label, b.whole = 1 as whole, coalesce(b.phrases, '') as phrases,
         coalesce((select string_agg(nullif(plainto_tsquery('pg_catalog.danish', search_normalize(term))::text, ''), ' | ')
           from unnest(array[t.label_da, t.label_en] || t.aliases) as term
           where ${CONTENT('term')}), '') as synonyms,
         coalesce((select string_agg('(' || w.lexemes || ')', ' | ')
           from unnest(array[t.label_da, t.label_en] || t.aliases) as term
           cross join lateral (select string_agg(quote_literal(l), ' & ') as lexemes
             from unnest(tsvector_to_array(to_tsvector('pg_catalog.danish', term))) as l
             -- Topic names hold no people's names: their lexemes can be checked as they are.
             where ${NOT_STOP('l')}) w
           where w.lexemes <> ''), '') as written,
         row_number() over (order by b.whole desc, b.rank desc, t.id) as ord
       from best b join topic t on t.id = b.id
     ),
     products as (
       select 'PRODUCT' as kind, p.id, p.name as label, false as whole,
         p.name_query::text as phrases, p.name_query::text as synonyms,
         '' as written, row_number() over (order by p.name) as ord
       from product p cross join asked where asked.vector @@ p.name_query
     )
     select * from topics union all select * from products
     order by kind desc, ord`;

/**
 * Analyses a query with PostgreSQL's own text machinery, in two round trips (prepared statements,
 * planned once per connection), or none when the same text was analysed before and nothing it read
 * has changed since (see {@link AnalysisCache}; finding that out is one small round trip):
 * - each word is normalised and stemmed as the documents are; stop words of Danish and English
 *   ("to", "i", "og", "af", "of") and a bare "OS2" never match on their own;
 * - a hyphenated word is a phrase (`'to' <-> 'faktor'`) or its parts written together ("tofaktor");
 *   two words that are known written together are that compound too ("crowd funding");
 * - a word of five letters or more that the vocabulary does not know is matched to known stems one
 *   edit away, a transposition of two neighbouring letters counting as one edit (Damerau);
 * - a long word is also split into two known stems ("leverandørstyring" → "leverandør" + "styring");
 * - topics whose labels or aliases hold every word, or whose label or alias the query contains as a
 *   phrase, are named by the query; so are products whose name, slug (with or without "OS2") or
 *   alias it contains. Their names join the query as synonyms: English finds Danish, "MFA" finds
 *   "to-faktor", "role catalogue" finds OS2rollekatalog.
 */
export async function analyzeQuery(em: EntityManager, text: string): Promise<AnalyzedQuery> {
  const input = text.slice(0, MAX_QUERY_LENGTH);
  const cache = cacheOf(em);
  const generation = await cache.catchUp(em);
  const kept = cache.get(input);
  if (kept) return { ...structuredClone(kept), text };
  const { analysis, read } = await analyze(em, text);
  cache.set(input, analysis, read, generation);
  return analysis;
}

/** The analyses of each database (the primary's pool, a replica's): see {@link AnalysisCache}. */
const caches = new WeakMap<object, AnalysisCache<AnalyzedQuery>>();
function cacheOf(em: EntityManager): AnalysisCache<AnalyzedQuery> {
  const pool = em.getConnection().getKnex();
  let cache = caches.get(pool);
  if (!cache) {
    cache = new AnalysisCache({ max: 1000, ttlMs: 10 * 60_000 });
    caches.set(pool, cache);
  }
  return cache;
}

/** {@link analyzeQuery} in the database, with what it read of the vocabulary. */
async function analyze(
  em: EntityManager,
  text: string,
): Promise<{ analysis: AnalyzedQuery; read: VocabularyRead }> {
  const input = text.slice(0, MAX_QUERY_LENGTH);
  const rows = await preparedRead<PartQueryRow>(em, 'search_query_words', PARTS_SQL, [input]);
  const units = groupUnits(rows.map((row) => ({ ...row, withNext: row.with_next })));
  const empty = {
    text,
    tsquery: '',
    topicIds: [],
    productIds: [],
    terms: [],
    wordCount: 0,
    highlight: '',
  };
  const read: VocabularyRead = {
    letters: rows.map((row) => row.word).join(''),
    corrected: rows.filter((row) => row.word.length >= 5 && !row.stop).map((row) => row.stem),
  };
  if (units.length === 0) return { analysis: empty, read };
  const wordTerms = wordTermsOf(units);
  const wordCount = units.filter((unit) => unit.content).length;
  /** The content words a name's lexemes cover. */
  const covered = (tsquery: string) => {
    const lexemes = new Set(lexemesOf(tsquery));
    return units
      .filter(
        (unit) => unit.content && unit.parts.some((part) => !part.stop && lexemes.has(part.stem)),
      )
      .map((unit) => unit.index);
  };
  const all = wordTerms.map((term) => term.exact).join(' & ');

  // Topics whose labels and aliases hold every word, then those the query names as a phrase; and
  // products it names by name, English name, alias or slug (with or without "OS2"). One statement.
  const named = await preparedRead<NamedRow>(em, 'search_query_named', NAMED_SQL, [input, all]);
  const topicTerms: (QueryTerm & { written: string })[] = [];
  for (const topic of named.filter((row) => row.kind === 'TOPIC')) {
    const words = topic.whole
      ? units.filter((u) => u.content).map((u) => u.index)
      : covered(topic.phrases);
    if (words.length === 0 || topicTerms.length >= MAX_TOPICS) continue;
    topicTerms.push({
      kind: 'TOPIC',
      label: topic.label,
      id: topic.id,
      tsquery: topic.synonyms,
      exact: topic.synonyms,
      words,
      written: topic.written,
    });
  }
  const products = named.filter((row) => row.kind === 'PRODUCT');
  const productTerms: QueryTerm[] = [];
  for (const product of products) {
    const words = covered(product.phrases);
    if (words.length === 0 || productTerms.length >= MAX_PRODUCTS) continue;
    productTerms.push({
      kind: 'PRODUCT',
      label: product.label,
      id: product.id,
      tsquery: product.phrases,
      exact: product.phrases,
      words,
    });
  }

  const terms: QueryTerm[] = [
    ...wordTerms,
    ...topicTerms.map(({ written: _written, ...term }) => term),
    ...productTerms,
  ];
  const tsquery = terms
    .map((term) => term.tsquery)
    .filter(Boolean)
    .map((query) => `(${query})`)
    .join(' | ');
  const written = rows[0].written_words;
  const highlight = [written, ...topicTerms.map((topic) => topic.written)]
    .filter(Boolean)
    .join(' | ');
  const analysis = {
    text,
    tsquery,
    topicIds: topicTerms.map((topic) => topic.id as string),
    productIds: productTerms.map((product) => product.id as string),
    terms,
    wordCount,
    highlight,
  };
  return { analysis, read };
}

/** A word of the query, or a hyphenated word, with its parts. */
interface Unit {
  /** Index among the query's content words (-1 for a stop word). */
  index: number;
  written: string;
  parts: PartRow[];
  /** Not only stop words: it can make a hit. */
  content: boolean;
}

function groupUnits(rows: PartRow[]): Unit[] {
  const byPos = new Map<number, PartRow[]>();
  for (const row of rows) byPos.set(row.pos, [...(byPos.get(row.pos) ?? []), row]);
  let index = 0;
  return [...byPos.values()].map((parts) => {
    const content = parts.some((part) => !part.stop);
    return {
      index: content ? index++ : -1,
      written: trimPunctuation(parts[0].written),
      parts,
      content,
    };
  });
}

/** The exact forms of one word: its stem, a further stem, typo corrections, a compound split. */
function exactOptions(part: PartRow, split = true): string[] {
  const options = [quote(part.stem)];
  if (part.restem) options.push(quote(part.restem));
  if (!part.known) options.push(...(part.corrections ?? []).slice(0, 3).map(quote));
  if (split && part.head && part.tail) options.push(`(${quote(part.head)} & ${quote(part.tail)})`);
  return options;
}

/** Prefixes only for stems of five letters or more: "to:*" or "it:*" would match half the corpus. */
const prefix = (stem: string) => (stem.length >= 5 ? [`${quote(stem)}:*`] : []);

/** A hyphenated word as a phrase of its indexed parts (`'to' <-> 'faktor'`), or written as one. */
function phraseOf(unit: Unit): string {
  let phrase = '';
  let gap = 1;
  for (const part of unit.parts) {
    if (part.unindexed) {
      gap++;
      continue;
    }
    const options = any(exactOptions(part, false));
    phrase = phrase ? `${phrase} <${gap}> ${options}` : options;
    gap = 1;
  }
  const joined = unit.parts[0].joined;
  return joined ? `(${phrase} | ${quote(joined)})` : `(${phrase})`;
}

/**
 * The query's content words as terms: each word (with prefixes for documents, exact forms for naming
 * a topic), each hyphenated word as a phrase, and two neighbouring words that are known written
 * together as that compound.
 */
function wordTermsOf(units: Unit[]): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const content = units.filter((unit) => unit.content);
  for (let i = 0; i < content.length; i++) {
    const unit = content[i];
    const next = content[i + 1];
    const single = (u: Unit | undefined) => u !== undefined && u.parts.length === 1;
    const [part] = unit.parts;
    if (
      single(unit) &&
      single(next) &&
      part.withNext &&
      next.index === unit.index + 1 &&
      units.indexOf(next) === units.indexOf(unit) + 1
    ) {
      const phrase = `${any(exactOptions(part, false))} <-> ${any(exactOptions(next.parts[0], false))}`;
      const exact = `(${quote(part.withNext)} | ${phrase})`;
      terms.push({
        kind: 'WORD',
        label: unit.written === next.written ? unit.written : `${unit.written} ${next.written}`,
        id: null,
        tsquery: `(${[...prefix(part.withNext), quote(part.withNext), phrase].join(' | ')})`,
        words: [unit.index, next.index],
        exact,
      });
      i++;
      continue;
    }
    if (unit.parts.length > 1) {
      const phrase = phraseOf(unit);
      terms.push({
        kind: 'WORD',
        label: unit.written,
        id: null,
        tsquery: phrase,
        words: [unit.index],
        exact: phrase,
      });
      continue;
    }
    const exact = exactOptions(part);
    const loose = [...prefix(part.stem), ...exact];
    if (part.head && part.tail) loose.push(...prefix(part.head));
    terms.push({
      kind: 'WORD',
      label: unit.written,
      id: null,
      tsquery: `(${loose.join(' | ')})`,
      words: [unit.index],
      exact: any(exact),
    });
  }
  return terms;
}
