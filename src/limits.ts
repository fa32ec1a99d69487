import { createHash } from 'node:crypto';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerOptions, BaseContext } from '@apollo/server';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { GraphQLFormattedError, ValidationContext } from 'graphql';
import { GraphQLError } from 'graphql';
import { ErrorCode } from './common/errors';

/**
 * How large and costly one GraphQL operation may be. Measured against every query in the tests
 * and the README: the largest reach depth 8, 6 aliases, 129 tokens and a cost of 1,693.
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
  /**
   * graphql-armor's estimate: 1 per scalar, 2 per object, children weigh 1.5× per level, and
   * a connection multiplies by its `first`. One page of 100 with a nested list costs about
   * 8,000; the README's kommune overview 1,693. Two nested connections (e.g. 100 kommuner with
   * 20 people each, 88,000) are refused: page through them instead.
   */
  cost: 10_000,
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
 * aliases, directives and cost, graphql-js's own token limit, and, in production, no "Did you
 * mean …" suggestions that would spell out the schema introspection hides.
 */
export function queryLimits(
  production: boolean,
): Pick<ApolloServerOptions<BaseContext>, 'plugins' | 'validationRules' | 'parseOptions'> {
  const { plugins, validationRules } = new ApolloArmor({
    blockFieldSuggestion: { enabled: production },
    maxDepth: reportAs('depth'),
    maxAliases: reportAs('aliases'),
    maxDirectives: reportAs('directives'),
    costLimit: { ...reportAs('cost'), maxCost: QUERY_LIMITS.cost },
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
 * Whose quota a request counts against: the bearer token when there is one (its SHA-256: the
 * token is neither verified here nor kept), else the IP address (IPv6 by /56 network, so one host
 * cannot rotate through its addresses).
 */
export function rateLimitKey(req: Pick<Request, 'headers' | 'ip'>): string {
  const authorization = req.headers.authorization;
  if (authorization) return `token:${createHash('sha256').update(authorization).digest('hex')}`;
  return `ip:${ipKeyGenerator(req.ip ?? '')}`;
}

/**
 * How many callers' worth of requests one IP address may send in all: a kommune's staff behind
 * one NAT address share it, while one host sending a fresh made-up token with each request (each
 * a new caller to {@link rateLimitKey}) cannot get past it.
 */
export const IP_CEILING_FACTOR = 10;

/**
 * Limits each caller (see {@link rateLimitKey}) to `perMinute` requests, and each IP address to
 * {@link IP_CEILING_FACTOR} times that; none when 0. Beyond either, HTTP 429 `RATE_LIMITED` with
 * `RateLimit`/`RateLimit-Policy` (IETF draft 8) and `Retry-After` headers. The counts live in
 * this process's memory: with several instances, each counts on its own.
 */
export function rateLimiter(perMinute: number): RequestHandler[] {
  if (perMinute === 0) return [];
  const limiter = (limit: number, keyGenerator: (req: Request) => string, identifier: string) =>
    rateLimit({
      windowMs: 60_000,
      limit,
      identifier,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator,
      message: httpErrorBody(
        `Too many requests: at most ${limit} a minute. Try again later.`,
        ErrorCode.RATE_LIMITED,
      ),
    });
  return [
    limiter(
      perMinute * IP_CEILING_FACTOR,
      (req) => `ip:${ipKeyGenerator(req.ip ?? '')}`,
      'address',
    ),
    limiter(perMinute, rateLimitKey, 'caller'),
  ];
}
