import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { signLocalToken } from '../auth/tokens';
import { toGlobalId } from '../common/global-id';
import type { ServerProcess } from './child';
import { startServerProcess } from './child';
import type { KindTally, RequestKind } from './load';
import { graphqlKind, runLoad } from './load';
import { ensureLargeGroup, generatedId, networkOptions, openBenchNetwork } from './network';
import { GROUP, percentile, PERSON } from './queries';

/**
 * `npm run bench:floor`: how close the GraphQL server comes to the floor, a bare `http` + `pg`
 * server answering the same JSON from the same database with one prepared statement (see
 * `floor.server.ts`; it checks no token). Two cases: a person with their affiliations and
 * kommune, and a group with 100 members. The two answers are checked to be equal first; then,
 * per case, rounds alternate floor and GraphQL under the same autocannon settings. Each server
 * runs in its own process, so neither shares an event loop with the load generator or the other.
 * Options: BENCH_ROUNDS (5), BENCH_ROUND_SECONDS (10), BENCH_FLOOR_CONNECTIONS (10),
 * BENCH_PEOPLE, BENCH_SEED, DATABASE_URL, BENCH_DATA_DIR (see `network.ts`), BENCH_CPU_PROF (see
 * `child.ts`), and BENCH_BASELINE: the `dist` folder of an earlier build of the server (e.g. a
 * worktree of an earlier commit after `npm ci && npm run build`), whose GraphQL server then runs
 * in the same rounds, so that a change is measured side by side with what it changes.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_FLOOR_CONNECTIONS ?? 10);
/** The GraphQL server should reach at least this share of the floor's throughput. */
const GOAL = 0.5;

/**
 * A ratio to two decimals, or three where two would round it onto the goal from below (0.496 is
 * not 0.50, and the line says it is below the goal).
 */
const ratioText = (ratio: number) =>
  ratio < GOAL && ratio.toFixed(2) === GOAL.toFixed(2) ? ratio.toFixed(3) : ratio.toFixed(2);

/** An earlier build's `dist`, measured beside this one. */
const BASELINE = process.env.BENCH_BASELINE ? path.resolve(process.env.BENCH_BASELINE) : undefined;

interface Case {
  name: string;
  /** The GraphQL document; the floor answers `floorPath(id)` with the same data. */
  document: string;
  floorPath(id: string): string;
  /** The ID for the next request. */
  nextId(): string;
  /** IDs whose answers are compared before measuring. */
  sample: string[];
}

/** Totals of a series of rounds against one server. */
interface Series {
  requests: number;
  seconds: number;
  errors: number;
  latencies: number[];
  /** The server process's CPU time, in milliseconds. */
  cpu: number;
}

async function fetchData(server: ServerProcess, request: ReturnType<RequestKind['next']>) {
  const response = await fetch(`${server.url}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  if (response.status !== 200 || body.errors) {
    throw new Error(`${request.path}: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  return body.data;
}

async function main() {
  const options = networkOptions();
  const network = await openBenchNetwork(options);
  try {
    const group = await ensureLargeGroup(network.orm, options.seed, 100);
    const people = Array.from({ length: 1000 }, (_, i) =>
      toGlobalId('Person', generatedId(options.seed, `p${1 + ((i * 97) % options.people)}`)),
    );
    const secret = randomBytes(32).toString('base64url');
    const env = { DATABASE_URL: network.url, AUTH_SECRET: secret };
    const floor = await startServerProcess(path.join(__dirname, 'floor.server.js'), env);
    const graphql = await startServerProcess(path.join(__dirname, 'graphql.server.js'), env);
    const baseline = BASELINE
      ? await startServerProcess(path.join(BASELINE, 'src/bench/graphql.server.js'), env)
      : undefined;
    try {
      const member = await signLocalToken(secret, { role: 'member', subject: 'bench-member' });
      let turn = 0;
      const cases: Case[] = [
        {
          name: 'person(id) with affiliations and kommune',
          document: PERSON,
          floorPath: (id) => `/person/${id}`,
          nextId: () => people[(turn += 1) % people.length],
          sample: people.slice(0, 20),
        },
        {
          name: 'group(id) with 100 members',
          document: GROUP,
          floorPath: (id) => `/group/${id}`,
          nextId: () => group,
          sample: [group],
        },
      ];
      const floorKind = (test: Case): RequestKind => ({
        name: 'floor',
        weight: 1,
        next: () => ({ method: 'GET', path: test.floorPath(test.nextId()) }),
      });
      const graphqlOf = (test: Case, id = test.nextId) =>
        graphqlKind('graphql', 1, member, () => ({
          query: test.document,
          variables: { id: id() },
        }));

      // An honest comparison needs the same answers.
      for (const test of cases) {
        for (const id of test.sample) {
          const fromFloor = await fetchData(floor, { method: 'GET', path: test.floorPath(id) });
          for (const server of baseline ? [graphql, baseline] : [graphql]) {
            const fromGraphQL = await fetchData(server, graphqlOf(test, () => id).next());
            if (!isDeepStrictEqual(fromFloor, fromGraphQL)) {
              throw new Error(
                `${test.name}: the floor and ${server === graphql ? 'GraphQL' : 'the baseline'} answer differently for ${id}:\n${JSON.stringify(fromFloor)}\n${JSON.stringify(fromGraphQL)}`,
              );
            }
          }
        }
      }
      console.log(
        `floor: answers equal for ${cases.map((test) => `${test.sample.length} × ${test.name}`).join(' and ')}`,
      );

      const round = async (
        server: ServerProcess,
        kind: RequestKind,
        seconds: number,
      ): Promise<Series> => {
        const cpuBefore = await server.cpu();
        const run = await runLoad({
          url: server.url,
          kinds: [kind],
          connections: CONNECTIONS,
          duration: seconds,
          seed: options.seed,
        });
        const tally = run.kinds.get(kind.name) as KindTally;
        for (const sample of run.errorSamples) console.log(`  error: ${sample}`);
        return {
          requests: tally.requests,
          seconds: run.autocannon.duration,
          errors: tally.errors + run.autocannon.errors + run.autocannon.timeouts,
          latencies: tally.latencies,
          cpu: (await server.cpu()) - cpuBefore,
        };
      };
      const add = (series: Series, part: Series) => {
        series.requests += part.requests;
        series.seconds += part.seconds;
        series.errors += part.errors;
        // Not `push(...)`: a round on a fast machine answers more than a spread can take (~120,000).
        series.latencies = series.latencies.concat(part.latencies);
        series.cpu += part.cpu;
      };
      const describe = (series: Series) => {
        const sorted = [...series.latencies].sort((a, b) => a - b);
        return {
          throughput: series.requests / series.seconds,
          p99: percentile(sorted, 99) ?? 0,
          cpu: series.cpu / series.requests,
        };
      };

      console.log(
        `floor: ${ROUNDS} rounds × ${ROUND_SECONDS} s per server and case, ${CONNECTIONS} connections, floor first${baseline ? `, then GraphQL, then the baseline (${BASELINE})` : ''}`,
      );
      let met = true;
      for (const test of cases) {
        // Warm both up (JIT, caches, pools) before anything counts.
        await round(floor, floorKind(test), 3);
        await round(graphql, graphqlOf(test), 3);
        if (baseline) await round(baseline, graphqlOf(test), 3);
        const empty = (): Series => ({ requests: 0, seconds: 0, errors: 0, latencies: [], cpu: 0 });
        const [floorSeries, graphqlSeries, baselineSeries] = [empty(), empty(), empty()];
        for (let i = 0; i < ROUNDS; i += 1) {
          add(floorSeries, await round(floor, floorKind(test), ROUND_SECONDS));
          add(graphqlSeries, await round(graphql, graphqlOf(test), ROUND_SECONDS));
          if (baseline) add(baselineSeries, await round(baseline, graphqlOf(test), ROUND_SECONDS));
        }
        const f = describe(floorSeries);
        const g = describe(graphqlSeries);
        const ratio = g.throughput / f.throughput;
        met &&= ratio >= GOAL;
        console.log(`  ${test.name}`);
        console.log(
          `    floor   ${f.throughput.toFixed(0).padStart(6)} req/s  p99 ${f.p99.toFixed(1).padStart(6)} ms  server CPU ${f.cpu.toFixed(2)} ms/request  errors ${floorSeries.errors}`,
        );
        console.log(
          `    GraphQL ${g.throughput.toFixed(0).padStart(6)} req/s  p99 ${g.p99.toFixed(1).padStart(6)} ms  server CPU ${g.cpu.toFixed(2)} ms/request  errors ${graphqlSeries.errors}`,
        );
        console.log(
          `    GraphQL/floor: throughput ${ratioText(ratio)}×, p99 ${(g.p99 / f.p99).toFixed(2)}× ${ratio >= GOAL ? '' : `(below the goal of ${GOAL}×)`}`,
        );
        if (baseline) {
          const b = describe(baselineSeries);
          console.log(
            `    baseline ${b.throughput.toFixed(0).padStart(5)} req/s  p99 ${b.p99.toFixed(1).padStart(6)} ms  server CPU ${b.cpu.toFixed(2)} ms/request  errors ${baselineSeries.errors}  (ratio to the floor ${(b.throughput / f.throughput).toFixed(2)}×)`,
          );
          console.log(
            `    GraphQL against the baseline: server CPU per request ${(((g.cpu - b.cpu) / b.cpu) * 100).toFixed(0)}%, throughput ${(g.throughput / b.throughput).toFixed(2)}×`,
          );
        }
        if (floorSeries.errors + graphqlSeries.errors + baselineSeries.errors > 0) {
          process.exitCode = 1;
        }
      }
      if (!met) console.log(`floor: GraphQL is below ${GOAL}× of the floor's throughput`);
    } finally {
      await Promise.all([floor.stop(), graphql.stop(), baseline?.stop()]);
    }
  } finally {
    await network.close();
  }
}

main().catch((error) => {
  console.error('bench failed:', error);
  process.exit(1);
});
