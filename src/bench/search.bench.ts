import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { statementCounter } from '../db/orm';
import { rankExperts, SHORTLIST } from '../modules/experts/experts.service';
import { buildGraphQLSchema } from '../schema/build';
import { searchPostgres } from '../search/search.service';
import type { SearchRow } from '../search/search-index';
import { createApollo, inProcessExecutor } from '../server';
import { networkOptions, openBenchNetwork } from './network';
import { EXPERTS, percentile, SEARCH, SEARCH_WORDS } from './queries';

/**
 * `npm run bench:search`: on the generated network of 100,000 people and a million evidence items
 * (seed 1, so every run measures the same data; built once, see `network.ts`), times `experts` and
 * `search` in process for 20 representative queries and counts SQL statements per request.
 * Then, for each query, whether the search's top ten (which ranks a bounded set of candidates)
 * equals the exhaustive ranking's (every hit scored, as before issue 18); see {@link sameTop}; and
 * whether the expert search's top ten, from its shortlist, equals that of weighing 4,000 people.
 * Options: BENCH_RUNS per query (20), BENCH_PEOPLE, BENCH_SEED, DATABASE_URL, BENCH_DATA_DIR.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

const TOP = 10;

/**
 * Whether a top ten equals the exhaustive ranking's, counting ties honestly: the same scores in
 * the same order, and the same hits at every place whose score no hit past the ten shares (hits
 * that tie are ordered by type and id, so which of many tied hits make the ten depends on which
 * were candidates). `exhaustive` holds the exhaustive ranking's first eleven.
 */
export function sameTop(top: SearchRow[], exhaustive: SearchRow[]) {
  const ten = exhaustive.slice(0, TOP);
  const tiedPast = exhaustive[TOP]?.score;
  const scores =
    top.length === ten.length && top.every((row, index) => row.score === ten[index].score);
  const fixed = ten.filter((row) => row.score !== tiedPast).length;
  const sameIds = ten.filter(
    (row, index) =>
      row.score !== tiedPast && top[index]?.type === row.type && top[index]?.id === row.id,
  ).length;
  const identical = top.every((row, index) => ten[index]?.id === row.id);
  return { same: scores && sameIds === fixed, scores, fixed, sameIds, identical };
}

async function main() {
  const network = await openBenchNetwork(networkOptions());
  const { orm } = network;
  try {
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
      for (const q of SEARCH_WORDS) await run(document, q); // warm-up
      const timings: number[] = [];
      const perQuery: string[] = [];
      statements.reset();
      for (const q of SEARCH_WORDS) {
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

    // The same hits on top as the exhaustive ranking, as a member finds them.
    let same = 0;
    for (const q of SEARCH_WORDS) {
      const window = { offset: 0, limit: TOP };
      const top = await searchPostgres(orm.em.fork(), q, undefined, window);
      const exhaustive = await searchPostgres(
        orm.em.fork(),
        q,
        undefined,
        { offset: 0, limit: TOP + 1 },
        { exhaustive: true },
      );
      const result = sameTop(top.rows, exhaustive.rows);
      if (result.same) same += 1;
      console.log(
        `    ${q.padEnd(24)} top ${TOP} ${result.same ? 'same' : 'DIFFERENT'}: scores ${result.scores ? 'same' : 'differ'}, ${result.sameIds}/${result.fixed} untied hits the same${result.identical ? ', every id the same' : ''}; totalCount ${top.total}${top.totalIsLowerBound ? '+' : ''} (exhaustive ${exhaustive.total})`,
      );
    }
    console.log(
      `search: top ${TOP} the same as the exhaustive ranking for ${same} of ${SEARCH_WORDS.length} queries`,
    );
    // The expert search weighs a shortlist (SHORTLIST people per topic or product named): the same
    // top ten as weighing many more. Two people whose scores differ only in the last bits may
    // trade places.
    let sameExperts = 0;
    let found = 0;
    let wanted = 0;
    for (const q of SEARCH_WORDS) {
      const ranked = await rankExperts(orm.em.fork(), { query: q }, { first: TOP });
      const wide = await rankExperts(
        orm.em.fork(),
        { query: q },
        { first: TOP },
        { candidatesPerTerm: 2_000, shortlist: 4_000 },
      );
      const same =
        ranked.rows.length === wide.rows.length &&
        ranked.rows.every(
          (row, index) =>
            row.personId === wide.rows[index].personId ||
            Math.abs(row.score - wide.rows[index].score) < 1e-9,
        );
      if (same) sameExperts += 1;
      // Whom the wider weighing ranks in its top ten and the shortlist left out.
      const shortlisted = new Set(ranked.rows.map((row) => row.personId));
      const missing = wide.rows.filter((row) => !shortlisted.has(row.personId)).length;
      found += wide.rows.length - missing;
      wanted += wide.rows.length;
      console.log(
        `    ${q.padEnd(24)} experts top ${TOP} ${same ? 'same' : `DIFFERENT (${missing} of the wider top ${TOP} missing)`}; totalCount ${ranked.total}${ranked.totalIsLowerBound ? '+' : ''} (of 4,000 weighed: ${wide.total})`,
      );
    }
    console.log(
      `experts: top ${TOP} of the ${SHORTLIST} weighed (per topic or product named) the same as of 4,000 for ${sameExperts} of ${SEARCH_WORDS.length} queries; ${((100 * found) / Math.max(1, wanted)).toFixed(0)}% of the people of the wider top tens found`,
    );
    await apollo.stop();
  } finally {
    await network.close();
  }
}

main().catch((error) => {
  console.error('bench failed:', error);
  process.exit(1);
});
