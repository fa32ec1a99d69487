import type { EntityManager } from '@mikro-orm/postgresql';
import { searchVectorTables } from './searchable';

/**
 * The words (stems) a person's own search text holds (name, title and bio), and those of other
 * texts about them, e.g. names they had before.
 */
export async function personLexemes(
  em: EntityManager,
  personId: string,
  texts: string[] = [],
): Promise<string[]> {
  const rows = await em.execute<{ lexeme: string }[]>(
    `select unnest(tsvector_to_array(search_vector)) as lexeme from person where id = ?
     union
     select unnest(tsvector_to_array(search_vector(t, '', ''))) from unnest(array[?]::text[]) t`,
    [personId, texts.length > 0 ? texts : ['']],
  );
  return rows.map((row) => row.lexeme);
}

/**
 * Drops words from the search vocabulary (used for typo correction and prefixes) that no
 * searchable text holds any longer, e.g. a name after its person was erased. The vocabulary only
 * grows by itself; this is how a word leaves it.
 *
 * The log of vocabulary changes (`search_vocabulary_change`, which keeps the server processes'
 * query analyses up to date) would keep the words as well, added and removed: every entry that
 * holds one of them goes, and an entry without words takes their place, which makes every
 * process drop all its analyses.
 */
export async function pruneVocabulary(em: EntityManager, lexemes: string[]): Promise<void> {
  if (lexemes.length === 0) return;
  const stillUsed = searchVectorTables()
    .map((table) => `exists (select 1 from "${table}" where search_vector @@ q.query)`)
    .join(' or ');
  await em.execute(
    `delete from search_lexeme l using (
       select lexeme, quote_literal(lexeme)::tsquery as query from unnest(array[?]::text[]) as lexeme
     ) q
     where l.lexeme = q.lexeme and not (${stillUsed})`,
    [lexemes],
  );
  await em.execute(
    `with forgotten as (delete from search_vocabulary_change where lexemes && array[?]::text[])
     insert into search_vocabulary_change (lexemes) values (null)`,
    [lexemes],
  );
}
