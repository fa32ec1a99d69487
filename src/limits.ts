import { hash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError, ValidationContext } from 'graphql';
import { GraphQLError } from 'graphql';
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Identity } from './auth/identity';
import type { TokenVerifier } from './auth/tokens';
import type { Context } from './common/context';
import { ErrorCode } from './common/errors';
import { COST_LIMITS, OperationCosts } from './query-cost';

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
 * aliases and directives, and graphql-js's own token limit. The cost is checked after validation,
 * by {@link costControl}.
 */
export function queryLimits(): Pick<
  ApolloServerOptions<BaseContext>,
  'plugins' | 'validationRules' | 'parseOptions'
> {
  const { plugins, validationRules } = new ApolloArmor({
    // In production the error formatter cuts every "Did you mean …" (see createErrorFormatter),
    // so graphql-armor's plugin for them would only add a hook to every request.
    blockFieldSuggestion: { enabled: false },
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
    : { key: `address:${addressKey(ip ?? '')}`, anonymous: true };
}

/**
 * The address a request counts against: an IPv4 address as it is; an IPv6 address by its /56
 * network (what one customer is typically given), and one that embeds an IPv4 address as that
 * address. The same keys as express-rate-limit's `ipKeyGenerator`, which counted them before, so
 * processes of both versions share the counts of one address during a rolling restart.
 */
export function addressKey(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const address = ip.replace(/%.*$/, '');
  // The WHATWG URL parser spells IPv6 canonically (RFC 5952): lower case, `::` for the first
  // longest run of zero groups, never dotted.
  const canonical = (groups: string) => new URL(`http://[${groups}]`).hostname.slice(1, -1);
  const [head, tail] = canonical(address).split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const value = groups.map((group) => parseInt(group, 16));
  const zeros = (count: number) => value.slice(0, count).every((group) => group === 0);
  // IPv4-mapped (`::ffff:a.b.c.d`), or IPv4-compatible when written as such (`::a.b.c.d`).
  if ((zeros(5) && value[5] === 0xffff) || (zeros(6) && address.includes('.'))) {
    return [value[6] >> 8, value[6] & 0xff, value[7] >> 8, value[7] & 0xff].join('.');
  }
  const network = [value[0], value[1], value[2], value[3] & 0xff00, 0, 0, 0, 0];
  return `${canonical(network.map((group) => group.toString(16)).join(':'))}/56`;
}

/**
 * How many callers' worth of requests one IP address may send in all: a kommune's staff behind
 * one NAT address share it, while one host sending a fresh made-up token with each request
 * cannot get past it.
 */
export const IP_CEILING_FACTOR = 10;

/** The table of rate-limiter-flexible's PostgreSQL store (see the ScaleOut migration). */
const RATE_LIMIT_TABLE = 'rate_limit';

/** The window of every rate limit and budget, in seconds. */
const WINDOW_SECONDS = 60;

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

/** A refusal answered before GraphQL runs: its status, headers and GraphQL-shaped body. */
export interface HttpRefusal {
  status: number;
  headers: [string, string][];
  body: { errors: GraphQLFormattedError[] };
}

/** What {@link AddressLimits.charge} found: the headers for the answer, and a refusal if over. */
export interface AddressCharge {
  headers: [string, string][];
  refusal?: HttpRefusal;
}

/**
 * Limits each IP address to {@link IP_CEILING_FACTOR} × `perMinute` requests of any kind, before
 * the body is read or a token checked. Every answer says how many are left in `RateLimit` and
 * `RateLimit-Policy` (IETF draft 8, policy "address"); beyond the limit, HTTP 429 `RATE_LIMITED`
 * with `Retry-After`. Counted in this process, or, given `shared`, in PostgreSQL for every process
 * (rate-limiter-flexible, as {@link CallerLimits}).
 */
export class AddressLimits {
  readonly limit: number;
  private readonly counter: RateLimiterAbstract;
  private readonly message: string;

  constructor(perMinute: number, shared?: Pool) {
    this.limit = perMinute * IP_CEILING_FACTOR;
    this.counter = counter(shared, 'address', this.limit, WINDOW_SECONDS);
    this.message = `Too many requests from this address: at most ${this.limit} a minute. Try again later.`;
  }

  /** Counts one request from `ip` (the client's address, see `TRUST_PROXY`). */
  async charge(ip: string | undefined): Promise<AddressCharge> {
    const key = `ip:${addressKey(ip ?? '')}`;
    let result: RateLimiterRes;
    let refused = false;
    try {
      result = await this.counter.consume(key, 1);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      result = refusal;
      refused = true;
    }
    const remaining = Math.max(this.limit - result.consumedPoints, 0);
    const reset = Math.max(0, Math.ceil(result.msBeforeNext / 1000));
    const policy = `q=${this.limit}; w=${WINDOW_SECONDS}; pk=:${partitionKey(key)}:`;
    const headers: [string, string][] = [
      ['ratelimit', `"address"; r=${remaining}; t=${reset}`],
      ['ratelimit-policy', `"address"; ${policy}`],
    ];
    if (!refused) return { headers };
    return {
      headers,
      refusal: {
        status: 429,
        headers: [['retry-after', String(reset)]],
        body: httpErrorBody(this.message, ErrorCode.RATE_LIMITED),
      },
    };
  }
}

/**
 * The partition key of a `RateLimit-Policy` (draft 8): names the counter without spelling out
 * the address, as express-rate-limit did (the first 12 hex digits of its SHA-256, in base64).
 */
function partitionKey(key: string): string {
  const digest = hash('sha256', key, 'hex').slice(0, 12);
  return Buffer.from(digest).toString('base64');
}

/** The caller of a request that may go on, once {@link admitCaller} let it. */
export interface Admitted {
  identity: Identity | null;
  caller: Caller;
}

/**
 * Before the body is read: verifies the token, works out the caller, and counts the request
 * against them (see {@link CallerLimits.chargeRequest}), as cheaply as can be. Throws the refusal
 * as a `GraphQLError` (401 for a bad token, 429); see {@link refusalOf}.
 */
export async function admitCaller(
  verifyToken: TokenVerifier,
  limits: CallerLimits | undefined,
  authorization: string | undefined,
  ip: string | undefined,
): Promise<Admitted> {
  const identity = await verifyToken(authorization);
  const caller = callerOf(identity, ip);
  await limits?.chargeRequest(caller);
  return { identity, caller };
}

/** The HTTP answer to a refusal thrown before GraphQL runs: status and headers of `extensions.http`. */
export function refusalOf(error: GraphQLError): HttpRefusal {
  const http = error.extensions.http as
    { status?: number; headers?: Map<string, string> } | undefined;
  return {
    status: http?.status ?? 400,
    headers: [...(http?.headers ?? [])],
    body: httpErrorBody(error.message, String(error.extensions.code ?? 'BAD_REQUEST')),
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
    this.requests = counter(shared, 'requests', settings.requestsPerMinute, WINDOW_SECONDS);
    this.cost = counter(shared, 'cost', settings.costPerMinute, WINDOW_SECONDS);
    this.anonymousCost = counter(
      shared,
      'anonymous_cost',
      settings.anonymousCostPerMinute,
      WINDOW_SECONDS,
    );
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
 * Checks and charges each operation's cost (see `query-cost.ts`, remembered by
 * {@link OperationCosts}) after validation, before any field runs: an operation over the
 * caller's limit per operation is refused as `GRAPHQL_VALIDATION_FAILED` with
 * `extensions.limit: "cost"`; the cost is charged to the caller's budget
 * ({@link CallerLimits.chargeCost}, HTTP only); an expensive one waits for a slot
 * ({@link ExpensiveWork}).
 */
export function costControl(options: {
  limits?: CallerLimits;
  expensive?: ExpensiveWork;
}): ApolloServerPlugin<Context> {
  // Remembered per schema: the same document, name and variables always cost the same.
  let costs: OperationCosts | undefined;
  return {
    async requestDidStart() {
      let release: (() => void) | undefined;
      return {
        async didResolveOperation({ request, document, queryHash, schema, contextValue }) {
          if (costs?.schema !== schema) costs = new OperationCosts(schema);
          const cost = costs.cost(queryHash, document, request.operationName, request.variables);
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
