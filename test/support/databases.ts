import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { connect } from '../../src/db/orm';

/** Template with the schema only. */
export const EMPTY_TEMPLATE = 'erfaringsnet_template';
/** Template with the schema and the seeded demo network. */
export const SEEDED_TEMPLATE = 'erfaringsnet_seeded';

/** The URL of the `postgres` maintenance database on the same server. */
export function adminUrl(url: string): string {
  return url.replace(/\/[^/]+$/, '/postgres');
}

export interface TestDatabase {
  url: string;
  orm: MikroORM;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** A fresh database for one test file, copied from a template (fast: no migrations to run). */
export async function createTestDatabase(
  template: 'empty' | 'seeded' = 'empty',
): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base)
    throw new Error('TEST_DATABASE_URL is not set: run the tests through Jest (globalSetup)');
  const name = `test_${randomUUID().replace(/-/g, '')}`;
  const source = template === 'seeded' ? SEEDED_TEMPLATE : EMPTY_TEMPLATE;
  await admin(base, `create database "${name}" template "${source}"`);
  const url = base.replace(/\/[^/]+$/, `/${name}`);
  const orm = await connect(url);
  return {
    url,
    orm,
    async drop() {
      await orm.close();
      await admin(base, `drop database if exists "${name}" with (force)`);
    },
  };
}

async function admin(url: string, sql: string) {
  const client = new Client({ connectionString: adminUrl(url) });
  await client.connect();
  try {
    // Copying a template needs it idle; retry briefly if another file is copying it right now.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await client.query(sql);
        return;
      } catch (error) {
        const busy = (error as { code?: string }).code === '55006';
        if (!busy || attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await client.end();
  }
}
