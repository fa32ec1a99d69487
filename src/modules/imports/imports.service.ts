import type { EntityManager } from '@mikro-orm/postgresql';
import type { Access } from '../../auth/access';
import { BadUserInputError } from '../../common/errors';
import type { ImportFormat, SourceRecord } from './import.parse';
import { fieldKey, parseRecords, unknownColumns } from './import.parse';
import type { ImportOptions, ImportResult } from './import.runner';
import { runImport } from './import.runner';
import { peopleImporter } from './people.import';
import { PEOPLE_COLUMNS } from './people.read';
import { REQUIREMENT_COLUMNS, requirementsImporter } from './requirements.import';

/** What can be imported. */
export const IMPORT_KINDS = ['people', 'requirements'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Each kind's accepted column names, and the columns (by their first name) every file needs. */
const KIND_COLUMNS: Record<ImportKind, { accepted: readonly string[]; required: string[][] }> = {
  people: { accepted: Object.values(PEOPLE_COLUMNS).flat(), required: [[...PEOPLE_COLUMNS.name]] },
  requirements: {
    accepted: Object.values(REQUIREMENT_COLUMNS).flat(),
    required: [[...REQUIREMENT_COLUMNS.title]],
  },
};

/** How a file's columns (by `fieldKey`) fit a kind: required columns missing, columns unknown. */
function fit(kind: ImportKind, columns: readonly string[]) {
  const accepted = new Set(KIND_COLUMNS[kind].accepted.map(fieldKey));
  const missing = KIND_COLUMNS[kind].required.filter(
    (aliases) => !aliases.some((alias) => columns.includes(fieldKey(alias))),
  );
  const unknown = columns.filter((key) => !accepted.has(key));
  return {
    accepted,
    missing,
    unknown,
    fits: missing.length === 0 && unknown.length * 2 <= columns.length,
  };
}

/**
 * Why a file's columns do not fit `kind`, in one line, or `undefined` when they do: a required
 * column is absent from every record, most of its columns are unknown to the kind, or more of
 * them belong only to the other kind than only to this one. Judged on the top-level columns (a
 * JSON item's own properties), named as the file spells them.
 */
export function columnMismatch(kind: ImportKind, records: SourceRecord[]): string | undefined {
  const names = new Map<string, string>();
  for (const record of records) {
    for (const key of Object.keys(record.fields)) names.set(key, record.names?.[key] ?? key);
  }
  if (names.size === 0) return undefined;
  const columns = [...names.keys()];
  const spelled = (keys: string[]) => keys.map((key) => names.get(key)).join(', ');
  const own = fit(kind, columns);
  const other = IMPORT_KINDS.find((candidate) => candidate !== kind) as ImportKind;
  const theirs = fit(other, columns);
  const onlyOther = columns.filter((key) => theirs.accepted.has(key) && !own.accepted.has(key));
  const onlyOwn = columns.filter((key) => own.accepted.has(key) && !theirs.accepted.has(key));
  const otherColumns = onlyOther.length > onlyOwn.length;
  // Columns the other kind would take are named once, in their own clause.
  const strange = own.unknown.filter((key) => !(otherColumns && onlyOther.includes(key)));
  const problems = [
    ...own.missing.map(
      ([first, ...rest]) => `the column ${first} (or ${rest.join(', ')}) is missing`,
    ),
    ...(own.unknown.length * 2 > columns.length
      ? [
          `${own.unknown.length} of its ${columns.length} columns are unknown to ${kind}` +
            (strange.length > 0 ? ` (${spelled(strange)})` : ''),
        ]
      : []),
    ...(otherColumns ? [`${spelled(onlyOther)} are ${other} columns`] : []),
  ];
  if (problems.length === 0) return undefined;
  return (
    `The file's columns do not fit ${kind}: ${problems.join('; ')}` +
    (theirs.fits && onlyOther.length > 0
      ? `. They fit ${other}: import the file as ${other}`
      : `. See docs/import-formats.md for the columns of ${kind}`)
  );
}

/**
 * Imports a file's content of one kind (see `docs/import-formats.md`). A file whose columns do
 * not fit the kind (see {@link columnMismatch}) is refused before any row is written
 * (`BAD_USER_INPUT` on `content`). Columns it has no use for are reported in `ignoredColumns`.
 */
export async function importContent(
  em: EntityManager,
  kind: ImportKind,
  content: string,
  format: ImportFormat,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const records = parseRecords(content, format, kind);
  const mismatch = columnMismatch(kind, records);
  if (mismatch) throw new BadUserInputError('content', mismatch);
  const columns = KIND_COLUMNS[kind].accepted;
  const result =
    kind === 'people'
      ? await runImport(em, peopleImporter(), records, options)
      : await runImport(em, requirementsImporter, records, options);
  return { ...result, ignoredColumns: unknownColumns(records, columns) };
}

/**
 * An admin imports people over the API. It runs inside the mutation's transaction: its batches
 * are savepoints, so the good rows are committed together when it returns (rejected rows are
 * left out), and nothing at all when it fails.
 */
export function importPeople(
  em: EntityManager,
  access: Access,
  content: string,
  format: ImportFormat,
  dryRun: boolean,
) {
  access.requireAdmin('import people');
  return importContent(em, 'people', content, format, { dryRun });
}

/** An admin imports requirements over the API; as {@link importPeople}. */
export function importRequirements(
  em: EntityManager,
  access: Access,
  content: string,
  format: ImportFormat,
  dryRun: boolean,
) {
  access.requireAdmin('import requirements');
  return importContent(em, 'requirements', content, format, { dryRun });
}
