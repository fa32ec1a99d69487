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
}

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
  const meiliHost = env.MEILI_HOST || undefined;
  if (meiliHost && !/^https?:\/\//.test(meiliHost)) {
    problems.push('MEILI_HOST must be an http:// or https:// URL');
  }
  const logLevel = env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info');
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const config: Config = {
    nodeEnv,
    port: parsePort('PORT', env.PORT, 4000, problems),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || './.data'),
    embeddedPgPort: parsePort('EMBEDDED_PG_PORT', env.EMBEDDED_PG_PORT, 54329, problems),
    meiliHost,
    meiliApiKey: env.MEILI_API_KEY || undefined,
    logLevel,
    seedOnStart: parseBoolean('SEED_ON_START', env.SEED_ON_START, true, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
