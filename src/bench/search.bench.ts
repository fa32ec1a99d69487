import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { startEmbeddedPostgres } from '../db/embedded';
import { connect, migrate, statementCounter } from '../db/orm';
import { buildGraphQLSchema } from '../schema/build';
import { generateNetwork } from '../seed/generate';
import { seed } from '../seed/seed';
import { createApollo, inProcessExecutor } from '../server';

/**
 * `npm run bench:search`: builds a network of 100,000 people and a million evidence items (seed 1,
 * so every run measures the same data) on a fresh embedded PostgreSQL, then times `experts` and
 * `search` for 20 representative queries and counts SQL statements per request.
 * Options: BENCH_PEOPLE (default 100000), BENCH_SEED (1), BENCH_RUNS per query (20),
 * DATABASE_URL to use an existing database instead (a network it already holds for the seed is reused).
 */
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 100_000);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

const QUERIES = [
  'leverandørstyring',
  'supplier management',
  'kravmotoren',
  'nonfunktionelle krav',
  'crowdfunding',
  'tilslutningsaftale',
  'governance',
  'MFA',
  'to-faktor',
  'rollekatalog',
  'SOFD',
  'udbud',
  'markedsdialog',
  'logning',
  'databehandleraftale',
  'migrering',
  'agil udvikling',
  'leverandoerstyring',
  'governence',
  'it-arkitektur',
];

const EXPERTS = `query ($q: String!) { experts(query: $q, first: 10) { totalCount edges { node { score person { name } evidence { kind reason } } } } }`;
const SEARCH = `query ($q: String!) { search(query: $q, first: 10) { totalCount edges { node { score snippet node { __typename } } } } }`;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'erfaringsnet-bench-'));
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dataDir,
        port: 54400 + (process.pid % 500),
        database: 'bench',
        persistent: false,
      });
  const url = process.env.DATABASE_URL || (embedded?.url as string);
  const orm = await connect(url);
  try {
    await migrate(orm);
    let started = performance.now();
    const [{ count: existing }] = (await orm.em
      .getConnection()
      .execute(`select count(*)::int as count from person where external_id like ?`, [
        `g${SEED}:%`,
      ])) as { count: number }[];
    if (existing >= PEOPLE) {
      console.log(
        `network: reusing the ${existing.toLocaleString('en')} generated people (seed ${SEED}) already in the database`,
      );
    } else {
      await seed(orm.em.fork());
      const network = await generateNetwork(orm.em.fork(), { people: PEOPLE, seed: SEED });
      console.log(
        `network: ${network.people.toLocaleString('en')} people, ${network.evidence.toLocaleString('en')} evidence items (seed ${SEED}), built in ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    }

    // Fresh statistics and visibility maps, as autovacuum would leave them on a live server.
    await orm.em.getConnection().execute('vacuum analyze');

    const logger = pino({ level: 'silent' });
    const apollo = createApollo({ schema: await buildGraphQLSchema(), logger, production: true });
    await apollo.start();
    const statements = statementCounter(orm);
    const execute = inProcessExecutor(apollo, orm, logger);
    // Signed in as a member, as the people who use the expert search are.
    const member = { subject: 'bench', role: 'member' as const };
    const run = async (query: string, q: string) => {
      const result = await execute(query, { q }, member);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
    };

    for (const [name, document] of [
      ['experts', EXPERTS],
      ['search', SEARCH],
    ] as const) {
      for (const q of QUERIES) await run(document, q); // warm-up
      const timings: number[] = [];
      const perQuery: string[] = [];
      statements.reset();
      started = performance.now();
      for (const q of QUERIES) {
        const own: number[] = [];
        for (let i = 0; i < RUNS; i += 1) {
          const t0 = performance.now();
          await run(document, q);
          own.push(performance.now() - t0);
        }
        own.sort((a, b) => a - b);
        perQuery.push(
          `    ${q.padEnd(24)} p50 ${percentile(own, 50).toFixed(1).padStart(7)} ms  p95 ${percentile(own, 95).toFixed(1).padStart(7)} ms`,
        );
        timings.push(...own);
      }
      timings.sort((a, b) => a - b);
      console.log(
        `${name}: ${timings.length} requests, p50 ${percentile(timings, 50).toFixed(1)} ms, p95 ${percentile(timings, 95).toFixed(1)} ms, p99 ${percentile(timings, 99).toFixed(1)} ms, ${(statements.count() / timings.length).toFixed(1)} SQL statements per request`,
      );
      console.log(perQuery.join('\n'));
    }
    await apollo.stop();
  } finally {
    await orm.close();
    await embedded?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error('bench failed:', error);
  process.exit(1);
});
