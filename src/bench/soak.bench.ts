import 'reflect-metadata';
import type { Memory } from './child';
import { mb } from './child';
import { describeLatency, runLoad } from './load';
import { runWorkloadBench } from './workload';

/**
 * `npm run bench:soak`: the mixed workload of `workload.ts` at a steady, moderate rate for a long
 * time against the real HTTP server (in a child process, as `bench:load` starts it), to show what
 * a short load run cannot: that memory, latency and database connections stay level. After each
 * interval it prints throughput, latency, errors, the server's memory (the heap after a full
 * garbage collection is what it holds on to) and how many connections the database has open.
 * At the end it compares the first interval with the last and fits a line through the heap
 * figures; it fails (exit code 1) on any error answer, or when the heap after GC grew by more
 * than BENCH_SOAK_MAX_GROWTH_MB.
 * Options: BENCH_SOAK_MINUTES (10), BENCH_SOAK_INTERVAL in seconds (60), BENCH_SOAK_CONNECTIONS
 * (10), BENCH_SOAK_MAX_GROWTH_MB (16), BENCH_PEOPLE, BENCH_SEED, DATABASE_URL, BENCH_DATA_DIR (see
 * `network.ts`).
 */
const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 10);
const INTERVAL = Number(process.env.BENCH_SOAK_INTERVAL ?? 60);
const CONNECTIONS = Number(process.env.BENCH_SOAK_CONNECTIONS ?? 10);
const MAX_GROWTH_MB = Number(process.env.BENCH_SOAK_MAX_GROWTH_MB ?? 16);

/** What one interval of the soak run saw. */
interface Sample {
  /** Minutes since the start, at the end of the interval. */
  minute: number;
  throughput: number;
  latencies: number[];
  errors: number;
  memory: Memory;
  /** Connections open to the bench database (the server's pool, and the bench's own). */
  connections: number;
}

/** Slope of the least-squares line through (x, y), in y per x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / n;
  const mx = mean(points.map(([x]) => x));
  const my = mean(points.map(([, y]) => y));
  const sxy = points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0);
  const sxx = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

runWorkloadBench(async ({ network, options, server, kinds }) => {
  const intervals = Math.max(2, Math.round((MINUTES * 60) / INTERVAL));
  const openConnections = async () => {
    const [row] = (await network.orm.em
      .getConnection()
      .execute(
        `select count(*)::int as count from pg_stat_activity where datname = current_database()`,
      )) as { count: number }[];
    return row.count;
  };
  console.log(
    `soak: ${intervals} intervals × ${INTERVAL} s, ${CONNECTIONS} connections, ${options.people.toLocaleString('en')} people`,
  );
  const samples: Sample[] = [];
  for (let i = 1; i <= intervals; i += 1) {
    const run = await runLoad({
      url: server.url,
      kinds,
      connections: CONNECTIONS,
      duration: INTERVAL,
      seed: options.seed + i,
    });
    const tallies = [...run.kinds.values()];
    const answered = tallies.reduce((sum, tally) => sum + tally.requests, 0);
    const sample: Sample = {
      minute: (i * INTERVAL) / 60,
      throughput: answered / run.autocannon.duration,
      latencies: tallies.flatMap((tally) => tally.latencies),
      errors:
        tallies.reduce((sum, tally) => sum + tally.errors, 0) +
        run.autocannon.errors +
        run.autocannon.timeouts,
      memory: await server.memory(),
      connections: await openConnections(),
    };
    samples.push(sample);
    for (const error of run.errorSamples) console.log(`  error: ${error}`);
    console.log(
      `  ${sample.minute.toFixed(1).padStart(5)} min  ${sample.throughput.toFixed(0).padStart(4)} req/s  ${describeLatency(sample.latencies)}  errors ${sample.errors}  RSS ${mb(sample.memory.rss)}  heap after GC ${mb(sample.memory.heapAfterGc)}  db connections ${sample.connections}`,
    );
  }

  const first = samples[0];
  const last = samples[samples.length - 1];
  const errors = samples.reduce((sum, sample) => sum + sample.errors, 0);
  const growth = last.memory.heapAfterGc - first.memory.heapAfterGc;
  // Every sample is taken after a full interval of load, when caches and pools have filled.
  const perHour = slope(samples.map((sample) => [sample.minute, sample.memory.heapAfterGc])) * 60;
  console.log(`soak: ${errors} errors in ${last.minute.toFixed(1)} min`);
  console.log(
    `  heap after GC ${mb(first.memory.heapAfterGc)} → ${mb(last.memory.heapAfterGc)} (${growth >= 0 ? '+' : ''}${(growth / 2 ** 20).toFixed(1)} MB; trend ${(perHour / 2 ** 20).toFixed(1)} MB/hour); RSS ${mb(first.memory.rss)} → ${mb(last.memory.rss)}`,
  );
  console.log(
    `  first interval ${describeLatency(first.latencies)}; last ${describeLatency(last.latencies)}`,
  );
  console.log(
    `  throughput ${first.throughput.toFixed(0)} → ${last.throughput.toFixed(0)} req/s; db connections ${first.connections} → ${last.connections}`,
  );
  if (errors > 0) process.exitCode = 1;
  if (growth > MAX_GROWTH_MB * 2 ** 20) {
    console.log(`soak: the heap after GC grew by more than ${MAX_GROWTH_MB} MB`);
    process.exitCode = 1;
  }
});
