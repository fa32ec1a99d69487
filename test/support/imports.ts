import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ImportFormat } from '../../src/modules/imports/import.parse';
import type { ImportOptions, ImportResult } from '../../src/modules/imports/import.runner';
import type { ImportKind } from '../../src/modules/imports/imports.service';
import { importContent } from '../../src/modules/imports/imports.service';

const SAMPLES = path.join(__dirname, '../../seeds/import');

/** A sample import file from `seeds/import`. */
export const sample = (name: string) => readFileSync(path.join(SAMPLES, name), 'utf8');

/** As the CLI runs an import: outside a mutation, each batch that writes opens an audit event. */
export const cli: ImportOptions = {
  audit: { action: 'importPeople', identity: null, args: { file: 'test' } },
};

/** Imports a sample file from `seeds/import`, in the format its extension says. */
export function importSample(
  em: EntityManager,
  kind: ImportKind,
  name: string,
  options?: ImportOptions,
) {
  const format = name.endsWith('.json') ? ImportFormat.JSON : ImportFormat.CSV;
  return importContent(em, kind, sample(name), format, options);
}

/** The report of an import that created each of its `rows` rows. */
export const allCreated = (rows: number): ImportResult => ({
  rows,
  created: rows,
  updated: 0,
  unchanged: 0,
  rejected: [],
  skipped: [],
  dryRun: false,
  ignoredColumns: [],
});
