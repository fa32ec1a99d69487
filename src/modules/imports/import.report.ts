import { CommandError } from '../../common/command';
import type { ImportResult } from './import.runner';

/** The encodings --encoding takes, by name, as `TextDecoder` labels. */
const ENCODINGS: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  latin1: 'windows-1252',
  'iso-8859-1': 'windows-1252',
};

/**
 * An import file's text. UTF-8 unless told otherwise, and strictly: a Windows-1252 file (as
 * Danish Excel may save it) would otherwise turn every æ, ø and å into U+FFFD without a word.
 */
export function decodeImportFile(
  file: string,
  bytes: Uint8Array,
  encoding: string | undefined,
): string {
  const label = ENCODINGS[(encoding ?? 'utf-8').toLowerCase()];
  if (!label) throw new CommandError(`--encoding must be utf-8 or windows-1252, not ${encoding}.`);
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    throw new CommandError(
      `${file} is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel), or pass --encoding windows-1252.`,
    );
  }
}

/**
 * A quoted CSV cell. Keys and reasons repeat the imported file's text, so a cell that a
 * spreadsheet would take for a formula (`=`, `+`, `-`, `@`) is prefixed with `'`.
 */
function csvCell(value: string | number): string {
  const text = String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The rejected rows as a CSV file (`line;key;reason`), for `npm run import -- --rejected FILE`. */
export function rejectedCsv(result: ImportResult): string {
  const lines = result.rejected.map((r) => [r.line, r.key ?? '', r.reason].map(csvCell).join(';'));
  return ['line;key;reason', ...lines].join('\n') + '\n';
}

/** What an import did, for a person to read: counts, the first `shown` rejections, skips, warnings. */
export function importReport(
  kind: string,
  file: string,
  result: ImportResult,
  seconds: number,
  shown: number,
) {
  const lines = [
    `${result.dryRun ? 'dry run: nothing was written. ' : ''}import ${kind} from ${file}: ${result.rows} rows in ${seconds.toFixed(1)} s`,
    `  created    ${result.created}`,
    `  updated    ${result.updated}`,
    `  unchanged  ${result.unchanged}`,
    `  rejected   ${result.rejected.length}`,
  ];
  for (const r of result.rejected.slice(0, shown)) {
    lines.push(`    line ${r.line}${r.key ? ` (${r.key})` : ''}: ${r.reason}`);
  }
  if (result.rejected.length > shown) {
    lines.push(`    … ${result.rejected.length - shown} more (--verbose lists them all)`);
  }
  if (result.skipped.length > 0) {
    lines.push(
      `  skipped    ${result.skipped.length} (people erased on request; not imported again)`,
    );
    for (const r of result.skipped.slice(0, shown)) lines.push(`    line ${r.line}: ${r.reason}`);
  }
  if (result.ignoredColumns.length > 0) {
    lines.push(
      `warning: columns not imported (no such column): ${result.ignoredColumns.join(', ')}`,
    );
  }
  return lines.join('\n');
}
