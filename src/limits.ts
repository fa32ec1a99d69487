import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Options as RateLimitOptions, Store } from 'express-rate-limit';
import type { GraphQLFormattedError, ValidationContext } from 'graphql';
import { GraphQLError } from 'graphql';
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Identity } from './auth/identity';
import type { TokenVerifier } from './auth/tokens';
import type { Context } from './common/context';
import { ErrorCode } from './common/errors';
import { COST_LIMITS, operationCost } from './query-cost';

/**
 * How large one GraphQL operation may be. Measured against every query in the tests and the
 * README: the largest reach depth 8, 6 aliases and 129 tokens. What it may cost is in
 * `query-cost.ts` ({@link COST_LIMITS}).
 */
export const QUERY_LIMITS = {
  /**
   * Nested fields. A connection takes three levels (`people`, `edges`, `node`); the README's
   * group query, with members' affiliations' kommune, reaches 8. Beyond 12 is a query that walks
   * relations in circles (person → groups → members → person …).
   */
  depth: 12,
  /** Aliases: a handful is normal (tests use 6); hundreds are a way to run one field many times. */
  aliases: 15,
  /** Directives (`@include`, `@skip`): graphql-armor's default; the API's queries use none. */
  directives: 50,
  /**
   * Lexical tokens, checked while parsing so a huge document costs little. The longest real
   * query has 129; 2,000 still allows a hand-written query with every field of several types.
   */
  tokens: 2000,
} as const;

/**
 * Largest request body accepted, in bytes. Queries are under 2 kB; the largest valid input, a
 * requirement with three free texts of 20,000 characters (`MAX_TEXT_LENGTH`), is about 62 kB of
 * Danish and at most 180 kB if every character took three bytes.
 */
export const MAX_BODY_BYTES = 256_000;

/** A GraphQL-shaped body for errors answered before GraphQL runs (413, 429, a bad body). */
export function httpErrorBody(message: string, code: string): { errors: GraphQLFormattedError[] } {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * Reports a graphql-armor limit as a validation error (`GRAPHQL_VALIDATION_FAILED`, HTTP 400)
 * naming the limit in `extensions.limit`, without the misleading "Syntax Error:" prefix.
 */
function reportAs(limit: keyof typeof QUERY_LIMITS) {
  return {
    n: QUERY_LIMITS[limit],
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(
          new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
            extensions: { limit },
          }),
        ),
    ],
  };
}

/**
 * The operation limits as Apollo Server options: graphql-armor's validation rules for depth,
 * aliases and directives, graphql-js's own token limit, and, in production, no "Did you mean …"
 * suggestions that would spell out the schema introspection hides. The cost is checked after
 * validation, by {@link costControl}.
 */
export function queryLimits(
  production: boolean,
): Pick<ApolloServerOptions<BaseContext>, 'plugins' | 'validationRules' | 'parseOptions'> {
  const { plugins, validationRules } = new ApolloArmor({
    blockFieldSuggestion: { enabled: production },
    maxDepth: reportAs('depth'),
    maxAliases: reportAs('aliases'),
    maxDirectives: reportAs('directives'),
    costLimit: { enabled: false },
    // graphql-armor counts tokens in a hook Apollo treats as a crash (HTTP 500, and every syntax
    // error becomes one: Escape-Technologies/graphql-armor#751); graphql-js counts them itself.
    maxTokens: { enabled: false },
  }).protect();
  return { plugins, validationRules, parseOptions: { maxTokens: QUERY_LIMITS.tokens } };
}

/**
 * graphql-js reports the token limit as a syntax error; this reports it like the other limits,
 * or returns `undefined` for any other error.
 */
export function tokenLimitError(
  formatted: GraphQLFormattedError,
): GraphQLFormattedError | undefined {
  if (formatted.extensions?.code !== 'GRAPHQL_PARSE_FAILED') return undefined;
  if (!/Document contains more tha[nt] \d+ tokens/.test(formatted.message)) return undefined;
  return {
    message: `Token limit of ${QUERY_LIMITS.tokens} exceeded.`,
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'tokens' },
  };
}

/**
 * Answers a body the JSON parser refused with a GraphQL-shaped error instead of Express's HTML
 * page: 413 `PAYLOAD_TOO_LARGE` over {@link MAX_BODY_BYTES}, else its 4xx status and `BAD_REQUEST`.
 */
export const bodyErrorHandler: ErrorRequestHandler = (error, _req, res, next) => {
  const { status, type, message } = error as { status?: number; type?: unknown; message: string };
  // body-parser's errors carry a `type` such as `entity.too.large` or `entity.parse.failed`.
  if (typeof type !== 'string' || !status || status < 400 || status >= 500) {
    next(error);
    return;
  }
  if (status === 413) {
    const limit = `${MAX_BODY_BYTES / 1000} kB`;
    res
      .status(413)
      .json(httpErrorBody(`The request body is larger than ${limit}`, ErrorCode.PAYLOAD_TOO_LARGE));
    return;
  }
  const described = type === 'entity.parse.failed' ? 'The request body is not valid JSON' : message;
  res.status(status).json(httpErrorBody(described, 'BAD_REQUEST'));
};

/**
 * Who a request counts against, once its token is verified: the token's subject, else (anonymous)
 * the IP address (IPv6 by /56 network, so one host cannot rotate through its addresses). A header
 * that is not a valid token never gets this far (401), so made-up tokens are not new callers.
 */
export interface Caller {
  key: string;
  anonymous: boolean;
}

export function callerOf(identity: Identity | null, ip: string | undefined): Caller {
  return identity
    ? { key: `subject:${identity.subject}`, anonymous: false }
    : { key: `address:${ipKeyGenerator(ip ?? '')}`, anonymous: true };
}

/**
 * How many callers' worth of requests one IP address may send in all: a kommune's staff behind
 * one NAT address share it, while one host sending a fresh made-up token with each request
 * cannot get past it.
 */
export const IP_CEILING_FACTOR = 10;

/** The table of rate-limiter-flexible's PostgreSQL store (see the ScaleOut migration). */
const RATE_LIMIT_TABLE = 'rate_limit';

/**
 * A counter of `points` per `seconds` for each key: in this process's memory, or, given a pool,
 * in rate-limiter-flexible's PostgreSQL store, which every process on the database shares. Should
 * PostgreSQL fail, the store counts in memory meanwhile (its insurance limiter) rather than
 * refusing or letting everything through.
 */
function counter(
  pool: Pool | undefined,
  keyPrefix: string,
  points: number,
  seconds: number,
): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix, points, duration: seconds });
  if (!pool) return memory;
  return new RateLimiterPostgres({
    storeClient: pool,
    storeType: 'pool',
    tableName: RATE_LIMIT_TABLE,
    // The table comes with the migrations; the store would otherwise create it on its own.
    tableCreated: true,
    keyPrefix,
    points,
    duration: seconds,
    insuranceLimiter: memory,
  });
}

/**
 * express-rate-limit's counting, kept in rate-limiter-flexible's PostgreSQL store: `increment` is
 * the store's atomic upsert (a `penalty` that never refuses), so every process on the database
 * counts an address's requests together, while express-rate-limit still answers and sets the
 * headers.
 */
class SharedStore implements Store {
  readonly localKeys = false;
  private limiter: RateLimiterAbstract | undefined;

  constructor(
    private readonly pool: Pool,
    readonly prefix: string,
  ) {}

  init(options: RateLimitOptions): void {
    this.limiter = counter(
      this.pool,
      this.prefix,
      Number(options.limit),
      Math.ceil(options.windowMs / 1000),
    );
  }

  async increment(key: string) {
    const result = await this.limiter!.penalty(key, 1);
    return {
      totalHits: result.consumedPoints,
      resetTime: new Date(Date.now() + Math.max(0, result.msBeforeNext)),
    };
  }

  async decrement(key: string): Promise<void> {
    await this.limiter!.reward(key, 1);
  }

  async resetKey(key: string): Promise<void> {
    await this.limiter!.delete(key);
  }
}

/**
 * Limits each IP address to {@link IP_CEILING_FACTOR} × `perMinute` requests of any kind, before
 * the body is read or a token checked; none when 0. Beyond it, HTTP 429 `RATE_LIMITED` with
 * `RateLimit`/`RateLimit-Policy` (IETF draft 8) and `Retry-After` headers. Counted in this
 * process, or, given `shared`, in PostgreSQL for every process.
 */
export function addressLimiter(perMinute: number, shared?: Pool): RequestHandler[] {
  if (perMinute === 0) return [];
  const limit = perMinute * IP_CEILING_FACTOR;
  return [
    rateLimit({
      windowMs: 60_000,
      limit,
      identifier: 'address',
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      ...(shared ? { store: new SharedStore(shared, 'address') } : {}),
      keyGenerator: (req: Request) => `ip:${ipKeyGenerator(req.ip ?? '')}`,
      message: httpErrorBody(
        `Too many requests from this address: at most ${limit} a minute. Try again later.`,
        ErrorCode.RATE_LIMITED,
      ),
    }),
  ];
}

/**
 * Before the body is read: verifies the token, works out the caller, and counts the request
 * against them (see {@link CallerLimits.chargeRequest}). A refusal (401 for a bad token, 429) is
 * answered here, as cheaply as can be; otherwise the identity and caller wait in `res.locals`
 * for the GraphQL context.
 */
export function callerGate(
  verifyToken: TokenVerifier,
  limits: CallerLimits | undefined,
): RequestHandler {
  return async (req, res, next) => {
    try {
      const identity = await verifyToken(req.headers.authorization);
      const caller = callerOf(identity, req.ip);
      await limits?.chargeRequest(caller);
      res.locals.identity = identity;
      res.locals.caller = caller;
      next();
    } catch (error) {
      if (!(error instanceof GraphQLError)) return next(error);
      const http = error.extensions.http as
        { status?: number; headers?: Map<string, string> } | undefined;
      for (const [name, value] of http?.headers ?? []) res.setHeader(name, value);
      const code = String(error.extensions.code ?? 'BAD_REQUEST');
      res.status(http?.status ?? 400).json(httpErrorBody(error.message, code));
    }
  };
}

/** What a caller may spend per minute (see `RATE_LIMIT_PER_MINUTE` and the budgets in config). */
export interface CallerLimitSettings {
  /** Requests per caller per minute (with RATE_LIMIT_PER_MINUTE at 0 there are no CallerLimits). */
  requestsPerMinute: number;
  /** Cost points a signed-in caller may spend per minute. */
  costPerMinute: number;
  /** Cost points an anonymous caller (per address) may spend per minute. */
  anonymousCostPerMinute: number;
}

/** A refusal for too many requests or too much cost: HTTP 429 with `Retry-After`. */
function rateLimited(message: string, msBeforeNext: number, extensions: Record<string, unknown>) {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new GraphQLError(`${message} Try again in ${seconds} s.`, {
    extensions: {
      code: ErrorCode.RATE_LIMITED,
      ...extensions,
      http: { status: 429, headers: new Map([['retry-after', String(seconds)]]) },
    },
  });
}

/**
 * Each caller's requests and cost per minute, counted in this process's memory, or, given a pool
 * (`RATE_LIMIT_STORE=postgres`), in PostgreSQL, where every server process counts against the
 * same budget. Cost is charged as GitHub charges points: an operation takes what
 * {@link operationCost} says it may cost, before it runs.
 */
export class CallerLimits {
  private readonly requests: RateLimiterAbstract;
  private readonly cost: RateLimiterAbstract;
  private readonly anonymousCost: RateLimiterAbstract;

  constructor(
    readonly settings: CallerLimitSettings,
    shared?: Pool,
  ) {
    this.requests = counter(shared, 'requests', settings.requestsPerMinute, 60);
    this.cost = counter(shared, 'cost', settings.costPerMinute, 60);
    this.anonymousCost = counter(shared, 'anonymous_cost', settings.anonymousCostPerMinute, 60);
  }

  /**
   * Counts one request for the caller, or throws `RATE_LIMITED`: as soon as the token is
   * verified, so that requests refused later (invalid, over the cost limit) count too.
   */
  async chargeRequest(caller: Caller): Promise<void> {
    const { requestsPerMinute } = this.settings;
    await this.requests.consume(caller.key, 1).catch((refusal: unknown) => {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      throw rateLimited(
        `Too many requests: at most ${requestsPerMinute} a minute.`,
        refusal.msBeforeNext,
        {},
      );
    });
  }

  /** Takes an operation's cost from the caller's budget, or throws `RATE_LIMITED`. */
  async chargeCost(caller: Caller, cost: number): Promise<void> {
    const [budget, limiter] = caller.anonymous
      ? [this.settings.anonymousCostPerMinute, this.anonymousCost]
      : [this.settings.costPerMinute, this.cost];
    await limiter.consume(caller.key, Math.max(1, cost)).catch((refusal: unknown) => {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      throw rateLimited(
        `This request costs ${cost} points, more than is left of the budget of ${budget} a minute` +
          `${caller.anonymous ? ' for anonymous callers (sign in for more)' : ''}.`,
        refusal.msBeforeNext,
        { cost, budget },
      );
    });
  }
}

/**
 * Slots for expensive operations (cost from {@link COST_LIMITS}.expensive): at most `slots` run at
 * once, so that they cannot take every database connection and cheap requests and `/readyz` keep
 * answering. Others wait their turn, up to `maxWaiting` of them for at most `maxWaitMs`; beyond
 * that, HTTP 503 `SERVER_BUSY` with `Retry-After`.
 */
export class ExpensiveWork {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly slots: number,
    readonly maxWaiting = 20,
    readonly maxWaitMs = 10_000,
  ) {}

  /** How many operations wait for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Waits for a slot; call the returned function when the work is done. */
  async acquire(): Promise<() => void> {
    if (this.running >= this.slots) {
      if (this.waiting.length >= this.maxWaiting) throw busy();
      await new Promise<void>((resolve, reject) => {
        const turn = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(turn), 1);
          reject(busy());
        }, this.maxWaitMs);
        this.waiting.push(turn);
      });
    } else {
      this.running += 1;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next in line, or is freed.
      if (next) next();
      else this.running -= 1;
    };
  }
}

function busy() {
  return new GraphQLError('The server is busy with expensive requests. Try again shortly.', {
    extensions: {
      code: ErrorCode.SERVER_BUSY,
      http: { status: 503, headers: new Map([['retry-after', '5']]) },
    },
  });
}

/**
 * Checks and charges each operation's cost (see `query-cost.ts`) after validation, before any
 * field runs: an operation over the caller's limit per operation is refused as
 * `GRAPHQL_VALIDATION_FAILED` with `extensions.limit: "cost"`; the cost is charged to the
 * caller's budget ({@link CallerLimits.chargeCost}, HTTP only); an expensive one waits for a slot
 * ({@link ExpensiveWork}).
 */
export function costControl(options: {
  limits?: CallerLimits;
  expensive?: ExpensiveWork;
}): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let release: (() => void) | undefined;
      return {
        async didResolveOperation({ request, document, schema, contextValue }) {
          const cost = operationCost(schema, document, request.operationName, request.variables);
          const anonymous = !contextValue.access.signedIn;
          const limit = anonymous ? COST_LIMITS.perAnonymousOperation : COST_LIMITS.perOperation;
          if (cost > limit) {
            const shown = Number.isFinite(cost) ? String(cost) : 'more';
            throw new GraphQLError(
              `Query cost limit of ${limit}${anonymous ? ' for anonymous callers' : ''} exceeded, found ${shown}.`,
              {
                extensions: {
                  code: 'GRAPHQL_VALIDATION_FAILED',
                  limit: 'cost',
                  ...(Number.isFinite(cost) ? { cost } : {}),
                  http: { status: 400 },
                },
              },
            );
          }
          if (options.limits && contextValue.caller) {
            await options.limits.chargeCost(contextValue.caller, cost);
          }
          if (options.expensive && cost >= COST_LIMITS.expensive) {
            release = await options.expensive.acquire();
          }
        },
        async willSendResponse() {
          release?.();
        },
      };
    },
  };
}
