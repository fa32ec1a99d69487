import type { EntityManager } from '@mikro-orm/postgresql';

/** What identifies an erased person in text others wrote: full names, e-mail addresses, phones. */
export interface ErasedTerms {
  names: string[];
  emails: string[];
  phones: string[];
}

/** A place where erasure could not replace the person's name, e-mail or phone. */
export interface ErasureGap {
  table: string;
  column: string;
  reason: string;
}

interface TextColumn {
  table: string;
  column: string;
  kind: 'text' | 'array' | 'json' | 'jsonb';
}

/**
 * Tables whose text is not rewritten here: the search vocabulary and the log of its changes hold
 * single stems (erasure prunes those: `pruneVocabulary`), and the seed's memory gets its own rule
 * (see {@link forgetSeededValues}).
 */
const OWN_RULE = new Set(['search_lexeme', 'search_vocabulary_change', 'seed_record']);

/**
 * Columns that are another person's own identity: a namesake keeps their name, and a colleague
 * their phone number when it is the kommune's switchboard that the erased person gave too. (The
 * erased person's own row is cleared by the erasure itself.)
 */
const THEIRS = new Set(['person.name', 'person.email', 'person.phone']);

/** The audit records the rewrites of the other tables, so it is rewritten last. */
const LAST = new Set(['audit_change', 'audit_event']);

/**
 * Every column of every table that can hold text (text, varchar, char, json, jsonb and arrays of
 * text), read from the catalogue at each erasure so that a table added later is covered without
 * anyone remembering to list it.
 */
async function textColumns(em: EntityManager): Promise<TextColumn[]> {
  return em.execute<TextColumn[]>(
    `select c.table_name as "table", c.column_name as "column",
       case when c.data_type in ('json', 'jsonb') then c.data_type
            when c.data_type = 'ARRAY' then 'array' else 'text' end as kind
     from information_schema.columns c
     join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.is_generated = 'NEVER'
       and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb')
            or (c.data_type = 'ARRAY' and c.udt_name in ('_text', '_varchar', '_bpchar')))
     order by c.table_name, c.ordinal_position`,
  );
}

/** A literal for a PostgreSQL regular expression (ARE): every character but letters, digits and spaces escaped. */
const literal = (text: string) => text.replace(/[^\p{L}\p{N}\s]/gu, (c) => `\\${c}`);

/** A text as it stands inside a JSON string, without the quotes. */
const inJson = (text: string) => JSON.stringify(text).slice(1, -1);

/**
 * One regular expression for all the terms: names as whole words (any run of spaces between
 * their words), e-mail addresses not inside a longer one, and phone numbers by their digits,
 * whatever spaces, dots or dashes and country code they are written with. Longest first, so a
 * longer name is replaced whole before a shorter one inside it. `json`: as the terms stand in
 * JSON text. `null` when there is nothing to look for.
 */
export function termsPattern(terms: ErasedTerms, json = false): string | null {
  const encode = (text: string) => literal(json ? inJson(text) : text);
  const names = terms.names
    .filter((name) => name.trim())
    .map(
      (name) =>
        `(?<![[:alnum:]_])${encode(name.trim()).replace(/\s+/g, '[[:space:]]+')}(?![[:alnum:]_])`,
    );
  const emails = terms.emails
    .filter((email) => email.trim())
    .map((email) => `(?<![[:alnum:]._%+-])${encode(email.trim())}`);
  const phones = terms.phones.flatMap((phone) => {
    const digits = phone.replace(/\D/g, '');
    // The national number: a Danish one is the last eight digits of +45 …; others likewise.
    const national = digits.length > 8 ? digits.slice(-8) : digits;
    if (national.length < 6) return [];
    return [
      `(?<![0-9])(?:(?:\\+|00)[0-9]{1,3}[[:space:].-]*)?${[...national].join('[[:space:].-]?')}(?![0-9])`,
    ];
  });
  const all = [...names, ...emails, ...phones].sort((a, b) => b.length - a.length);
  return all.length > 0 ? all.join('|') : null;
}

/** SQL that replaces the terms in one column (`x` the row, `t` the patterns). */
function replaced(column: TextColumn): { set: string; match: string } {
  const c = `x."${column.column}"`;
  switch (column.kind) {
    case 'text':
      return {
        match: `${c} ~* t.pattern`,
        set: `case when ${c} ~* t.pattern then regexp_replace(${c}, t.pattern, t.replacement, 'gi') else ${c} end`,
      };
    case 'array':
      return {
        match: `array_to_string(${c}, chr(31)) ~* t.pattern`,
        set: `case when array_to_string(${c}, chr(31)) ~* t.pattern
          then array(select regexp_replace(e, t.pattern, t.replacement, 'gi')
                     from unnest(${c}) with ordinality u(e, i) order by i)
          else ${c} end`,
      };
    default:
      return {
        match: `${c}::text ~* t.json_pattern`,
        set: `case when ${c}::text ~* t.json_pattern
          then regexp_replace(${c}::text, t.json_pattern, t.json_replacement, 'gi')::${column.kind}
          else ${c} end`,
      };
  }
}

/** Why the database refused a rewrite, without the statement (it holds the person's data). */
function refusal(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') throw error;
  if (code === '22001') return 'the pseudonym would not fit the column (SQLSTATE 22001)';
  if (code.startsWith('23'))
    return `the rewritten value breaks a rule of the table (SQLSTATE ${code})`;
  if (code.startsWith('22')) return `the rewritten value cannot be stored (SQLSTATE ${code})`;
  return `the database refused the rewrite (SQLSTATE ${code})`;
}

/**
 * Replaces an erased person's names, e-mail addresses and phone numbers with their pseudonym in
 * every text the database holds: notes, lessons, requirement and procurement texts, handover
 * notes, the audit, and any table added later. Each table is rewritten in a savepoint, in one
 * statement. A table the database refuses is tried again after the others, column by column:
 * derived tables (the expert index) are refreshed by triggers when their sources are rewritten,
 * and may hold nothing to replace by then. The columns it still refuses are returned, so the
 * erasure can say where the person's name stays. The audit, which records the rewrites of the
 * other tables, is rewritten last.
 */
export async function replaceInAllText(
  em: EntityManager,
  terms: ErasedTerms,
  pseudonym: string,
): Promise<ErasureGap[]> {
  const pattern = termsPattern(terms);
  const jsonPattern = termsPattern(terms, true);
  if (!pattern || !jsonPattern) return [];
  const byTable = new Map<string, TextColumn[]>();
  for (const column of await textColumns(em)) {
    if (OWN_RULE.has(column.table) || THEIRS.has(`${column.table}.${column.column}`)) continue;
    byTable.set(column.table, [...(byTable.get(column.table) ?? []), column]);
  }
  const order = [...byTable.keys()].filter((table) => !LAST.has(table));
  const audit = [...LAST].filter((table) => byTable.has(table));
  const escape = (text: string) => text.replace(/\\/g, '\\\\');
  const bindings = [pattern, escape(pseudonym), jsonPattern, escape(inJson(pseudonym))];
  const rewrite = (table: string, columns: TextColumn[]) => {
    const parts = columns.map(replaced);
    return em.transactional((savepoint) =>
      savepoint.execute(
        `with t as (select ?::text as pattern, ?::text as replacement,
                           ?::text as json_pattern, ?::text as json_replacement)
         update "${table}" as x set ${columns.map((c, i) => `"${c.column}" = ${parts[i].set}`).join(', ')}
         from t where ${parts.map((part) => part.match).join(' or ')}`,
        bindings,
      ),
    );
  };
  const refused: string[] = [];
  for (const table of order) {
    try {
      await rewrite(table, byTable.get(table) as TextColumn[]);
    } catch (error) {
      refusal(error);
      refused.push(table);
    }
  }
  const gaps: ErasureGap[] = [];
  for (const table of [...refused, ...audit]) {
    for (const column of byTable.get(table) as TextColumn[]) {
      try {
        await rewrite(table, [column]);
      } catch (error) {
        gaps.push({ table, column: column.column, reason: refusal(error) });
      }
    }
  }
  return gaps;
}

/** What an erased value becomes in the seed's memory: a text no row holds. */
export const ERASED_SEED_VALUE = '[slettet]';

/**
 * The seed's memory of what it wrote (`seed_record`) is compared with the rows to tell what
 * nobody changed since: a value rewritten to the pseudonym there would match the erased row and
 * let `npm run seed` write the person's data back. So each seeded value that holds the terms, and
 * each erased field of the person's own rows (`fields`: entity id → field names), becomes a
 * marker no row holds, and the seed leaves those rows alone.
 */
export async function forgetSeededValues(
  em: EntityManager,
  terms: ErasedTerms,
  fields: Record<string, string[]>,
): Promise<void> {
  const jsonPattern = termsPattern(terms, true) ?? '$^';
  await em.execute(
    `with t as (select ?::text as json_pattern, ?::jsonb as fields, ?::text as marker)
     update seed_record s set seeded = (
       select jsonb_object_agg(e.key, case
         when e.value::text ~* t.json_pattern or jsonb_exists(coalesce(t.fields -> s.entity_id::text, '[]'), e.key)
         then to_jsonb(t.marker) else e.value end)
       from jsonb_each(s.seeded) e)
     from t
     where jsonb_typeof(s.seeded) = 'object'
       and (s.seeded::text ~* t.json_pattern or jsonb_exists(t.fields, s.entity_id::text))`,
    [jsonPattern, JSON.stringify(fields), ERASED_SEED_VALUE],
  );
}
