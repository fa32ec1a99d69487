import type { EntityManager } from '@mikro-orm/postgresql';

/** Every table of the application's schema except MikroORM's own migration log. */
export async function applicationTables(em: EntityManager): Promise<string[]> {
  const rows = await em.execute<{ name: string }[]>(
    `select tablename as name from pg_tables
      where schemaname = current_schema() and tablename <> 'mikro_orm_migrations'
      order by tablename`,
  );
  return rows.map((row) => row.name);
}

/**
 * The exact number of rows in each table, counted in one statement (so in one snapshot):
 * `pg_stat` estimates lag behind and cannot tell whether a rolled-back change left a row.
 */
export async function rowCounts(
  em: EntityManager,
  tables: readonly string[],
): Promise<Record<string, number>> {
  const columns = tables.map((table) => `(select count(*) from "${table}")::int as "${table}"`);
  const [row] = await em.execute<Record<string, number>[]>(`select ${columns.join(', ')}`);
  return row;
}

/** The exact number of rows in every table of the application (see {@link rowCounts}). */
export async function allRowCounts(em: EntityManager): Promise<Record<string, number>> {
  return rowCounts(em, await applicationTables(em));
}

/** A search outbox row as the outbox tests look at it. */
export interface OutboxRow {
  entity_type: string;
  attempts: number;
  last_error: string | null;
}

/** The rows waiting in the search outbox, oldest first. */
export function outboxRows(em: EntityManager): Promise<OutboxRow[]> {
  return em.execute<OutboxRow[]>(
    'select entity_type, attempts, last_error from search_outbox order by id',
  );
}
