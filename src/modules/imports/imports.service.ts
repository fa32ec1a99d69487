import type { EntityManager } from '@mikro-orm/postgresql';
import type { Access } from '../../auth/access';
import type { ImportFormat } from './import.parse';
import { parseRecords, unknownColumns } from './import.parse';
import type { ImportOptions, ImportResult } from './import.runner';
import { runImport } from './import.runner';
import { PEOPLE_COLUMNS, peopleImporter } from './people.import';
import { REQUIREMENT_COLUMNS, requirementsImporter } from './requirements.import';

/** What can be imported. */
export const IMPORT_KINDS = ['people', 'requirements'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * Imports a file's content of one kind (see `docs/import-formats.md`). Columns it has no use
 * for are reported in `ignoredColumns`.
 */
export async function importContent(
  em: EntityManager,
  kind: ImportKind,
  content: string,
  format: ImportFormat,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const records = parseRecords(content, format, kind);
  const columns = Object.values(kind === 'people' ? PEOPLE_COLUMNS : REQUIREMENT_COLUMNS).flat();
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
