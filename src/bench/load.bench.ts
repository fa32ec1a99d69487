import 'reflect-metadata';
import type { ServerProcess } from './child';
import { describeMemory, mb } from './child';
import type { RequestKind } from './load';
import { describeLatency, runLoad } from './load';
import { cpuTicks, describeCpu, referenceMs } from './machine';
import { postgresCpu } from './postgres-cpu';
import { percentile } from './queries';
import { runWorkloadBench } from './workload';

/**
 * `npm run bench:load`: the mixed workload of `workload.ts` (70% search, 20% pages, 10% writes)
 * against the real HTTP server (started as production starts it, in a child process, rate limit
 * off) on the generated network (see `network.ts`), first as one process, then, in the same run,
 * as BENCH_PROCESSES server processes (`WEB_CONCURRENCY`, node:cluster; 2 by default, 1 skips it).
 * Prints for each throughput, latency percentiles, errors (HTTP and GraphQL `errors` in the body:
 * the goal is none) and the servers' memory before and after, then the two side by side.
 * Options: BENCH_DURATION in seconds (60), BENCH_CONNECTIONS (50), BENCH_WARMUP seconds (5),
 * BENCH_PROCESSES (2), BENCH_KIND_SECONDS (5), BENCH_PEOPLE, BENCH_SEED, DATABASE_URL,
 * BENCH_DATA_DIR (see `network.ts`), BENCH_CPU_PROF (see `child.ts`).
 *
 * Where the time goes: for each setup the server's CPU and PostgreSQL's CPU per request (the rest
 * of a request's time is waiting: for a pooled connection, a lock, a core); then each kind of
 * request alone for BENCH_KIND_SECONDS at 10 connections, with the same two figures, so that the
 * next step is chosen by what each kind costs.
 *
 * How fast the machine was (see `machine.ts`): before each setup, the time of a fixed piece of
 * single-core work, and during it, how busy the machine's CPUs were and how much of their time the
 * hypervisor gave to others. The same build's figures moved by 2× with the hour on these machines.
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 60);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 2);
/** The goal of one process under the mixed workload (issue 18). */
const GOAL = { throughput: 150, p99: 500 };
/** Seconds each kind of request then runs alone, to price it (0 skips this). */
const KIND_SECONDS = Number(process.env.BENCH_KIND_SECONDS ?? 5);

interface Figures {
  label: string;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  cpuPerRequest: number;
  /** PostgreSQL's CPU time per request (ms), when it runs on this machine. */
  databaseCpuPerRequest?: number;
  errors: number;
  /** The fixed single-core work's time before the run (ms; lower is a faster machine). */
  referenceMs: number;
}

async function measure(
  label: string,
  server: ServerProcess,
  kinds: RequestKind[],
  seed: number,
  people: number,
  databaseCpu: (() => number) | undefined,
): Promise<Figures> {
  const before = await server.memory();
  // Timed before the warm-up, while neither the server nor PostgreSQL has work.
  const reference = referenceMs();
  if (WARMUP > 0) {
    await runLoad({
      url: server.url,
      kinds,
      connections: CONNECTIONS,
      duration: WARMUP,
      seed: seed + 2,
    });
  }
  const cpuBefore = await server.cpu();
  const databaseBefore = databaseCpu?.();
  const machineBefore = cpuTicks();
  const run = await runLoad({
    url: server.url,
    kinds,
    connections: CONNECTIONS,
    duration: DURATION,
    seed,
  });
  const machineAfter = cpuTicks();
  const cpu = (await server.cpu()) - cpuBefore;
  const database =
    databaseCpu && databaseBefore !== undefined ? databaseCpu() - databaseBefore : undefined;
  const after = await server.memory();

  const result = run.autocannon;
  const tallies = [...run.kinds.values()];
  const answered = tallies.reduce((sum, tally) => sum + tally.requests, 0);
  const bodyErrors = tallies.reduce((sum, tally) => sum + tally.errors, 0);
  const lost = result.errors + result.timeouts;
  const latencies = tallies.flatMap((tally) => tally.latencies);
  console.log(
    `load (${label}): ${CONNECTIONS} connections for ${DURATION} s (after a ${WARMUP} s warm-up), ${people.toLocaleString('en')} people`,
  );
  console.log(
    `  throughput ${(answered / result.duration).toFixed(0)} req/s (${answered.toLocaleString('en')} answered in ${result.duration.toFixed(1)} s)`,
  );
  console.log(`  latency ${describeLatency(latencies)}`);
  console.log(
    `  machine: reference work ${reference.toFixed(0)} ms before the run (lower is faster), ${describeCpu(machineBefore, machineAfter)} during it`,
  );
  // Where the time goes: the server's CPU, PostgreSQL's CPU, and the rest is waiting (for a
  // connection, a lock, a core).
  const share = (ms: number) => `${((100 * ms) / 1000 / result.duration).toFixed(0)}% of one core`;
  console.log(`  server CPU ${(cpu / answered).toFixed(2)} ms per request (${share(cpu)})`);
  if (database !== undefined) {
    console.log(
      `  PostgreSQL CPU ${(database / answered).toFixed(2)} ms per request (${share(database)})`,
    );
  }
  console.log(
    `  errors ${bodyErrors + lost} (failed answers: ${bodyErrors}, of which non-2xx ${result.non2xx}; connection errors ${result.errors}, timeouts ${result.timeouts})`,
  );
  for (const [name, tally] of run.kinds) {
    console.log(
      `    ${name.padEnd(22)} ${String(tally.requests).padStart(6)} requests, ${String(tally.errors).padStart(3)} errors, ${describeLatency(tally.latencies)}`,
    );
  }
  for (const sample of run.errorSamples) console.log(`  error: ${sample}`);
  // Of several processes only the resident memory of all of them is known (from /proc).
  const memory = (m: typeof before) =>
    m.heapTotal > 0 ? describeMemory(m) : `RSS ${mb(m.rss)} (all processes)`;
  console.log(`  server memory before: ${memory(before)}`);
  console.log(`  server memory after:  ${memory(after)}`);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    label,
    throughput: answered / result.duration,
    p50: percentile(sorted, 50) ?? 0,
    p95: percentile(sorted, 95) ?? 0,
    p99: percentile(sorted, 99) ?? 0,
    cpuPerRequest: cpu / answered,
    databaseCpuPerRequest: database === undefined ? undefined : database / answered,
    errors: bodyErrors + lost,
    referenceMs: reference,
  };
}

/** Runs each kind of request alone and prints what one costs the server and PostgreSQL. */
async function priceKinds(
  server: ServerProcess,
  kinds: RequestKind[],
  seed: number,
  databaseCpu: (() => number) | undefined,
) {
  console.log(
    `each kind alone (${KIND_SECONDS} s at 10 connections): req/s, p50, server CPU and PostgreSQL CPU per request`,
  );
  for (const kind of kinds) {
    const [cpuBefore, databaseBefore] = [await server.cpu(), databaseCpu?.()];
    const run = await runLoad({
      url: server.url,
      kinds: [{ ...kind, weight: 1 }],
      connections: 10,
      duration: KIND_SECONDS,
      seed,
    });
    const cpu = (await server.cpu()) - cpuBefore;
    const database =
      databaseCpu && databaseBefore !== undefined ? databaseCpu() - databaseBefore : undefined;
    const tally = run.kinds.get(kind.name);
    const answered = tally?.requests ?? 0;
    const sorted = [...(tally?.latencies ?? [])].sort((a, b) => a - b);
    console.log(
      `  ${kind.name.padEnd(22)} ${(answered / run.autocannon.duration).toFixed(0).padStart(5)} req/s  p50 ${(percentile(sorted, 50) ?? 0).toFixed(0).padStart(5)} ms  server ${(cpu / answered).toFixed(2).padStart(6)} ms  PostgreSQL ${database === undefined ? '?' : (database / answered).toFixed(2).padStart(6)} ms  errors ${tally?.errors ?? 0}`,
    );
  }
}

runWorkloadBench(async ({ network, options, server, kinds, startServer }) => {
  const databaseCpu = await postgresCpu(network.orm);
  const run = (label: string, target: ServerProcess) =>
    measure(label, target, kinds, options.seed, options.people, databaseCpu);
  const figures = [await run('1 process', server)];
  const [one] = figures;
  const met = one.throughput >= GOAL.throughput && one.p99 <= GOAL.p99 && one.errors === 0;
  console.log(
    `  goal: ≥ ${GOAL.throughput} req/s with p99 ≤ ${GOAL.p99} ms and no errors, at 50 connections for 60 s: ${met ? 'met' : 'not met'}${CONNECTIONS === 50 && DURATION === 60 ? '' : ' (this run had other settings)'}`,
  );
  if (KIND_SECONDS > 0) await priceKinds(server, kinds, options.seed + 3, databaseCpu);
  if (PROCESSES > 1) {
    const several = await startServer({ WEB_CONCURRENCY: String(PROCESSES) });
    try {
      const label = `WEB_CONCURRENCY=${PROCESSES}`;
      figures.push(await run(label, several));
    } finally {
      await several.stop();
    }
    console.log('side by side (same run, same network, same workload):');
    console.log(
      `  ${'setup'.padEnd(18)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'CPU ms/req'.padStart(11)} ${'PG ms/req'.padStart(10)} ${'errors'.padStart(7)} ${'ref. ms'.padStart(8)}`,
    );
    for (const f of figures) {
      console.log(
        `  ${f.label.padEnd(18)} ${f.throughput.toFixed(0).padStart(7)} ${f.p50.toFixed(0).padStart(8)} ${f.p95.toFixed(0).padStart(8)} ${f.p99.toFixed(0).padStart(8)} ${f.cpuPerRequest.toFixed(2).padStart(11)} ${(f.databaseCpuPerRequest?.toFixed(2) ?? '?').padStart(10)} ${String(f.errors).padStart(7)} ${f.referenceMs.toFixed(0).padStart(8)}`,
      );
    }
    console.log(
      `  ratio ${(figures[1].throughput / figures[0].throughput).toFixed(2)}× throughput`,
    );
  }
  if (figures.some((f) => f.errors > 0)) process.exitCode = 1;
});
