import { createHash } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MikroORM } from '@mikro-orm/postgresql';
import { toGlobalId } from '../common/global-id';
import { startEmbeddedPostgres } from '../db/embedded';
import { connectAndMigrate } from '../app';
import { generateNetwork } from '../seed/generate';
import { seed } from '../seed/seed';

/** Size and seed of the benchmarks' generated network, from the environment. */
export interface NetworkOptions {
  /** BENCH_PEOPLE (default 100,000): people, each with 10 evidence items. */
  people: number;
  /** BENCH_SEED (default 1): the same seed always gives the same network. */
  seed: number;
}

export function networkOptions(env: NodeJS.ProcessEnv = process.env): NetworkOptions {
  return { people: Number(env.BENCH_PEOPLE ?? 100_000), seed: Number(env.BENCH_SEED ?? 1) };
}

/** A migrated database holding the generated network, and how to let go of it. */
export interface BenchNetwork {
  /** The database's URL, for servers the bench starts in other processes. */
  url: string;
  orm: MikroORM;
  /** Closes the pool, then stops the embedded PostgreSQL if one was started. */
  close(): Promise<void>;
}

/** Where the benches keep their embedded PostgreSQL, and so the network, between runs. */
const DEFAULT_DATA_DIR = '.data/bench';

/**
 * The database every bench measures against: `DATABASE_URL` when set, else an embedded
 * PostgreSQL kept in BENCH_DATA_DIR (default `.data/bench`, some 4 GB for 100,000 people; delete
 * it to start afresh) on port BENCH_PG_PORT (default 54399), so two checkouts can bench at once. Migrates it, then builds the generated network unless the database already
 * holds one at least as large for the same seed (building 100,000 people takes minutes), so the
 * benches share one network and later runs reuse it. Statistics are refreshed as autovacuum would
 * leave them on a live server.
 */
export async function openBenchNetwork(options: NetworkOptions): Promise<BenchNetwork> {
  const dataDir = path.resolve(process.env.BENCH_DATA_DIR || DEFAULT_DATA_DIR);
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dataDir,
        port: Number(process.env.BENCH_PG_PORT || 54399),
        database: 'bench',
        persistent: true,
      });
  const url = process.env.DATABASE_URL || (embedded?.url as string);
  const database = await connectAndMigrate(url, embedded, {
    async prepare(orm) {
      const connection = orm.em.getConnection();
      const started = performance.now();
      const [{ count: existing }] = (await connection.execute(
        `select count(*)::int as count from person where external_id like ?`,
        [`g${options.seed}:%`],
      )) as { count: number }[];
      if (existing >= options.people) {
        console.log(
          `network: reusing the ${existing.toLocaleString('en')} generated people (seed ${options.seed}) already in the database`,
        );
      } else {
        await seed(orm.em.fork());
        const network = await generateNetwork(orm.em.fork(), options);
        console.log(
          `network: ${network.people.toLocaleString('en')} people, ${network.evidence.toLocaleString('en')} evidence items (seed ${options.seed}), built in ${((performance.now() - started) / 1000).toFixed(0)} s`,
        );
      }
      await connection.execute('vacuum analyze');
    },
  });
  return { url, ...database };
}

/**
 * The id `generateNetwork` gave the row with `key` (e.g. `p17`, the 17th person, or `c0-17`, their
 * first claim): `md5('g<seed>:' || key)::uuid`, computed here without asking the database.
 */
export function generatedId(seedNumber: number, key: string): string {
  const hex = createHash('md5').update(`g${seedNumber}:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A group with `size` current members (the generated groups have about ten): the first
 * `size` generated people, a tovholder first, each seat starting on its own day so that the
 * members' order is fully determined. Created once, in plain SQL; later runs find it by slug.
 */
export async function ensureLargeGroup(
  orm: MikroORM,
  seedNumber: number,
  size: number,
): Promise<string> {
  const slug = `bench-g${seedNumber}-${size}-members`;
  const connection = orm.em.getConnection();
  await connection.transactional(async (trx) => {
    const run = (sql: string, params: unknown[] = []) =>
      connection.execute(sql, params, 'all', trx);
    const found = (await run(`select id from "group" where slug = ?`, [slug])) as unknown[];
    if (found.length > 0) return;
    await run(
      `insert into "group" (id, slug, name, kind, description, valid_from)
       values (md5(?)::uuid, ?, ?, 'NETVAERK', 'A large network for the benchmarks.', '2015-01-01')`,
      [slug, slug, `Benchnetværk med ${size} medlemmer`],
    );
    await run(
      `insert into membership (id, person_id, group_id, role, valid_from)
       select md5(?::text || i)::uuid, md5(?::text || i)::uuid, md5(?)::uuid,
         case when i = 1 then 'TOVHOLDER' else 'MEDLEM' end, date '2016-01-01' + i
       from generate_series(1, ?) as i`,
      [`${slug}:m`, `g${seedNumber}:p`, slug, size],
    );
  });
  const [{ id }] = (await connection.execute(`select id from "group" where slug = ?`, [slug])) as {
    id: string;
  }[];
  return toGlobalId('Group', id);
}
