import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Context, SearchIndexFactory } from './common/context';
import { createContext } from './common/context';
import { createErrorFormatter } from './common/format-error';
import { bodyErrorHandler, MAX_BODY_BYTES, queryLimits, rateLimiter } from './limits';
import { PostgresSearchIndex } from './search/postgres.engine';
import type { Identity } from './auth/identity';
import type { TokenVerifier } from './auth/tokens';

/**
 * Answers are never cached: the API uses no cache hints, so Apollo's cache-control plugin would
 * only say `no-store`, after a hook on every field of every answer (about a tenth of the CPU time
 * of a group with its members). This says it once per answer.
 */
const noStore: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

/**
 * The Apollo server with the API's error handling and operation limits (see {@link queryLimits});
 * shared by HTTP and in-process tests.
 */
export function createApollo(options: {
  schema: GraphQLSchema;
  logger: Logger;
  production: boolean;
  plugins?: ApolloServerPlugin<Context>[];
}): ApolloServer<Context> {
  const limits = queryLimits(options.production);
  return new ApolloServer<Context>({
    schema: options.schema,
    introspection: !options.production,
    // Refuses GET and simple POST requests (form or text/plain) without a preflight header.
    csrfPrevention: true,
    // index.ts handles SIGINT/SIGTERM and stops the server, then the database, in that order.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    // One operation per request: a batch would multiply every limit below.
    allowBatchedHttpRequests: false,
    // Apollo's own messages go through the application's logger, and its redaction.
    logger: options.logger,
    formatError: createErrorFormatter(options.logger, !options.production),
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      noStore,
      ...(limits.plugins ?? []),
      ...(options.plugins ?? []),
    ],
  });
}

/**
 * Runs operations through Apollo in this process, each with a fresh request context, as the HTTP
 * server would (tests and benchmarks), as the given caller (anonymous when `null`). Returns the
 * single result, errors formatted.
 */
export function inProcessExecutor(
  apollo: ApolloServer<Context>,
  orm: MikroORM,
  logger: Logger,
  searchIndex: SearchIndexFactory = (em) => new PostgresSearchIndex(em),
) {
  return async <T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    identity: Identity | null = null,
  ) => {
    const response = await apollo.executeOperation<T>(
      { query, variables },
      { contextValue: createContext(orm.em, logger, searchIndex, identity) },
    );
    if (response.body.kind !== 'single') throw new Error('Unexpected incremental response');
    return response.body.singleResult;
  };
}

export interface RunningServer {
  /** The base URL, e.g. `http://127.0.0.1:4000`. */
  url: string;
  port: number;
  /** Stops taking requests, lets running ones finish, then stops Apollo. */
  stop(): Promise<void>;
}

/**
 * Starts the HTTP server: GraphQL at `/graphql` (rate limited per caller, bodies up to
 * {@link MAX_BODY_BYTES}), liveness at `/healthz`, readiness (the database answers) at `/readyz`.
 */
export async function startServer(options: {
  config: Pick<Config, 'port' | 'host' | 'nodeEnv' | 'rateLimitPerMinute'> &
    Partial<Pick<Config, 'trustProxy'>>;
  orm: MikroORM;
  schema: GraphQLSchema;
  logger: Logger;
  searchIndex: SearchIndexFactory;
  /** Checks each request's bearer token. */
  verifyToken: TokenVerifier;
}): Promise<RunningServer> {
  const { config, orm, schema, logger, searchIndex, verifyToken } = options;
  const app = express();
  app.disable('x-powered-by');
  // Answers are `no-store` (see noStore), so no client could use an ETag; Express would hash
  // every answer to make one.
  app.set('etag', false);
  // Throws on a malformed TRUST_PROXY, so a bad value stops the start instead of misleading.
  app.set('trust proxy', config.trustProxy ?? false);
  const httpServer = http.createServer(app);
  const production = config.nodeEnv === 'production';

  const apollo = createApollo({
    schema,
    logger,
    production,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await orm.em.getConnection().execute('select 1');
      res.json({ status: 'ready' });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed: database unreachable');
      res.status(503).json({ status: 'unavailable', reason: 'database unreachable' });
    }
  });
  app.use(
    '/graphql',
    ...rateLimiter(config.rateLimitPerMinute),
    express.json({ limit: MAX_BODY_BYTES }),
    bodyErrorHandler,
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        createContext(orm.em, logger, searchIndex, await verifyToken(req.headers.authorization)),
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return {
    url: `http://${host}:${port}`,
    port,
    stop: () => apollo.stop(),
  };
}
