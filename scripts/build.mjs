#!/usr/bin/env node
/**
 * `npm run build`: compiles the TypeScript into `dist/` only when something it is compiled from
 * changed since the last good build, so `npm start`, `seed`, `token`, `import` and `reindex` start
 * in about a second on a current build instead of type-checking the whole project each time.
 *
 * The fingerprint is a hash of the contents of every input (the sources, the tsconfig files, the
 * lock file: a dependency's types can change the output). It is written after `tsc` succeeds, so
 * a failed or interrupted build is tried again next time. `--force` always compiles. `tsc` runs
 * incrementally (its build info sits in `dist/`), so a build after a small change is quick too.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.build-fingerprint');
const INPUTS = [
  'src',
  'mikro-orm.config.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'package-lock.json',
];

/** Every file under `entry` (a file or a folder), as paths relative to the project's root. */
function filesOf(entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return [];
  if (!fs.statSync(full).isDirectory()) return [entry];
  return fs
    .readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((dirent) => dirent.isFile())
    .map((dirent) => path.relative(root, path.join(dirent.parentPath, dirent.name)));
}

function fingerprint() {
  const hash = createHash('sha256');
  hash.update(process.version);
  for (const file of INPUTS.flatMap(filesOf).sort()) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
  }
  return hash.digest('hex');
}

function main() {
  const force = process.argv.includes('--force');
  const current = fingerprint();
  const built = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : '';
  if (!force && built === current && fs.existsSync(path.join(dist, 'src', 'index.js'))) return 0;

  fs.rmSync(stamp, { force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const args = ['-p', 'tsconfig.build.json', '--incremental'];
  args.push('--tsBuildInfoFile', path.join('dist', '.tsbuildinfo'));
  const result = spawnSync(process.execPath, [tsc, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) return result.status ?? 1;
  fs.writeFileSync(stamp, `${current}\n`);
  return 0;
}

process.exitCode = main();
