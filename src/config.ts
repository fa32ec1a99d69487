import os from 'node:os';
import path from 'node:path';

/** The server's configuration, read once from the environment and validated at start-up. */
export interface Config {
  /** `development`, `test` or `production`; production turns off introspection and verbose errors. */
  nodeEnv: 'development' | 'test' | 'production';
  /** HTTP port of the GraphQL server. */
  port: number;
  /** Host name or address the HTTP server binds to. */
  host: string;
  /** An external PostgreSQL server; when unset, an embedded PostgreSQL is started. */
  databaseUrl?: string;
  /**
   * Streaming replicas of `databaseUrl` that serve GraphQL queries (mutations, and a caller's
   * queries until the replica has replayed that caller's last mutation, use the primary).
   */
  databaseReplicaUrls: string[];
  /**
   * How many server processes to run (node:cluster): 1 runs the server in this process; more
   * start a primary that prepares the database once and forks that many workers on one port.
   */
  webConcurrency: number;
  /**
   * Where rate limits and cost budgets are counted: `memory` (this process only) or `postgres`
   * (shared by every process on the database). Default: `postgres` with more than one process
   * (`WEB_CONCURRENCY` over 1), else `memory`; set `postgres` for several machines.
   */
  rateLimitStore: 'memory' | 'postgres';
  /** Where the embedded PostgreSQL keeps its data between runs. */
  dataDir: string;
  /** TCP port of the embedded PostgreSQL (only used without `databaseUrl`). */
  embeddedPgPort: number;
  /** Meilisearch host; unset means the built-in PostgreSQL search engine. */
  meiliHost?: string;
  /** Meilisearch API key. */
  meiliApiKey?: string;
  /** Log level for pino (`fatal` … `trace`, or `silent`). */
  logLevel: string;
  /** Seed the demo network when the database is empty at start-up. */
  seedOnStart: boolean;
  /**
   * Secret for local HS256 tokens (`npm run token`). Without it and without an OIDC issuer, a
   * development server keeps a generated one in `dataDir/auth-secret`; production needs one of them.
   */
  authSecret?: string;
  /**
   * Key of the erasure tombstones (HMAC-SHA-256 over an erased person's external id and e-mail,
   * so that imports do not create them again). Without it a generated one is kept in
   * `dataDir/erasure-key`; several server instances, or a server and the import command on
   * another machine, must share one. Never change it: erased people would come back.
   */
  erasureKey?: string;
  /** OIDC issuer (`iss`) whose tokens are accepted, e.g. an OS2faktor installation. */
  authIssuer?: string;
  /** The audience (`aud`) OIDC tokens must be meant for. */
  authAudience?: string;
  /** The OIDC issuer's JSON Web Key Set URL. */
  authJwksUrl?: string;
  /**
   * The web app's client id at the OIDC issuer: a public client (no secret) that signs in with the
   * authorization code flow and PKCE, redirecting back to `/log-ind/retur`. Without it, a server
   * with an issuer has no sign-in in the web app.
   */
  authWebClientId?: string;
  /** The scopes the web app asks the issuer for. */
  authWebScope: string;
  /**
   * The resource indicator (RFC 8707) the web app asks its access token for, when the issuer
   * needs one to issue a token for this API (`AUTH_AUDIENCE`); unset, none is sent.
   */
  authWebResource?: string;
  /**
   * How long one SQL statement of the GraphQL server may run before PostgreSQL stops it, in
   * milliseconds (0: no limit). Scripts (seed, reindex) and migrations are not limited.
   */
  statementTimeoutMs: number;
  /**
   * How many connections each server process keeps to PostgreSQL at most (and to each replica):
   * with several processes, or several machines, their sum must stay within the database's
   * `max_connections`. (On this project's 2-core bench machine, 4, 6, 8 and 10 gave the same
   * throughput within the runs' noise.)
   */
  databasePoolSize: number;
  /**
   * GraphQL requests one caller (a verified token's subject, else the IP address) may make per
   * minute; one address may send ten times that in all. 0 turns every rate limit off.
   */
  rateLimitPerMinute: number;
  /** Cost points (see `query-cost.ts`) a signed-in caller may spend per minute. */
  costBudgetPerMinute: number;
  /** Cost points an anonymous caller, counted by IP address, may spend per minute. */
  anonymousCostBudgetPerMinute: number;
  /** How many expensive operations may run at once in this process; others wait their turn. */
  maxConcurrentExpensive: number;
  /**
   * Bearer token that `/metrics` asks for. Unset, the metrics are open outside production and
   * off in production.
   */
  metricsToken?: string;
  /**
   * Which proxies in front of the server to believe about the client's address (Express's
   * `trust proxy`: a hop count, `loopback`, addresses or subnets); `false` believes none, so
   * behind a reverse proxy every caller would share the proxy's address and its rate limit.
   */
  trustProxy: boolean | number | string;
}

/** The cost budgets when none is configured (see `COST_BUDGET_PER_MINUTE`). */
export const COST_BUDGET_DEFAULTS = {
  costBudgetPerMinute: 100_000,
  anonymousCostBudgetPerMinute: 10_000,
} as const;

/** The scopes the web app asks an OIDC issuer for when `AUTH_WEB_SCOPE` is unset. */
export const AUTH_WEB_SCOPE_DEFAULT = 'openid profile';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Raised when the environment cannot be turned into a valid {@link Config}; lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

function parsePort(name: string, raw: string | undefined, fallback: number, problems: string[]) {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    problems.push(`${name} must be a port number between 0 and 65535, got "${raw}"`);
    return fallback;
  }
  return value;
}

function parseCount(name: string, raw: string | undefined, fallback: number, problems: string[]) {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    problems.push(`${name} must be a whole number, 0 or more, got "${raw}"`);
    return fallback;
  }
  return value;
}

function parseTrustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw.trim() === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

function parseBoolean(
  name: string,
  raw: string | undefined,
  fallback: boolean,
  problems: string[],
) {
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  problems.push(`${name} must be true or false, got "${raw}"`);
  return fallback;
}

/** Reads and validates the configuration; throws a {@link ConfigError} naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const nodeEnv = (env.NODE_ENV ?? 'development') as Config['nodeEnv'];
  if (!['development', 'test', 'production'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, test or production, got "${env.NODE_ENV}"`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const databaseReplicaUrls = (env.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  for (const url of databaseReplicaUrls) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      problems.push(
        'DATABASE_REPLICA_URLS must be postgres:// or postgresql:// URLs, comma-separated',
      );
      break;
    }
  }
  if (databaseReplicaUrls.length > 0 && !databaseUrl) {
    problems.push('DATABASE_REPLICA_URLS needs DATABASE_URL (the primary the replicas follow)');
  }
  const webConcurrency = Math.max(
    1,
    parseCount('WEB_CONCURRENCY', env.WEB_CONCURRENCY, 1, problems),
  );
  const databasePoolSize = parseCount('DATABASE_POOL_SIZE', env.DATABASE_POOL_SIZE, 10, problems);
  if (databasePoolSize < 2) {
    // One connection would be held by a mutation's transaction or the outbox worker's send while
    // every other request waits.
    problems.push(`DATABASE_POOL_SIZE must be 2 or more, got "${env.DATABASE_POOL_SIZE}"`);
  }
  const rateLimitStore = (env.RATE_LIMIT_STORE ||
    (webConcurrency > 1 ? 'postgres' : 'memory')) as Config['rateLimitStore'];
  if (!['memory', 'postgres'].includes(rateLimitStore)) {
    problems.push(`RATE_LIMIT_STORE must be memory or postgres, got "${env.RATE_LIMIT_STORE}"`);
  }
  const meiliHost = env.MEILI_HOST || undefined;
  if (meiliHost && !/^https?:\/\//.test(meiliHost)) {
    problems.push('MEILI_HOST must be an http:// or https:// URL');
  }
  const logLevel = env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info');
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const authSecret = env.AUTH_SECRET || undefined;
  if (authSecret && authSecret.length < 32) {
    problems.push('AUTH_SECRET must be at least 32 characters long');
  }
  const erasureKey = env.ERASURE_KEY || undefined;
  if (erasureKey && erasureKey.length < 32) {
    problems.push('ERASURE_KEY must be at least 32 characters long');
  }
  const oidc = {
    AUTH_ISSUER: env.AUTH_ISSUER || undefined,
    AUTH_AUDIENCE: env.AUTH_AUDIENCE || undefined,
    AUTH_JWKS_URL: env.AUTH_JWKS_URL || undefined,
  };
  const oidcSet = Object.values(oidc).filter(Boolean).length;
  if (oidcSet > 0 && oidcSet < 3) {
    const missing = Object.entries(oidc)
      .filter(([, value]) => !value)
      .map(([name]) => name);
    problems.push(
      `An OIDC issuer needs AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL; missing ${missing.join(', ')}`,
    );
  }
  if (oidc.AUTH_JWKS_URL && !/^https?:\/\//.test(oidc.AUTH_JWKS_URL)) {
    problems.push('AUTH_JWKS_URL must be an http:// or https:// URL');
  } else if (nodeEnv === 'production' && oidc.AUTH_JWKS_URL?.startsWith('http://')) {
    // Whoever can change the keys in transit can sign any token.
    problems.push('AUTH_JWKS_URL must be an https:// URL in production');
  }
  const authWebClientId = env.AUTH_WEB_CLIENT_ID || undefined;
  if (authWebClientId && !oidc.AUTH_ISSUER) {
    problems.push(
      'AUTH_WEB_CLIENT_ID needs an OIDC issuer (AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL)',
    );
  }
  const authWebResource = env.AUTH_WEB_RESOURCE || undefined;
  if (authWebResource && !/^[a-z][a-z0-9+.-]*:[^#]+$/i.test(authWebResource)) {
    problems.push(
      'AUTH_WEB_RESOURCE must be an absolute URI without a fragment, e.g. https://erfaringsnet.example/graphql',
    );
  }
  if (nodeEnv === 'production' && !authSecret && oidcSet === 0) {
    problems.push(
      'In production set AUTH_SECRET or an OIDC issuer (AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL)',
    );
  }
  const config: Config = {
    nodeEnv,
    port: parsePort('PORT', env.PORT, 4000, problems),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    databaseReplicaUrls,
    webConcurrency,
    rateLimitStore,
    dataDir: path.resolve(env.DATA_DIR || './.data'),
    embeddedPgPort: parsePort('EMBEDDED_PG_PORT', env.EMBEDDED_PG_PORT, 54329, problems),
    meiliHost,
    meiliApiKey: env.MEILI_API_KEY || undefined,
    logLevel,
    seedOnStart: parseBoolean('SEED_ON_START', env.SEED_ON_START, true, problems),
    authSecret,
    erasureKey,
    authIssuer: oidc.AUTH_ISSUER,
    authAudience: oidc.AUTH_AUDIENCE,
    authJwksUrl: oidc.AUTH_JWKS_URL,
    authWebClientId,
    authWebScope: env.AUTH_WEB_SCOPE?.trim() || AUTH_WEB_SCOPE_DEFAULT,
    authWebResource,
    statementTimeoutMs: parseCount(
      'STATEMENT_TIMEOUT_MS',
      env.STATEMENT_TIMEOUT_MS,
      15_000,
      problems,
    ),
    databasePoolSize,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    rateLimitPerMinute: parseCount(
      'RATE_LIMIT_PER_MINUTE',
      env.RATE_LIMIT_PER_MINUTE,
      600,
      problems,
    ),
    costBudgetPerMinute: parseCount(
      'COST_BUDGET_PER_MINUTE',
      env.COST_BUDGET_PER_MINUTE,
      COST_BUDGET_DEFAULTS.costBudgetPerMinute,
      problems,
    ),
    anonymousCostBudgetPerMinute: parseCount(
      'ANONYMOUS_COST_BUDGET_PER_MINUTE',
      env.ANONYMOUS_COST_BUDGET_PER_MINUTE,
      COST_BUDGET_DEFAULTS.anonymousCostBudgetPerMinute,
      problems,
    ),
    metricsToken: env.METRICS_TOKEN || undefined,
    maxConcurrentExpensive: Math.max(
      1,
      parseCount(
        'MAX_CONCURRENT_EXPENSIVE',
        env.MAX_CONCURRENT_EXPENSIVE,
        os.availableParallelism(),
        problems,
      ),
    ),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
