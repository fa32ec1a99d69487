import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApolloServer } from '@apollo/server';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import Negotiator from 'negotiator';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import type { Config } from './config';
import { COST_BUDGET_DEFAULTS } from './config';
import type { Context, SearchIndexFactory } from './common/context';
import { createContext } from './common/context';
import { createErrorFormatter } from './common/format-error';
import { graphqlHandler, isGraphQLPath, mayWantGraphiQL } from './graphql-http';
import {
  AddressLimits,
  CallerLimits,
  costControl,
  httpErrorBody,
  ExpensiveWork,
  queryLimits,
} from './limits';
import { Metrics } from './metrics';
import { ReplicaReads } from './db/replicas';
import { PostgresSearchIndex } from './search/postgres.engine';
import type { Identity } from './auth/identity';
import type { TokenVerifier } from './auth/tokens';
import type { WebOptions } from './web/web';
import { compiledExecution } from './schema/compiled-execution';
import { mountGraphiQL, mountWebApp } from './web/web';

/** Largest request head accepted (Node's default is 16 kB; tokens may be up to 16 kB alone). */
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Node answers a request it cannot parse with a bare status line; this answers as the API does,
 * with a GraphQL-shaped JSON body, e.g. 431 for headers over {@link MAX_HEADER_BYTES}.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex) {
  if (error.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const [status, message, code] = tooLarge
    ? [
        '431 Request Header Fields Too Large',
        `The request headers are larger than ${MAX_HEADER_BYTES / 1024} kB (a token that large is not valid)`,
        'UNAUTHENTICATED',
      ]
    : ['400 Bad Request', 'The request is not valid HTTP', 'BAD_REQUEST'];
  const body = JSON.stringify(httpErrorBody(message, code));
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** The media types Apollo may answer a single result as, in its order of preference. */
const SINGLE_RESULT_TYPES = [
  'application/json; charset=utf-8',
  'application/graphql-response+json; charset=utf-8',
  'application/json; callbackSpec=1.0; charset=utf-8',
];

/** Media types chosen for `Accept` headers seen so far (the same few come again and again). */
const chosenTypes = new Map<string, string | null>();
const MAX_CHOSEN_TYPES = 100;

/**
 * The media type of a single result for a request's `Accept` header, as Apollo chooses it
 * (`chooseContentTypeForSingleResultResponse`), or `null` when none is acceptable (Apollo then
 * answers 406). Apollo negotiates it anew for every request; remembered here, a request skips it.
 */
function singleResultType(accept: string | undefined): string | null {
  if (!accept) return SINGLE_RESULT_TYPES[0];
  let type = chosenTypes.get(accept);
  if (type === undefined) {
    type = new Negotiator({ headers: { accept } }).mediaType(SINGLE_RESULT_TYPES) ?? null;
    // Beyond a hundred different headers (a client making them up), each is negotiated alone.
    if (chosenTypes.size < MAX_CHOSEN_TYPES) chosenTypes.set(accept, type);
  }
  return type;
}

/**
 * The head of every answer:
 * - never cached: the API uses no cache hints, so Apollo's cache-control plugin would only say
 *   `no-store`, after a hook on every field of every answer (about a tenth of the CPU time of a
 *   group with its members). This says it once per answer;
 * - its media type, from {@link singleResultType}, so that Apollo does not negotiate it again.
 */
const answerHead: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ request, response }) {
        const { headers } = response.http;
        headers.set('cache-control', 'no-store');
        if (response.body.kind !== 'single' || headers.has('content-type')) return;
        const type = singleResultType(request.http?.headers.get('accept'));
        if (type) headers.set('content-type', type);
      },
    };
  },
};

/**
 * With read replicas (see {@link ReplicaReads}): a query operation gets a context whose
 * EntityManager reads from a replica, unless the caller's last mutation has not reached it; a
 * mutation runs on the primary and then fences the caller's next queries. A replica that fails to
 * answer sends the query to the primary.
 */
function replicaRouting(
  replicas: ReplicaReads,
  logger: Logger,
  searchIndex: SearchIndexFactory,
): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== 'query') return;
          const em = await replicas.forQuery(contextValue.caller).catch((error: unknown) => {
            logger.warn({ err: error }, 'read replica unavailable; the query reads the primary');
            return undefined;
          });
          if (!em) return;
          const { access, caller } = contextValue;
          Object.assign(
            contextValue,
            createContext(em, logger, searchIndex, access.identity, caller),
          );
        },
        async willSendResponse({ operation, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          await replicas.fence(contextValue.caller).catch((error: unknown) => {
            logger.error({ err: error }, 'could not record the read fence of a mutation');
          });
        },
      };
    },
  };
}

/**
 * The Apollo server with the API's error handling and operation limits (see {@link queryLimits});
 * shared by HTTP and in-process tests.
 */
export function createApollo(options: {
  schema: GraphQLSchema;
  logger: Logger;
  production: boolean;
  plugins?: ApolloServerPlugin<Context>[];
  /** Per-caller rate limits and budgets (HTTP); in-process callers have none. */
  callerLimits?: CallerLimits;
  /** Slots for expensive operations; unlimited when not given. */
  expensiveWork?: ExpensiveWork;
  /** Runs of a query before it is compiled (see {@link compiledExecution}). */
  compileAfter?: number;
}): ApolloServer<Context> {
  const limits = queryLimits();
  return new ApolloServer<Context>({
    // The API's schema, its operations run by a compiled executor (see compiledExecution).
    gateway: compiledExecution(options.schema, { compileAfter: options.compileAfter }),
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
      // Apollo would install its federated tracing, which looks at every request; not a subgraph.
      ApolloServerPluginInlineTraceDisabled(),
      // Apollo's Sandbox loads from a CDN; browsers get the bundled GraphiQL (src/web/).
      ApolloServerPluginLandingPageDisabled(),
      answerHead,
      ...(limits.plugins ?? []),
      costControl({ limits: options.callerLimits, expensive: options.expensiveWork }),
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
 * Starts the HTTP server: GraphQL at `/graphql` on plain `node:http` (see `graphql-http.ts`: rate
 * limited per address and caller, bodies up to `MAX_BODY_BYTES`); on the Express app,
 * GraphiQL for a browser's `GET /graphql`, liveness at `/healthz`, readiness (the database answers) at `/readyz`,
 * Prometheus metrics at `/metrics` (see {@link Metrics}), the web app at `/`.
 */
export async function startServer(options: {
  config: Pick<Config, 'port' | 'host' | 'nodeEnv' | 'rateLimitPerMinute'> &
    Partial<
      Pick<
        Config,
        | 'trustProxy'
        | 'costBudgetPerMinute'
        | 'anonymousCostBudgetPerMinute'
        | 'maxConcurrentExpensive'
        | 'metricsToken'
        | 'rateLimitStore'
      >
    >;
  orm: MikroORM;
  schema: GraphQLSchema;
  logger: Logger;
  searchIndex: SearchIndexFactory;
  /** Checks each request's bearer token. */
  verifyToken: TokenVerifier;
  /** The slots for expensive operations (default: `maxConcurrentExpensive` of the config). */
  expensiveWork?: ExpensiveWork;
  /** The web app at `/` (see src/web/). */
  web?: WebOptions;
}): Promise<RunningServer> {
  const { config, orm, schema, logger, searchIndex, verifyToken } = options;
  const app = express();
  app.disable('x-powered-by');
  // Answers are `no-store` (see answerHead), so no client could use an ETag; Express would hash
  // every answer to make one.
  app.set('etag', false);
  // Throws on a malformed TRUST_PROXY, so a bad value stops the start instead of misleading.
  app.set('trust proxy', config.trustProxy ?? false);
  // Room for a large IdP token in the headers; larger headers get a GraphQL-shaped 431.
  const httpServer = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES });
  httpServer.on('clientError', answerClientError);
  const production = config.nodeEnv === 'production';

  // Limits shared by every process on the database are counted on the primary, in a small pool
  // of their own: they never wait behind requests for a connection, nor count as their statements.
  const limitPool =
    config.rateLimitPerMinute > 0 && config.rateLimitStore === 'postgres'
      ? new Pool({ connectionString: orm.config.get('clientUrl'), max: 4 })
      : undefined;
  limitPool?.on('error', (error) =>
    logger.warn({ err: error }, 'rate limit store connection lost'),
  );
  const callerLimits =
    config.rateLimitPerMinute > 0
      ? new CallerLimits(
          {
            requestsPerMinute: config.rateLimitPerMinute,
            costPerMinute: config.costBudgetPerMinute ?? COST_BUDGET_DEFAULTS.costBudgetPerMinute,
            anonymousCostPerMinute:
              config.anonymousCostBudgetPerMinute ??
              COST_BUDGET_DEFAULTS.anonymousCostBudgetPerMinute,
          },
          limitPool,
        )
      : undefined;
  const metrics = new Metrics(orm);
  const apollo = createApollo({
    schema,
    logger,
    production,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      metrics.plugin(),
      ...(ReplicaReads.configured(orm)
        ? [replicaRouting(new ReplicaReads(orm), logger, searchIndex)]
        : []),
    ],
    callerLimits,
    expensiveWork:
      options.expensiveWork ??
      new ExpensiveWork(config.maxConcurrentExpensive ?? os.availableParallelism()),
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
  app.get('/metrics', metrics.handler({ production, token: config.metricsToken }));
  const answerGraphQL = graphqlHandler({
    apollo,
    // Express's own compiled `trust proxy`, so the address is the `req.ip` Express would give.
    trust: app.get('trust proxy fn') as (address: string, hop: number) => boolean,
    addressLimits:
      config.rateLimitPerMinute > 0
        ? new AddressLimits(config.rateLimitPerMinute, limitPool)
        : undefined,
    verifyToken,
    callerLimits,
    metrics,
    logger,
    context: (identity, caller) => createContext(orm.em, logger, searchIndex, identity, caller),
  });
  mountGraphiQL(app, options.web);
  app.use('/graphql', (req, res) => answerGraphQL(req, res));
  mountWebApp(app, options.web);
  // GraphQL requests skip Express, but for a browser's GET, which may be for GraphiQL: Express
  // serves that, or hands it back to answerGraphQL above.
  httpServer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (isGraphQLPath(req.url) && !mayWantGraphiQL(req)) answerGraphQL(req, res);
    else app(req, res);
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return {
    url: `http://${host}:${port}`,
    port,
    stop: async () => {
      await apollo.stop();
      await limitPool?.end();
    },
  };
}
