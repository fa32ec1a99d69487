import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { GraphQLError } from 'graphql';
import { openDatabase } from '../app';
import { erasureKey } from '../auth/secret';
import { userMessage } from '../common/command';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { useErasureKey } from '../modules/privacy/tombstone';
import { ImportFormat } from '../modules/imports/import.parse';
import type { ImportResult } from '../modules/imports/import.runner';
import { databaseFailure } from '../modules/imports/import.runner';
import { decodeImportFile, importReport, rejectedCsv } from '../modules/imports/import.report';
import type { ImportKind } from '../modules/imports/imports.service';
import { IMPORT_KINDS, importContent } from '../modules/imports/imports.service';
import { auditMutation } from '../modules/audit/audit.service';
import { onMutationTransaction } from '../common/transaction';

const USAGE = `Imports people or requirements from a CSV or JSON file (see docs/import-formats.md).

usage: npm run import -- <people|requirements> <file> [--dry-run] [--format csv|json]
                        [--encoding utf-8|windows-1252] [--verbose] [--rejected FILE]
                        [--batch-size N]

  --dry-run      report what the import would do, and write nothing (no audit event either)
  --format       csv or json (default: from the file's extension)
  --encoding     utf-8 (default), or windows-1252 (also latin1) for a file saved so by Excel
  --verbose      list every rejected row (default: the first ${20})
  --rejected     also write every rejected row to FILE (CSV: line;key;reason)
  --batch-size   rows per transaction (default 500)

The database is DATABASE_URL, or the embedded PostgreSQL in DATA_DIR (./.data) that
\`npm start\` uses (stop the server first, or point DATABASE_URL at it).
Exit status: 0 when every row was imported, 2 when some rows were rejected (the others
were imported), 1 when the import failed or the command was wrong.`;

/** Rejections listed without --verbose. */
const SHOWN = 20;

/** Exit status when the import ran but rejected some rows. */
const SOME_REJECTED = 2;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(1);
}

function options() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        format: { type: 'string' },
        encoding: { type: 'string' },
        verbose: { type: 'boolean', default: false },
        rejected: { type: 'string' },
        'batch-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // An unknown option or one without its value: say which, with the usage, not a stack.
    fail((error as Error).message);
  }
}

async function main() {
  const { values, positionals } = options();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [kind, file, ...extra] = positionals;
  if (!IMPORT_KINDS.includes(kind as ImportKind) || !file || extra.length > 0) {
    fail(`Give what to import (${IMPORT_KINDS.join(' or ')}) and one file.`);
  }
  const formatName = (values.format ?? path.extname(file).slice(1)).toUpperCase();
  if (!(formatName in ImportFormat)) {
    fail(`Cannot tell the format of ${file}: use --format csv or --format json.`);
  }
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : undefined;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
    fail('--batch-size must be a whole number above 0.');
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    fail(`Cannot read ${file}: ${(error as Error).message}`);
  }
  let content: string;
  try {
    content = decodeImportFile(file, bytes, values.encoding);
  } catch (error) {
    fail(userMessage(error) ?? String(error));
  }

  const config = loadConfig();
  // The server's tombstones, so that the file does not bring back a person erased there.
  useErasureKey(erasureKey(config));
  const database = await openDatabase(config, createLogger(process.env.LOG_LEVEL ?? 'warn'));
  // Outside a mutation, each batch that writes is audited as a mutation of its own.
  onMutationTransaction(auditMutation);
  const progress = progressReporter();
  const started = Date.now();
  let result: ImportResult;
  try {
    result = await importContent(
      database.orm.em.fork(),
      kind as ImportKind,
      content,
      ImportFormat[formatName as keyof typeof ImportFormat],
      {
        dryRun: values['dry-run'],
        batchSize,
        onProgress: progress.update,
        audit: {
          action: kind === 'people' ? 'importPeople' : 'importRequirements',
          identity: { subject: `cli:${os.userInfo().username}`, role: 'admin' },
          args: { file: path.basename(file), dryRun: values['dry-run'] },
        },
      },
    );
  } finally {
    progress.stop();
    await database.close();
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(importReport(kind, file, result, seconds, values.verbose ? Infinity : SHOWN));
  if (values.rejected) {
    writeFileSync(values.rejected, rejectedCsv(result));
    console.log(`rejected rows written to ${values.rejected}`);
  }
  // Exit explicitly: the embedded PostgreSQL's exit hook ends the process with 0 otherwise.
  process.exit(result.rejected.length > 0 ? SOME_REJECTED : 0);
}

/** A progress bar on a terminal; elsewhere a line every tenth of a large file, or nothing. */
function progressReporter() {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      format: 'importing [{bar}] {percentage}% | {value}/{total} rows | {eta_formatted} left',
      stream: process.stderr,
    });
    let started = false;
    return {
      update(done: number, total: number) {
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
      stop: () => started && bar.stop(),
    };
  }
  let shown = 0;
  return {
    update(done: number, total: number) {
      if (total < 10_000) return;
      const tenth = Math.floor((done / total) * 10);
      if (tenth > shown) {
        shown = tenth;
        console.error(
          `importing: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} rows`,
        );
      }
    },
    stop: () => undefined,
  };
}

main().catch((error: unknown) => {
  // A file that cannot be read at all is the user's to fix: say why, without a stack. A
  // database error's message and stack hold the statement, rows of the file included: only its
  // SQLSTATE and detail are printed.
  console.error(
    'import failed:',
    error instanceof GraphQLError
      ? error.message
      : (userMessage(error) ??
          databaseFailure(error) ??
          (error instanceof Error ? error.stack : error)),
  );
  process.exit(1);
});
