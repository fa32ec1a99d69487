import { existsSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from './config';
import { startEmbeddedPostgres } from './db/embedded';
import type { EmbeddedDatabase } from './db/embedded';
import { connect, migrate } from './db/orm';
import type { AfterMigrate, ConnectionOptions } from './db/orm';
import { authSettings, erasureKey } from './auth/secret';
import { createTokenVerifier } from './auth/tokens';
import { syncRankingFunctions } from './modules/experts/evidence-index';
import { useErasureKey } from './modules/privacy/tombstone';
import { buildGraphQLSchema } from './schema/build';
import { startSearchEngine } from './search/engine';
import { seedIfEmpty } from './seed/seed';
import { startServer } from './server';
import { createDemoDirectory } from './web/demo-directory';
import { demoSignInSecret, webOidcClient } from './web/web';
import type { RunningServer } from './server';

/**
 * What follows the migrations, in order: the expert ranking's weights from `ranking.ts` are
 * written into the database when they changed (see {@link syncRankingFunctions}).
 */
export const AFTER_MIGRATE: readonly AfterMigrate[] = [syncRankingFunctions];

/** Applies pending migrations, then {@link AFTER_MIGRATE}; returns the migrations applied. */
export function migrateDatabase(orm: MikroORM, logger?: Logger): Promise<string[]> {
  return migrate(orm, AFTER_MIGRATE, logger);
}

/** Name of the application database inside the embedded cluster. */
const EMBEDDED_DATABASE = 'erfaringsnet';

/** A connected, migrated database, and how to let go of it. */
export interface Database {
  orm: MikroORM;
  /** Closes the pool, then stops the embedded PostgreSQL if one was started. */
  close(): Promise<void>;
  /** Calls `onExit` if the embedded PostgreSQL this process runs ends unexpectedly. */
  onEmbeddedExit(onExit: () => void): void;
}

/**
 * Connects to `DATABASE_URL`, or starts the embedded PostgreSQL, and applies pending migrations.
 * Only the server passes a statement timeout; scripts (seed, reindex) run without one.
 */
export async function openDatabase(
  config: Config,
  logger: Logger,
  options: {
    callerHandlesSignals?: boolean;
    statementTimeoutMs?: number;
    /** Share an embedded PostgreSQL another live process runs (see EmbeddedOptions). */
    shareRunning?: boolean;
  } = {},
): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: clusterDir(config.dataDir),
      port: config.embeddedPgPort,
      database: EMBEDDED_DATABASE,
      logger,
      callerHandlesSignals: options.callerHandlesSignals,
      shareRunning: options.shareRunning ?? true,
    });
    url = embedded.url;
    logger.info(
      { dataDir: config.dataDir, port: new URL(url).port },
      'embedded PostgreSQL running',
    );
  }
  const database = await connectAndMigrate(url, embedded, {
    logger,
    connection: {
      statementTimeoutMs: options.statementTimeoutMs,
      replicaUrls: config.databaseReplicaUrls,
      poolSize: config.databasePoolSize,
    },
  });
  return { ...database, onEmbeddedExit: (onExit) => embedded?.watch(onExit) };
}

/**
 * Connects to `url`, applies pending migrations (see {@link migrateDatabase}), then runs
 * `prepare` (a benchmark's data, say). Should any of it fail, what was opened is closed again,
 * `embedded` included.
 */
export async function connectAndMigrate(
  url: string,
  embedded: EmbeddedDatabase | undefined,
  options: {
    logger?: Logger;
    connection?: ConnectionOptions;
    prepare?: (orm: MikroORM) => Promise<void>;
  } = {},
): Promise<Omit<Database, 'onEmbeddedExit'>> {
  const { logger } = options;
  let orm: MikroORM | undefined;
  try {
    orm = await connect(url, logger, options.connection);
    const applied = await migrateDatabase(orm, logger);
    if (applied.length > 0) logger?.info({ migrations: applied }, 'applied migrations');
    await options.prepare?.(orm);
  } catch (error) {
    await orm?.close();
    await embedded?.stop();
    throw error;
  }
  const connected = orm;
  return {
    orm: connected,
    async close() {
      await connected.close();
      await embedded?.stop();
    },
  };
}

/**
 * Where the embedded cluster lives: `DATA_DIR/postgres`, beside the other files the server keeps
 * in `DATA_DIR` (the local signing secret, which `npm run token` may write before the first
 * start: initdb needs a folder of its own). A `DATA_DIR` that already holds a cluster at its top,
 * as earlier versions made it, stays as it is.
 */
export function clusterDir(dataDir: string): string {
  return existsSync(path.join(dataDir, 'PG_VERSION')) ? dataDir : path.join(dataDir, 'postgres');
}

export interface App {
  orm: MikroORM;
  server: RunningServer;
  /** Stops taking requests, lets running ones finish, then closes the database. */
  stop(): Promise<void>;
  /** Calls `onExit` if the embedded PostgreSQL ends under the running server. */
  onEmbeddedExit(onExit: () => void): void;
}

/**
 * Database → migrations → demo seed (first start) → GraphQL server. The caller stops it with
 * {@link App.stop} on SIGINT/SIGTERM (see `index.ts`).
 */
export async function startApp(config: Config, logger: Logger): Promise<App> {
  useErasureKey(erasureKey(config));
  const database = await openDatabase(config, logger, {
    callerHandlesSignals: true,
    statementTimeoutMs: config.statementTimeoutMs,
    shareRunning: false,
  });
  try {
    if (config.seedOnStart && (await seedIfEmpty(database.orm.em.fork(), logger))) {
      logger.info('seeded the demo network');
    }
    const schema = await buildGraphQLSchema();
    const search = await startSearchEngine(config, database.orm, logger);
    const auth = authSettings(config);
    const server = await startServer({
      config,
      orm: database.orm,
      schema,
      logger,
      searchIndex: search.factory,
      verifyToken: createTokenVerifier(auth),
      web: {
        demoSecret: demoSignInSecret({
          nodeEnv: config.nodeEnv,
          oidcIssuer: Boolean(config.authJwksUrl),
          secret: auth.secret,
        }),
        demoDirectory: createDemoDirectory(database.orm),
        oidc: webOidcClient(config),
      },
    });
    return {
      orm: database.orm,
      server,
      onEmbeddedExit: database.onEmbeddedExit,
      async stop() {
        await server.stop();
        logger.info('HTTP server stopped');
        await search.stop();
        await database.close();
        logger.info('database closed');
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
