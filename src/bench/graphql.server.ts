import 'reflect-metadata';
import { startApp } from '../app';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { serveInChild } from './child';

/**
 * The GraphQL server as production runs it (`startApp`: migrations, search engine, token checks,
 * Apollo on Express), in a process of its own for the benches: DATABASE_URL and AUTH_SECRET come
 * from the bench, the rate limit is off, and only warnings and errors are logged.
 */
serveInChild(async () => {
  // Without it the server would start an embedded PostgreSQL of its own in ./.data.
  if (!process.env.DATABASE_URL) throw new Error('graphql.server needs DATABASE_URL');
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    RATE_LIMIT_PER_MINUTE: '0',
    SEED_ON_START: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const app = await startApp(config, createLogger(config.logLevel));
  return { url: app.server.url, stop: () => app.stop() };
});
