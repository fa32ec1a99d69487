#!/usr/bin/env node
/**
 * `npm run bench:web`: the JavaScript a browser loads on its first visit to the web app (the
 * scripts and module preloads of dist/web/index.html), gzipped, against the budget of 150 kB.
 * GraphiQL, which loads only at /graphql, is not part of it. Exits 1 over budget.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 150;
const web = path.resolve(import.meta.dirname, '..', 'dist', 'web');
const html = fs.readFileSync(path.join(web, 'index.html'), 'utf8');
const scripts = [
  ...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="(\/assets\/[^"]+\.js)"/g),
].map((match) => match[1]);
let total = 0;
for (const script of scripts) {
  const size = gzipSync(fs.readFileSync(path.join(web, script)), { level: 9 }).length;
  total += size;
  console.log(`${(size / 1024).toFixed(1).padStart(7)} kB  ${script}`);
}
const verdict = total / 1024 <= BUDGET_KB ? 'within' : 'OVER';
console.log(
  `${(total / 1024).toFixed(1).padStart(7)} kB  first-load JavaScript, gzip (${verdict} the budget of ${BUDGET_KB} kB)`,
);
if (verdict === 'OVER') process.exitCode = 1;
