import 'reflect-metadata';
import cluster from 'node:cluster';
import { ConfigError, loadConfig } from './config';
import type { Config } from './config';
import { startApp } from './app';
import { startCluster } from './cluster';
import { exitWithFailure } from './common/command';
import { createLogger } from './logger';
import type { Logger } from 'pino';

/** How long a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 20_000;
/** How often a server started by npm checks that npm still runs. */
const PARENT_CHECK_MS = 1_000;

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  logger.info({ node: process.version }, `Erfaringsnet starting on Node.js ${process.version}`);
  // Signals are handled from the start: one that arrives while the database starts or migrates
  // waits for that to finish, then stops everything, so no PostgreSQL is left running.
  const starting = start(config, logger);
  let stopping = false;
  const shutdown = async (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    // Requests get time to finish; a shutdown that hangs beyond that is cut short.
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    try {
      const app = await starting;
      await app.stop();
      process.exit(exitCode);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown(signal));
  }
  // A fault nobody caught still stops the server and its PostgreSQL before the process ends.
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    void shutdown('uncaughtException', 1);
  });
  process.on('unhandledRejection', (error) => {
    logger.fatal({ err: error }, 'unhandled rejection');
    void shutdown('unhandledRejection', 1);
  });
  stopWithParent(() => void shutdown('npm exited'));
  // A worker whose primary is gone (killed) stops too: nobody would restart or stop it.
  if (cluster.isWorker) process.on('disconnect', () => void shutdown('the primary process exited'));

  const app = await starting;
  app.onFailure?.((reason) => {
    logger.fatal(`the server could not start: ${reason}`);
    void shutdown('no server process could start', 1);
  });
  // The embedded PostgreSQL is this server's own: should it die (killed, out of memory), the
  // server exits with status 1 and says so, for a supervisor (or the user) to start it again.
  // The next start recovers the cluster as PostgreSQL recovers from any crash.
  app.onEmbeddedExit(() => {
    logger.fatal(
      'the embedded PostgreSQL stopped unexpectedly; the server stops too. Start it again ' +
        '(npm start): PostgreSQL recovers its data on start.',
    );
    void shutdown('embedded PostgreSQL stopped', 1);
  });
  logger.info(`Erfaringsnet GraphQL API at ${app.url}/graphql`);
}

/** What `main` runs: one server, or (`WEB_CONCURRENCY` over 1) a primary and its workers. */
interface Running {
  url: string;
  stop(): Promise<void>;
  onEmbeddedExit(onExit: () => void): void;
  onFailure?(onFailure: (reason: string) => void): void;
}

/**
 * With `WEB_CONCURRENCY` 1 (the default) this process is the server. With more, this process is
 * the primary of a node:cluster (src/cluster.ts) and each worker it forks runs the server on the
 * database the primary prepared.
 */
async function start(config: Config, logger: Logger): Promise<Running> {
  if (config.webConcurrency > 1 && cluster.isPrimary) return startCluster(config, logger);
  const app = await startApp(config, logger);
  return {
    url: app.server.url,
    stop: () => app.stop(),
    onEmbeddedExit: (onExit) => app.onEmbeddedExit(onExit),
  };
}

/**
 * Started by `npm start`, the server is a child of npm, which forwards SIGINT and SIGTERM but not
 * SIGKILL or SIGHUP: when npm is gone, the process the user started is gone, and so is the server.
 */
function stopWithParent(stop: () => void) {
  if (!process.env.npm_lifecycle_event) return;
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    stop();
  }, PARENT_CHECK_MS);
  watch.unref();
}

main().catch((error) => exitWithFailure('Erfaringsnet', error));
