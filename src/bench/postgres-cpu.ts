import { readdirSync, readFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';

/** Linux's clock ticks per second for /proc's CPU times (`getconf CLK_TCK`, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * A process's parent, its user plus system CPU time in ms, and that of its children that ended
 * (and were waited for), from /proc/<pid>/stat.
 */
function stat(pid: number): { parent: number; cpu: number; endedChildren: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after it are counted from its ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ms = (index: number) => (Number(fields[index]) * 1000) / TICKS_PER_SECOND;
    return { parent: Number(fields[1]), cpu: ms(11) + ms(12), endedChildren: ms(13) + ms(14) };
  } catch {
    return undefined; // gone, or not ours to read
  }
}

/**
 * The CPU time PostgreSQL has spent so far, in ms: its postmaster's and every process it started
 * (backends, the checkpointer, autovacuum, …), read from /proc. Found through the postmaster of the
 * backend that answers `pg_backend_pid()`, so it works for the embedded server and any server on
 * this machine; undefined for one elsewhere. A backend that ended counts through its postmaster,
 * which waits for it.
 */
export async function postgresCpu(orm: MikroORM): Promise<(() => number) | undefined> {
  const [{ pid }] = await orm.em
    .getConnection()
    .execute<{ pid: number }[]>('select pg_backend_pid() as pid');
  const postmaster = stat(pid)?.parent;
  if (!postmaster || !stat(postmaster)) return undefined;
  return () => {
    const own = stat(postmaster);
    let total = (own?.cpu ?? 0) + (own?.endedChildren ?? 0);
    for (const entry of readdirSync('/proc')) {
      const child = Number(entry);
      if (!Number.isInteger(child)) continue;
      const found = stat(child);
      if (found?.parent === postmaster) total += found.cpu;
    }
    return total;
  };
}
