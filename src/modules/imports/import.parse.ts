import { parse } from 'csv-parse/sync';
import { BadUserInputError } from '../../common/errors';

/** The file formats an import reads. */
export enum ImportFormat {
  CSV = 'CSV',
  JSON = 'JSON',
}

/**
 * One record of an import file, its fields keyed by {@link fieldKey}: a CSV row (`line` is the
 * file line it starts on, the header being line 1) or an item of a JSON list (`line` is its
 * position, 1 for the first).
 */
export interface SourceRecord {
  line: number;
  fields: Record<string, unknown>;
  /** Set when the record itself is malformed (a CSV row with too many or too few cells). */
  problem?: string;
  /** The names the file gives its fields (and nested objects' fields), by `fieldKey`. */
  names?: Readonly<Record<string, string>>;
}

/** The names a JSON object holding its list under may use, by what is imported. */
const LIST_NAMES: Record<string, readonly string[]> = {
  people: ['people', 'persons', 'employees', 'medarbejdere'],
  requirements: ['requirements', 'krav'],
};

/**
 * The form a column or property name is compared in: lower case, `æ/ø/å` as `ae/oe/aa`, letters
 * and digits only. "E-mail", "email" and "EMAIL" meet; so do "Startdato" and "startdato".
 */
export function fieldKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFD')
    .replace(/[^a-z0-9]/g, '');
}

/**
 * The records of a file's content, in order; `kind` (people, requirements) says which list of a
 * JSON object holding several to read. A file that cannot be read at all is `BAD_USER_INPUT`.
 */
export function parseRecords(content: string, format: ImportFormat, kind?: string): SourceRecord[] {
  return format === ImportFormat.CSV ? parseCsv(content) : parseJson(content, kind);
}

/**
 * `;` or `,`, whichever the header line (the first that is not blank) uses more: Danish Excel
 * writes `;`, most other tools `,`.
 */
function csvDelimiter(content: string): string {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines.find((line) => line.trim() !== '') ?? '';
  const count = (char: string) => header.split(char).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

function parseCsv(content: string): SourceRecord[] {
  let rows: { record: Record<string, string>; raw: string; info: CsvInfo }[];
  const names: Record<string, string> = {};
  // A row csv-parse cannot read (a stray quote) is skipped and rejected with its line, rather
  // than refusing the whole file; csv-parse may report one row more than once.
  const unreadable = new Map<number, string>();
  try {
    rows = parse(content, {
      bom: true,
      delimiter: csvDelimiter(content),
      columns: (header: string[]) =>
        header.map((name) => {
          const key = fieldKey(name);
          names[key] ??= name.trim();
          return key;
        }),
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        const line = Number((error as { lines?: unknown } | undefined)?.lines);
        if (error && !unreadable.has(line)) {
          unreadable.set(line, error.message.replace(/ at line \d+,/, ','));
        }
      },
    }) as unknown as typeof rows;
  } catch (error) {
    const { message, lines } = error as { message: string; lines?: number };
    throw new BadUserInputError(
      'content',
      `The CSV cannot be read${lines ? ` (line ${lines})` : ''}: ${message}`,
    );
  }
  const records = rows.map(({ record, raw, info }): SourceRecord => {
    // `info.lines` is the line the record ends on; a quoted cell may span several lines.
    const own = raw.replace(/^(\r?\n)+/, '');
    const newlines = (own.match(/\n/g) ?? []).length;
    const line = info.lines - newlines + (own.endsWith('\n') ? 1 : 0);
    const columns = info.columns?.length ?? 0;
    const cells = info.error ? ((info.error as { record?: unknown[] }).record?.length ?? 0) : 0;
    return {
      line,
      fields: record,
      names,
      ...(info.error
        ? { problem: `the row has ${cells} cells where the header has ${columns}` }
        : {}),
    };
  });
  for (const [line, message] of unreadable) {
    records.push({ line, fields: {}, names, problem: `the row cannot be read: ${message}` });
  }
  return records.sort((a, b) => a.line - b.line);
}

interface CsvInfo {
  lines: number;
  columns?: unknown[];
  error?: unknown;
}

function parseJson(content: string, kind?: string): SourceRecord[] {
  let document: unknown;
  try {
    document = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new BadUserInputError('content', `The JSON cannot be read: ${(error as Error).message}`);
  }
  const items = Array.isArray(document) ? document : listIn(document, kind);
  if (!items) {
    throw new BadUserInputError(
      'content',
      'The JSON must be a list of objects, or an object holding one (e.g. {"people": [...]})',
    );
  }
  const names: Record<string, string> = {};
  return items.map((item, index) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? { line: index + 1, fields: keyed(item as Record<string, unknown>, names), names }
      : { line: index + 1, fields: {}, problem: 'the item is not an object' },
  );
}

/**
 * The list an object holds, as exports wrap them: the one named after what is imported
 * (`{"people": [...]}`, `{"krav": [...]}`), else its only list. Several other lists (an
 * `errors` list beside the data, say) are `BAD_USER_INPUT`, naming them: reading the wrong one
 * would import nothing and succeed.
 */
function listIn(document: unknown, kind?: string): unknown[] | undefined {
  if (document === null || typeof document !== 'object') return undefined;
  const lists = Object.entries(document).filter(([, value]) => Array.isArray(value));
  const wanted = (kind ? (LIST_NAMES[kind] ?? []) : []).map(fieldKey);
  const named = lists.find(([name]) => wanted.includes(fieldKey(name)));
  if (named) return named[1] as unknown[];
  if (lists.length > 1) {
    throw new BadUserInputError(
      'content',
      `The JSON object holds several lists (${lists.map(([name]) => name).join(', ')}): name the one to import ${
        kind ? `${LIST_NAMES[kind]?.join(' or ')}` : 'after what it holds'
      }, or give the list alone`,
    );
  }
  return lists[0]?.[1] as unknown[] | undefined;
}

/**
 * An object's properties keyed by {@link fieldKey}, nested objects and lists of them too; the
 * names the file gives them are collected in `names`.
 */
function keyed(
  item: Record<string, unknown>,
  names: Record<string, string>,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    const key = fieldKey(name);
    names[key] ??= name;
    fields[key] = Array.isArray(value)
      ? value.map((entry: unknown) =>
          entry !== null && typeof entry === 'object' && !Array.isArray(entry)
            ? keyed(entry as Record<string, unknown>, names)
            : entry,
        )
      : value;
  }
  return fields;
}

/**
 * The names of the records' fields (and nested objects' fields) that are none of `known`
 * (accepted names, compared as `fieldKey`s), as the file spells them: a typo in a header would
 * otherwise drop its column without a word.
 */
export function unknownColumns(records: SourceRecord[], known: readonly string[]): string[] {
  const knownKeys = new Set(known.map(fieldKey));
  const unknown = new Set<string>();
  const visit = (record: SourceRecord, fields: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(fields)) {
      if (!knownKeys.has(key)) unknown.add(record.names?.[key] ?? key);
      if (Array.isArray(value)) {
        for (const entry of value) {
          if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
            visit(record, entry as Record<string, unknown>);
          }
        }
      }
    }
  };
  for (const record of records) visit(record, record.fields);
  return [...unknown];
}
