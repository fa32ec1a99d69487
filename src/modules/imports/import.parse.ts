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
}

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

/** The records of a file's content, in order. A file that cannot be read at all is `BAD_USER_INPUT`. */
export function parseRecords(content: string, format: ImportFormat): SourceRecord[] {
  return format === ImportFormat.CSV ? parseCsv(content) : parseJson(content);
}

/**
 * `;` or `,`, whichever the header line uses more: Danish Excel writes `;`, most other tools `,`.
 */
function csvDelimiter(content: string): string {
  const header = content.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const count = (char: string) => header.split(char).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

function parseCsv(content: string): SourceRecord[] {
  let rows: { record: Record<string, string>; raw: string; info: CsvInfo }[];
  try {
    rows = parse(content, {
      bom: true,
      delimiter: csvDelimiter(content),
      columns: (header: string[]) => header.map(fieldKey),
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as typeof rows;
  } catch (error) {
    const { message, lines } = error as { message: string; lines?: number };
    throw new BadUserInputError(
      'content',
      `The CSV cannot be read${lines ? ` (line ${lines})` : ''}: ${message}`,
    );
  }
  return rows.map(({ record, raw, info }) => {
    // `info.lines` is the line the record ends on; a quoted cell may span several lines.
    const own = raw.replace(/^(\r?\n)+/, '');
    const newlines = (own.match(/\n/g) ?? []).length;
    const line = info.lines - newlines + (own.endsWith('\n') ? 1 : 0);
    const columns = info.columns?.length ?? 0;
    const cells = info.error ? ((info.error as { record?: unknown[] }).record?.length ?? 0) : 0;
    return {
      line,
      fields: record,
      ...(info.error
        ? { problem: `the row has ${cells} cells where the header has ${columns}` }
        : {}),
    };
  });
}

interface CsvInfo {
  lines: number;
  columns?: unknown[];
  error?: unknown;
}

function parseJson(content: string): SourceRecord[] {
  let document: unknown;
  try {
    document = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new BadUserInputError('content', `The JSON cannot be read: ${(error as Error).message}`);
  }
  const items = Array.isArray(document) ? document : listIn(document);
  if (!items) {
    throw new BadUserInputError(
      'content',
      'The JSON must be a list of objects, or an object holding one (e.g. {"people": [...]})',
    );
  }
  return items.map((item, index) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? { line: index + 1, fields: keyed(item as Record<string, unknown>) }
      : { line: index + 1, fields: {}, problem: 'the item is not an object' },
  );
}

/** The first list held by an object, as exports wrap them: `{"requirements": [...]}`. */
function listIn(document: unknown): unknown[] | undefined {
  if (document === null || typeof document !== 'object') return undefined;
  return Object.values(document).find(Array.isArray);
}

/** An object's properties keyed by {@link fieldKey}, nested objects and lists of them too. */
function keyed(item: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    fields[fieldKey(name)] = Array.isArray(value)
      ? value.map((entry: unknown) =>
          entry !== null && typeof entry === 'object' && !Array.isArray(entry)
            ? keyed(entry as Record<string, unknown>)
            : entry,
        )
      : value;
  }
  return fields;
}
