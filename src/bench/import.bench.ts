import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { startEmbeddedPostgres } from '../db/embedded';
import { migrateDatabase } from '../app';
import { connect } from '../db/orm';
import { ImportFormat } from '../modules/imports/import.parse';
import type { ImportResult } from '../modules/imports/import.runner';
import { importContent } from '../modules/imports/imports.service';
import { useErasureKey } from '../modules/privacy/tombstone';
import { seed } from '../seed/seed';
import { freePort } from '../common/free-port';

/**
 * `npm run bench:import`: writes an HR-style CSV of BENCH_IMPORT_PEOPLE (100,000) people, each
 * with an employment in a kommune and one in fifty with a group seat, imports it as `npm run
 * import` does (batches of 500, audited) into a fresh database, then imports it again (every row
 * unchanged), and prints rows per second for both. The database is an embedded PostgreSQL in a
 * temporary directory, or a new database on DATABASE_URL's server; either is removed afterwards.
 * The benches' generated network is not touched.
 */
const PEOPLE = Number(process.env.BENCH_IMPORT_PEOPLE ?? 100_000);

const GROUPS = ['kravredaktionen', '3k', 'digit', 'os2skoledata-koordinationsgruppe'];
const ROLES = ['Medlem', 'Medlem', 'Medlem', 'Tovholder', 'Formand'];
const FIRST = ['Anna', 'Bo', 'Carla', 'Dennis', 'Eva', 'Frank', 'Gry', 'Hans', 'Ida', 'Jens'];
const LAST = ['Eksempel', 'Prøvesen', 'Fiktiv', 'Opdigtet', 'Demo', 'Testesen', 'Modelsen'];
const UNITS = ['Digitalisering', 'IT og Digitalisering', 'Skole og Dagtilbud', 'Borgerservice'];

/** The CSV, deterministic (a fixed linear congruential sequence), in the Danish Excel form. */
function peopleCsv(count: number): string {
  const kommuner = (
    JSON.parse(readFileSync(path.join(__dirname, '../../../seeds/kommuner.json'), 'utf8')) as {
      code: string;
    }[]
  ).map((kommune) => String(Number(kommune.code)));
  let state = 1;
  const next = (n: number) => {
    state = (state * 48271) % 2147483647;
    return state % n;
  };
  const lines = ['Medarbejder-ID;Navn;E-mail;Stilling;Kommunekode;Enhed;Startdato;Gruppe;Rolle'];
  for (let i = 1; i <= count; i += 1) {
    const name = `${FIRST[next(FIRST.length)]} ${LAST[next(LAST.length)]} ${i}`;
    const seat = next(50) === 0;
    lines.push(
      [
        `bench-${i}`,
        name,
        `person${i}@import-bench.example`,
        'Konsulent',
        kommuner[next(kommuner.length)],
        UNITS[next(UNITS.length)],
        `${2000 + next(25)}-${String(1 + next(12)).padStart(2, '0')}-01`,
        seat ? GROUPS[next(GROUPS.length)] : '',
        seat ? ROLES[next(ROLES.length)] : '',
      ].join(';'),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A fresh, migrated and seeded database, and how to remove it. */
async function freshDatabase(dir: string): Promise<{ orm: MikroORM; remove(): Promise<void> }> {
  let url: string;
  let removeDatabase: () => Promise<void>;
  if (process.env.DATABASE_URL) {
    const admin = process.env.DATABASE_URL.replace(/\/[^/]+$/, '/postgres');
    const name = `import_bench_${randomUUID().replace(/-/g, '')}`;
    const sql = async (statement: string) => {
      const client = new Client({ connectionString: admin });
      await client.connect();
      await client.query(statement).finally(() => client.end());
    };
    await sql(`create database "${name}"`);
    url = process.env.DATABASE_URL.replace(/\/[^/]+$/, `/${name}`);
    removeDatabase = () => sql(`drop database if exists "${name}" with (force)`);
  } else {
    const embedded = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'pg'),
      port: await freePort(),
      database: 'import_bench',
      persistent: false,
    });
    url = embedded.url;
    removeDatabase = () => embedded.stop();
  }
  const orm = await connect(url);
  await migrateDatabase(orm);
  await seed(orm.em.fork());
  return {
    orm,
    async remove() {
      await orm.close();
      await removeDatabase();
    },
  };
}

async function timedImport(orm: MikroORM, csv: string) {
  const started = performance.now();
  const result = await importContent(orm.em.fork(), 'people', csv, ImportFormat.CSV, {
    audit: { action: 'importPeople', identity: null, args: { file: 'bench' } },
  });
  return { result, seconds: (performance.now() - started) / 1000 };
}

function line(label: string, run: { result: ImportResult; seconds: number }) {
  const { result, seconds } = run;
  const rate = Math.round(result.rows / seconds).toLocaleString('en');
  return `${label}: ${result.rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s, ${rate} rows/s (created ${result.created.toLocaleString('en')}, updated ${result.updated}, unchanged ${result.unchanged.toLocaleString('en')}, rejected ${result.rejected.length})`;
}

async function main() {
  // A fresh database holds no tombstones: any erasure key will do.
  useErasureKey(randomUUID());
  const dir = mkdtempSync(path.join(os.tmpdir(), 'erfaringsnet-import-bench-'));
  try {
    const file = path.join(dir, 'people.csv');
    writeFileSync(file, peopleCsv(PEOPLE));
    const database = await freshDatabase(dir);
    try {
      const csv = readFileSync(file, 'utf8');
      console.log(line('import (first run)', await timedImport(database.orm, csv)));
      console.log(line('import (second run)', await timedImport(database.orm, csv)));
    } finally {
      await database.remove();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error('bench failed:', error);
  process.exit(1);
});
