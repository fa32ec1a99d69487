import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has defaults that run the demo network', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000,
      nodeEnv: 'development',
      seedOnStart: true,
      embeddedPgPort: 54329,
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve('.data'));
  });

  it('reads the environment', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/erfaringsnet',
      MEILI_HOST: 'http://meili:7700',
      MEILI_API_KEY: 'key',
      SEED_ON_START: 'false',
      NODE_ENV: 'production',
      AUTH_SECRET: 's'.repeat(32),
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://u:p@db:5432/erfaringsnet',
      meiliHost: 'http://meili:7700',
      seedOnStart: false,
      nodeEnv: 'production',
      logLevel: 'info',
    });
  });

  it('runs one process counting limits in memory unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({
      webConcurrency: 1,
      rateLimitStore: 'memory',
      databaseReplicaUrls: [],
    });
    // Several processes share their limits in PostgreSQL, unless the store is set.
    expect(loadConfig({ WEB_CONCURRENCY: '3' })).toMatchObject({
      webConcurrency: 3,
      rateLimitStore: 'postgres',
    });
    expect(loadConfig({ WEB_CONCURRENCY: '3', RATE_LIMIT_STORE: 'memory' }).rateLimitStore).toBe(
      'memory',
    );
    expect(loadConfig({ WEB_CONCURRENCY: '0' }).webConcurrency).toBe(1);
    expect(
      loadConfig({
        DATABASE_URL: 'postgres://u:p@primary/e',
        DATABASE_REPLICA_URLS: ' postgres://u:p@r1/e, postgresql://u:p@r2/e ,',
      }).databaseReplicaUrls,
    ).toEqual(['postgres://u:p@r1/e', 'postgresql://u:p@r2/e']);
  });

  it('keeps up to 10 connections to PostgreSQL per process unless told otherwise', () => {
    expect(loadConfig({}).databasePoolSize).toBe(10);
    expect(loadConfig({ DATABASE_POOL_SIZE: '12' }).databasePoolSize).toBe(12);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '1' })).toThrow(
      /DATABASE_POOL_SIZE must be 2 or more, got "1"/,
    );
    expect(() => loadConfig({ DATABASE_POOL_SIZE: 'lots' })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it('refuses replicas without a primary, bad replica URLs and unknown stores', () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://u:p@r1/e' })).toThrow(
      /DATABASE_REPLICA_URLS needs DATABASE_URL/,
    );
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgres://u:p@primary/e', DATABASE_REPLICA_URLS: 'mysql://r' }),
    ).toThrow(/DATABASE_REPLICA_URLS must be postgres/);
    expect(() => loadConfig({ RATE_LIMIT_STORE: 'redis' })).toThrow(/RATE_LIMIT_STORE must be/);
    expect(() => loadConfig({ WEB_CONCURRENCY: 'many' })).toThrow(/WEB_CONCURRENCY/);
  });

  it('refuses to start with a list of every problem', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        NODE_ENV: 'staging',
        SEED_ON_START: 'maybe',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'NODE_ENV', 'SEED_ON_START'])
      expect(problems).toContain(name);
  });

  it('needs a way to check tokens in production, and a complete OIDC issuer', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET or an OIDC issuer/);
    expect(() => loadConfig({ AUTH_SECRET: 'short' })).toThrow(/at least 32 characters/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        AUTH_ISSUER: 'https://idp.example',
        AUTH_AUDIENCE: 'erfaringsnet',
        AUTH_JWKS_URL: 'http://idp.example/jwks',
      }),
    ).toThrow(/https:\/\/ URL in production/);
    expect(() => loadConfig({ AUTH_ISSUER: 'https://idp.example' })).toThrow(
      /missing AUTH_AUDIENCE, AUTH_JWKS_URL/,
    );
    expect(
      loadConfig({
        NODE_ENV: 'production',
        AUTH_ISSUER: 'https://idp.example',
        AUTH_AUDIENCE: 'erfaringsnet',
        AUTH_JWKS_URL: 'https://idp.example/jwks',
      }),
    ).toMatchObject({ authIssuer: 'https://idp.example', authAudience: 'erfaringsnet' });
  });

  it("reads the web app's OIDC client: id, scopes (a default) and resource, only with an issuer", () => {
    const issuer = {
      AUTH_ISSUER: 'https://idp.example',
      AUTH_AUDIENCE: 'erfaringsnet',
      AUTH_JWKS_URL: 'https://idp.example/jwks',
    };
    expect(loadConfig(issuer)).toMatchObject({
      authWebClientId: undefined,
      authWebScope: 'openid profile',
      authWebResource: undefined,
    });
    expect(
      loadConfig({
        ...issuer,
        AUTH_WEB_CLIENT_ID: 'erfaringsnet-web',
        AUTH_WEB_SCOPE: 'openid profile offline_access',
        AUTH_WEB_RESOURCE: 'urn:erfaringsnet:api',
      }),
    ).toMatchObject({
      authWebClientId: 'erfaringsnet-web',
      authWebScope: 'openid profile offline_access',
      authWebResource: 'urn:erfaringsnet:api',
    });
    expect(() => loadConfig({ AUTH_WEB_CLIENT_ID: 'erfaringsnet-web' })).toThrow(
      /AUTH_WEB_CLIENT_ID needs an OIDC issuer/,
    );
    expect(() => loadConfig({ ...issuer, AUTH_WEB_RESOURCE: 'api' })).toThrow(
      /AUTH_WEB_RESOURCE must be an absolute URI/,
    );
    expect(() => loadConfig({ ...issuer, AUTH_WEB_RESOURCE: 'https://api.example/#x' })).toThrow(
      /AUTH_WEB_RESOURCE must be an absolute URI/,
    );
  });

  it('reads the abuse limits: defaults, 0 turns one off, anything else is refused', () => {
    expect(loadConfig({})).toMatchObject({ statementTimeoutMs: 15_000, rateLimitPerMinute: 600 });
    expect(loadConfig({ STATEMENT_TIMEOUT_MS: '0', RATE_LIMIT_PER_MINUTE: '0' })).toMatchObject({
      statementTimeoutMs: 0,
      rateLimitPerMinute: 0,
    });
    expect(() => loadConfig({ STATEMENT_TIMEOUT_MS: '-1', RATE_LIMIT_PER_MINUTE: '1.5' })).toThrow(
      /STATEMENT_TIMEOUT_MS[\s\S]*RATE_LIMIT_PER_MINUTE/,
    );
  });

  it('reads the cost budgets and the slots for expensive work', () => {
    expect(loadConfig({})).toMatchObject({
      costBudgetPerMinute: 100_000,
      anonymousCostBudgetPerMinute: 10_000,
      maxConcurrentExpensive: os.availableParallelism(),
    });
    expect(
      loadConfig({
        COST_BUDGET_PER_MINUTE: '5000',
        ANONYMOUS_COST_BUDGET_PER_MINUTE: '500',
        MAX_CONCURRENT_EXPENSIVE: '1',
      }),
    ).toMatchObject({
      costBudgetPerMinute: 5000,
      anonymousCostBudgetPerMinute: 500,
      maxConcurrentExpensive: 1,
    });
    expect(() => loadConfig({ COST_BUDGET_PER_MINUTE: 'lots' })).toThrow(/COST_BUDGET_PER_MINUTE/);
  });

  it('reads which proxies to trust: none by default, a hop count, true, or addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe(
      'loopback, 10.0.0.0/8',
    );
  });
});
