import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ImportOptions } from '../../src/modules/imports/import.runner';

const SAMPLES = path.join(__dirname, '../../seeds/import');

/** A sample import file from `seeds/import`. */
export const sample = (name: string) => readFileSync(path.join(SAMPLES, name), 'utf8');

/** As the CLI runs an import: outside a mutation, each batch that writes opens an audit event. */
export const cli: ImportOptions = {
  audit: { action: 'importPeople', identity: null, args: { file: 'test' } },
};
