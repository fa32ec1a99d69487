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
 *
 * The web app (`web/`) is built the same way, on a fingerprint of its own: Vite runs only when
 * `web/`, the API's schema (its typed documents come from it) or the lock file changed, and writes
 * the app into `dist/web`, which the server serves at `/`.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');

/** What is built, from what, how, and the file whose presence says it was. */
const TARGETS = [
  {
    name: 'server',
    inputs: [
      'src',
      'mikro-orm.config.ts',
      'tsconfig.json',
      'tsconfig.build.json',
      'package-lock.json',
    ],
    stamp: path.join(dist, '.build-fingerprint'),
    output: path.join(dist, 'src', 'index.js'),
    command: [
      createRequire(import.meta.url).resolve('typescript/bin/tsc'),
      ...['-p', 'tsconfig.build.json', '--incremental'],
      ...['--tsBuildInfoFile', path.join('dist', '.tsbuildinfo')],
    ],
  },
  {
    name: 'web',
    inputs: ['web', 'schema/schema.graphql', 'package-lock.json'],
    stamp: path.join(dist, '.web-build-fingerprint'),
    output: path.join(dist, 'web', 'index.html'),
    command: [
      path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      ...['build', '--config', path.join('web', 'vite.config.mts'), '--logLevel', 'warn'],
    ],
  },
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

function fingerprint(inputs) {
  const hash = createHash('sha256');
  hash.update(process.version);
  for (const file of inputs.flatMap(filesOf).sort()) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
  }
  return hash.digest('hex');
}

/** Runs a target's command unless its output is there and its inputs did not change. */
function build(target, force) {
  const current = fingerprint(target.inputs);
  const built = fs.existsSync(target.stamp) ? fs.readFileSync(target.stamp, 'utf8').trim() : '';
  if (!force && built === current && fs.existsSync(target.output)) return 0;

  fs.rmSync(target.stamp, { force: true });
  const result = spawnSync(process.execPath, target.command, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) return result.status ?? 1;
  fs.writeFileSync(target.stamp, `${current}\n`);
  return 0;
}

function main() {
  const force = process.argv.includes('--force');
  for (const target of TARGETS) {
    const status = build(target, force);
    if (status !== 0) return status;
  }
  return 0;
}

process.exitCode = main();
