import { readdirSync, readFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';

/** Linux's clock ticks per second for /proc's CPU times (`getconf CLK_TCK`, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** A process's parent and its user plus system CPU time in ms, from /proc/<pid>/stat. */
function stat(pid: number): { parent: number; cpu: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after it are counted from its ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const [utime, stime] = [Number(fields[11]), Number(fields[12])];
    return { parent: Number(fields[1]), cpu: ((utime + stime) * 1000) / TICKS_PER_SECOND };
  } catch {
    return undefined; // gone, or not ours to read
  }
}

/**
 * The CPU time PostgreSQL has spent so far, in ms: its postmaster's and every process it started
 * (backends, the checkpointer, autovacuum, …), read from /proc. Found through the postmaster of the
 * backend that answers `pg_backend_pid()`, so it works for the embedded server and any server on
 * this machine; undefined for one elsewhere. Backends that ended in between are not counted, so
 * it is measured over a run whose connections stay open (a pool).
 */
export async function postgresCpu(orm: MikroORM): Promise<(() => number) | undefined> {
  const [{ pid }] = await orm.em
    .getConnection()
    .execute<{ pid: number }[]>('select pg_backend_pid() as pid');
  const postmaster = stat(pid)?.parent;
  if (!postmaster || !stat(postmaster)) return undefined;
  return () => {
    let total = stat(postmaster)?.cpu ?? 0;
    for (const entry of readdirSync('/proc')) {
      const child = Number(entry);
      if (!Number.isInteger(child)) continue;
      const found = stat(child);
      if (found?.parent === postmaster) total += found.cpu;
    }
    return total;
  };
}
