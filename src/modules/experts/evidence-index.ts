import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { RANKING_FUNCTIONS, rankingFunctionsSql } from './ranking';

/** A function's source as `pg_proc` holds it. */
interface FunctionSourceRow {
  proname: string;
  prosrc: string;
}

/**
 * Brings the database's ranking functions in step with `ranking.ts`: when a weight changed since
 * they were written (or they are still the migration's placeholders), they are replaced and every
 * person's term impacts are recomputed, in one transaction. Returns whether anything changed.
 * The recomputation took 5 minutes at 100,000 people with 1,000,000 pieces of evidence (on the
 * project's 2-core bench machine); searches meanwhile read the previous weights. As a step of
 * `migrate()`, it runs without the statement timeout.
 */
export async function syncRankingFunctions(em: EntityManager, logger?: Logger): Promise<boolean> {
  return em.transactional(async (tx) => {
    // Several instances may start at once: one writes, the others then find nothing to do.
    await tx.execute(`select pg_advisory_xact_lock(hashtext('erfaringsnet.ranking_functions'))`);
    const rows = await tx.execute<FunctionSourceRow[]>(
      `select proname, prosrc from pg_proc
       where proname = any(?::text[]) and pronamespace = current_schema()::regnamespace`,
      [`{${Object.keys(RANKING_FUNCTIONS).join(',')}}`],
    );
    const current = new Map(rows.map((row) => [row.proname, row.prosrc.trim()]));
    const inStep = Object.entries(RANKING_FUNCTIONS).every(
      ([name, { body }]) => current.get(name) === body,
    );
    if (inStep) return false;
    logger?.info(
      'the expert ranking’s weights changed: recomputing every person’s term impacts ' +
        '(about 5 minutes per million pieces of evidence)',
    );
    const started = Date.now();
    for (const statement of rankingFunctionsSql()) await tx.execute(statement);
    await tx.execute('select expert_term_rebuild()');
    logger?.info({ ms: Date.now() - started }, 'expert term impacts recomputed');
    return true;
  });
}

/**
 * Rebuilds the expert search's evidence and term tables from the source tables, in one
 * transaction (searches keep reading the previous version until it commits). Triggers keep them
 * current; this is for `npm run reindex`, after a bulk load, and to refresh recency at scale.
 */
export async function rebuildExpertEvidence(em: EntityManager): Promise<number> {
  return em.transactional(async (tx) => {
    await tx.execute('select expert_evidence_rebuild()');
    const [{ count }] = await tx.execute<{ count: number }[]>(
      'select count(*)::int as count from expert_evidence',
    );
    return count;
  });
}
