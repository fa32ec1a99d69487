import 'reflect-metadata';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { migrateDatabase } from '../../src/app';
import { connect } from '../../src/db/orm';
import { seed } from '../../src/seed/seed';
import { EMPTY_TEMPLATE, SEEDED_TEMPLATE, adminUrl } from './databases';
import { freePort } from '../../src/common/free-port';

/**
 * Starts one embedded PostgreSQL for the whole test run and prepares two template databases:
 * one migrated, one migrated and seeded with the demo network. Each test file copies one.
 */
export default async function globalSetup() {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'erfaringsnet-test-pg-'));
  // Any free port will do; the OS picks one and we give it to PostgreSQL.
  const port = await freePort();
  const db = await startEmbeddedPostgres({
    dataDir,
    port,
    database: EMPTY_TEMPLATE,
    persistent: false,
  });
  (globalThis as Record<string, unknown>).__EMBEDDED_PG__ = db;
  process.env.TEST_DATABASE_URL = db.url;

  const empty = await connect(db.url);
  await migrateDatabase(empty);
  await empty.close();
  try {
    const admin = await connect(adminUrl(db.url));
    await admin.em
      .getConnection()
      .execute(`create database "${SEEDED_TEMPLATE}" template "${EMPTY_TEMPLATE}"`);
    await admin.close();
    const seeded = await connect(db.url.replace(/\/[^/]+$/, `/${SEEDED_TEMPLATE}`));
    await seed(seeded.em.fork());
    await seeded.close();
  } finally {
    forgetOrmMetadata();
  }
}

/**
 * MikroORM keeps entity metadata on `globalThis`; when Jest runs tests in this same process
 * (one test file), that state from another realm breaks discovery in the tests
 * (mikro-orm/mikro-orm#3783). The tests build their own.
 */
function forgetOrmMetadata() {
  for (const key of Object.keys(globalThis)) {
    if (key.startsWith('mikro-orm-')) delete (globalThis as Record<string, unknown>)[key];
  }
}
