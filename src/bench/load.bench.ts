import 'reflect-metadata';
import { describeMemory } from './child';
import { describeLatency, runLoad } from './load';
import { runWorkloadBench } from './workload';

/**
 * `npm run bench:load`: the mixed workload of `workload.ts` (70% search, 20% pages, 10% writes)
 * against the real HTTP server (started as production starts it, in a child process, rate limit
 * off) on the generated network (see `network.ts`). Prints throughput, latency
 * percentiles, errors (HTTP and GraphQL `errors` in the body: the goal is none) and the server's
 * memory before and after.
 * Options: BENCH_DURATION in seconds (60), BENCH_CONNECTIONS (50), BENCH_WARMUP seconds (5),
 * BENCH_PEOPLE, BENCH_SEED, DATABASE_URL, BENCH_DATA_DIR (see `network.ts`), BENCH_CPU_PROF (see
 * `child.ts`).
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 60);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);

runWorkloadBench(async ({ options, server, kinds }) => {
  const before = await server.memory();
  if (WARMUP > 0) {
    await runLoad({
      url: server.url,
      kinds,
      connections: CONNECTIONS,
      duration: WARMUP,
      seed: options.seed + 2,
    });
  }
  const cpuBefore = await server.cpu();
  const run = await runLoad({
    url: server.url,
    kinds,
    connections: CONNECTIONS,
    duration: DURATION,
    seed: options.seed,
  });
  const cpu = (await server.cpu()) - cpuBefore;
  const after = await server.memory();

  const result = run.autocannon;
  const tallies = [...run.kinds.values()];
  const answered = tallies.reduce((sum, tally) => sum + tally.requests, 0);
  const bodyErrors = tallies.reduce((sum, tally) => sum + tally.errors, 0);
  const lost = result.errors + result.timeouts;
  console.log(
    `load: ${CONNECTIONS} connections for ${DURATION} s (after a ${WARMUP} s warm-up), ${options.people.toLocaleString('en')} people`,
  );
  console.log(
    `  throughput ${(answered / result.duration).toFixed(0)} req/s (${answered.toLocaleString('en')} answered in ${result.duration.toFixed(1)} s)`,
  );
  console.log(`  latency ${describeLatency(tallies.flatMap((tally) => tally.latencies))}`);
  // The rest of the time goes to PostgreSQL and to waiting for it.
  console.log(
    `  server CPU ${(cpu / answered).toFixed(2)} ms per request (${((100 * cpu) / 1000 / result.duration).toFixed(0)}% of one core)`,
  );
  console.log(
    `  errors ${bodyErrors + lost} (failed answers: ${bodyErrors}, of which non-2xx ${result.non2xx}; connection errors ${result.errors}, timeouts ${result.timeouts})`,
  );
  for (const [name, tally] of run.kinds) {
    console.log(
      `    ${name.padEnd(22)} ${String(tally.requests).padStart(6)} requests, ${String(tally.errors).padStart(3)} errors, ${describeLatency(tally.latencies)}`,
    );
  }
  for (const sample of run.errorSamples) console.log(`  error: ${sample}`);
  console.log(`  server memory before: ${describeMemory(before)}`);
  console.log(`  server memory after:  ${describeMemory(after)}`);
  if (bodyErrors + lost > 0) process.exitCode = 1;
});
