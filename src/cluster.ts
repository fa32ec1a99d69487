import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import type { Logger } from 'pino';
import type { Config } from './config';
import { openDatabase } from './app';
import { authSettings, erasureKey } from './auth/secret';
import { serveClusterMetrics } from './metrics';
import { seedIfEmpty } from './seed/seed';

/** Wait before a crashed worker is started again, doubling while they keep crashing. */
const RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** A worker that served this long before it crashed starts again after the shortest wait. */
const HEALTHY_AFTER_MS = 60_000;
/** How long the workers get to finish their requests when the cluster stops. */
const WORKER_STOP_TIMEOUT_MS = 15_000;

/** The primary of several server processes (`WEB_CONCURRENCY` over 1). */
export interface Cluster {
  /** Where the workers listen. */
  url: string;
  /** Stops the workers (each finishes its requests), then the database. */
  stop(): Promise<void>;
  /** Calls `onExit` if the embedded PostgreSQL ends under the running workers. */
  onEmbeddedExit(onExit: () => void): void;
  /** Calls `onFailure` if no worker could start (a port in use, a bad setting): it stops then. */
  onFailure(onFailure: (reason: string) => void): void;
  /**
   * The port, once every worker first started listens (with `PORT=0` the workers share one the
   * system chose).
   */
  listening: Promise<number>;
  /** The process ids of the running workers (for the benches' CPU and memory figures). */
  workerPids(): number[];
}

/**
 * Runs `config.webConcurrency` server processes with node:cluster: this process (the primary)
 * prepares what must happen once, whatever the number of workers (the embedded PostgreSQL, when
 * there is no `DATABASE_URL`; the migrations; the demo seed; the generated secrets in `DATA_DIR`),
 * then forks the workers, which share the port (node:cluster hands out connections in turn) and
 * reach the database at the URL it gives them. A worker that crashes is started again, after a
 * wait that grows while they keep crashing. Nothing a worker holds is shared in memory: rate limits
 * are counted in PostgreSQL (`RATE_LIMIT_STORE`), and the outbox is claimed with `SKIP LOCKED`.
 */
export async function startCluster(config: Config, logger: Logger): Promise<Cluster> {
  // Generated once here, so that the workers cannot make different ones at the same moment.
  erasureKey(config);
  authSettings(config);
  const database = await openDatabase(config, logger, {
    callerHandlesSignals: true,
    shareRunning: false,
  });
  try {
    if (config.seedOnStart && (await seedIfEmpty(database.orm.em.fork(), logger))) {
      logger.info('seeded the demo network');
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  const databaseUrl = database.orm.config.get('clientUrl')!;
  // The primary holds no connections while the workers run.
  await database.orm.close();

  const env = { DATABASE_URL: databaseUrl, SEED_ON_START: 'false' };
  let stopping = false;
  let everListened = false;
  let failure: ((reason: string) => void) | undefined;
  let restartDelay = RESTART_DELAY_MS;
  const startedAt = new Map<Worker, number>();
  let listened: (port: number) => void = () => undefined;
  let listeners = 0;
  const listening = new Promise<number>((resolve) => (listened = resolve));

  const fork = () => {
    const worker = cluster.fork(env);
    startedAt.set(worker, Date.now());
    worker.once('listening', (address) => {
      everListened = true;
      listeners += 1;
      if (listeners >= config.webConcurrency) listened(address.port);
    });
    worker.once('exit', (code, signal) => {
      const served = Date.now() - (startedAt.get(worker) ?? Date.now());
      startedAt.delete(worker);
      if (stopping) return;
      if (!everListened) {
        // No worker ever started: the next would fail alike (the port, the configuration).
        failure?.(`a server process exited before it served (exit code ${code ?? signal})`);
        return;
      }
      if (served > HEALTHY_AFTER_MS) restartDelay = RESTART_DELAY_MS;
      logger.error(
        { worker: worker.process.pid, code, signal, restartInMs: restartDelay },
        'a server process exited; starting another',
      );
      setTimeout(() => {
        if (!stopping) fork();
      }, restartDelay).unref();
      restartDelay = Math.min(MAX_RESTART_DELAY_MS, restartDelay * 2);
    });
  };
  serveClusterMetrics();
  for (let i = 0; i < config.webConcurrency; i += 1) fork();
  logger.info({ workers: config.webConcurrency }, 'server processes started');

  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return {
    url: `http://${host}:${config.port}`,
    onEmbeddedExit: database.onEmbeddedExit,
    listening,
    workerPids: () => [...startedAt.keys()].flatMap((worker) => worker.process.pid ?? []),
    onFailure: (onFailure) => {
      failure = onFailure;
    },
    async stop() {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {}).filter(
        (worker): worker is Worker => worker !== undefined && !worker.isDead(),
      );
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => {
                logger.warn({ worker: worker.process.pid }, 'server process did not stop; killed');
                worker.process.kill('SIGKILL');
              }, WORKER_STOP_TIMEOUT_MS);
              worker.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              // Each worker stops as one process does on SIGTERM: requests finish first.
              worker.process.kill('SIGTERM');
            }),
        ),
      );
      await database.close();
    },
  };
}
