import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * How fast the machine is while a bench runs, so that figures of different hours can be told
 * apart from changes of the code. On these shared machines the same build's throughput moved by
 * 2× within an hour (`bench:load` 115–206 req/s), with nothing of ours running but the bench.
 */

/** The machine's CPU time so far, in clock ticks, from the first line of /proc/stat. */
export interface CpuTicks {
  total: number;
  /** Neither idle nor waiting for I/O. */
  busy: number;
  /** Time the hypervisor gave this machine's CPUs to another guest while they wanted to run. */
  steal: number;
}

/**
 * Parses the `cpu` line of /proc/stat (user nice system idle iowait irq softirq steal guest
 * guest_nice; guest time is already within user and nice, so it is not added again).
 */
export function parseCpuLine(line: string): CpuTicks {
  const [label, ...fields] = line.trim().split(/\s+/);
  if (label !== 'cpu' || fields.length < 4)
    throw new Error(`not the cpu line of /proc/stat: ${line}`);
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] =
    fields.map(Number);
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { total, busy: total - idle - iowait - steal, steal };
}

/** The machine's CPU ticks now, or undefined where there is no /proc/stat (not Linux). */
export function cpuTicks(): CpuTicks | undefined {
  try {
    return parseCpuLine(readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]);
  } catch {
    return undefined;
  }
}

/** What the machine's CPUs did between two readings: shares of their time, in percent. */
export function describeCpu(before: CpuTicks | undefined, after: CpuTicks | undefined): string {
  if (!before || !after || after.total <= before.total) return 'machine CPU unknown';
  const total = after.total - before.total;
  const percent = (ticks: number) => `${((100 * ticks) / total).toFixed(1)}%`;
  return `machine CPU ${percent(after.busy - before.busy)} busy, ${percent(after.steal - before.steal)} stolen by the hypervisor`;
}

/** A fixed piece of single-core work: JSON and sorting over the same 20,000 records. */
function referenceWork(): number {
  const records = Array.from({ length: 20_000 }, (_, i) => ({
    id: `p${(i * 7919) % 20_000}`,
    name: `Person ${i}`,
    score: ((i * 2654435761) % 1000) / 10,
    tags: ['udbud', 'it-arkitektur', 'governance'].slice(0, 1 + (i % 3)),
  }));
  let checksum = 0;
  for (let round = 0; round < 5; round++) {
    const copy = JSON.parse(JSON.stringify(records)) as typeof records;
    copy.sort((a, b) => a.score - b.score || a.id.localeCompare(b.id));
    checksum += copy[round].score;
  }
  return checksum;
}

/**
 * How long the reference work takes on one core now, in ms: the median of seven runs after three
 * to warm up (V8 compiles it fully only after a few). Lower is a faster machine; figures of two
 * runs compare only as far as this does.
 */
export function referenceMs(): number {
  for (let run = 0; run < 3; run++) referenceWork();
  const times: number[] = [];
  for (let run = 0; run < 7; run++) {
    const started = performance.now();
    referenceWork();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[3];
}
