import 'reflect-metadata';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import v8 from 'node:v8';
import pino from 'pino';
import { connect } from '../db/orm';
import { buildGraphQLSchema } from '../schema/build';
import { createApollo, inProcessExecutor } from '../server';
import { GROUP, PERSON } from './queries';

/**
 * What a request leaves in the old generation once it has ended, in bytes per operation, for a
 * bare operation, a person and a group with its members, run in process through Apollo as the
 * server runs them (the compiled executor, the prepared reads) against DATABASE_URL. Prints them
 * as JSON. Run with `--expose-gc`, in a process of its own: what a process ran before (other
 * tests, say) changes how V8 places objects, so only a fresh process measures the server's code.
 *
 * A request's objects should die young, freed by the young generation's cheap collections; where
 * something old points at them, each of those collections copies them on and then into the old
 * generation, which only a full collection frees. Twice that held every request whole: Apollo's
 * gateway request context (an object literal with get/set, whose accessors V8 keeps in the old
 * generation; patched, see `patches/`) and pg's promise form of a query (see `src/db/prepared.ts`).
 * Each cost a request as much again in collecting as in serving it (measured with `bench:floor`).
 */
async function main() {
  const gc = (globalThis as { gc?: (options: { type: 'minor' }) => void }).gc;
  if (!gc) throw new Error('request-garbage needs --expose-gc');
  const logger = pino({ level: 'silent' });
  const orm = await connect(process.env.DATABASE_URL as string, logger);
  try {
    const apollo = createApollo({
      schema: await buildGraphQLSchema(),
      logger,
      production: true,
      compileAfter: 1,
    });
    await apollo.start();
    const execute = inProcessExecutor(apollo, orm, logger);
    const member = { subject: 'request-garbage', role: 'member' } as const;
    const ok = async (query: string, variables?: Record<string, unknown>) => {
      const result = await execute(query, variables, member);
      if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
      return result.data as Record<string, { edges: { node: { id: string } }[] }>;
    };
    const ids = await ok(
      `{ people(first: 1) { edges { node { id } } } groups(first: 1) { edges { node { id } } } }`,
    );
    const person = ids.people.edges[0].node.id;
    const group = ids.groups.edges[0].node.id;
    const kept = {
      bare: await keptPerOperation(gc, () => ok('{ __typename }')),
      person: await keptPerOperation(gc, () => ok(PERSON, { id: person })),
      group: await keptPerOperation(gc, () => ok(GROUP, { id: group })),
    };
    process.stdout.write(`${JSON.stringify(kept)}\n`);
    await apollo.stop();
  } finally {
    await orm.close();
  }
}

const oldSpace = () =>
  v8.getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')?.space_used_size ??
  0;

/**
 * Runs `operation` `times` times one after another with young collections between them, and
 * measures the old generation's growth over a stretch without a full collection (which would free
 * what was kept, and so hide it): up to three stretches are tried.
 */
async function keptPerOperation(
  gc: (options: { type: 'minor' }) => void,
  operation: () => Promise<unknown>,
  times = 200,
): Promise<number> {
  for (let i = 0; i < 20; i++) await operation();
  for (let attempt = 0; attempt < 3; attempt++) {
    let full = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
        if (kind !== constants.NODE_PERFORMANCE_GC_MINOR) full += 1;
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    gc({ type: 'minor' });
    gc({ type: 'minor' });
    const before = oldSpace();
    for (let i = 0; i < times; i++) {
      await operation();
      if (i % 20 === 19) gc({ type: 'minor' });
    }
    gc({ type: 'minor' });
    gc({ type: 'minor' });
    const grown = oldSpace() - before;
    // Entries arrive after the collection: give them a turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    observer.disconnect();
    if (full === 0) return grown / times;
  }
  throw new Error('a full collection ran during every stretch: nothing measured');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
