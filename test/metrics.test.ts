import pino from 'pino';
import { createTokenVerifier } from '../src/auth/tokens';
import { PostgresSearchIndex } from '../src/search/postgres.engine';
import { startServer } from '../src/server';
import type { RunningServer } from '../src/server';
import { testSchema, useTestApi } from './support/api';

/** `/metrics`: what the server does, in Prometheus' text format; closed in production. */
describe('metrics', () => {
  const t = useTestApi('seeded');
  const start = async (nodeEnv: 'development' | 'production', metricsToken?: string) =>
    startServer({
      config: { port: 0, host: '127.0.0.1', nodeEnv, rateLimitPerMinute: 2, metricsToken },
      orm: t.db.orm,
      schema: await testSchema(),
      logger: pino({ level: 'silent' }),
      searchIndex: (em) => new PostgresSearchIndex(em),
      verifyToken: createTokenVerifier({ secret: 'x'.repeat(32) }),
    });
  const post = (server: RunningServer, body: object) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('counts operations by name, errors by code, refusals, the pool and the outbox', async () => {
    const server = await start('development');
    try {
      await post(server, { query: 'query Kommuner { kommuner { totalCount } }' });
      await post(server, { query: '{ kommune(id: "nope") { name } }' });
      expect((await post(server, { query: '{ __typename }' })).status).toBe(429);
      const response = await fetch(`${server.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(text).toMatch(
        /erfaringsnet_graphql_request_duration_seconds_count\{operation="Kommuner",type="query"\} 1/,
      );
      expect(text).toMatch(/erfaringsnet_graphql_errors_total\{code="[A-Z_]+"\} 1/);
      expect(text).toMatch(/erfaringsnet_http_refusals_total\{status="429"\} 1/);
      expect(text).toMatch(/erfaringsnet_db_pool_connections\{state="used"\} \d+/);
      expect(text).toMatch(/erfaringsnet_search_outbox_backlog \d+/);
      expect(text).toMatch(/erfaringsnet_search_outbox_lag_seconds [\d.e+-]+/);
      expect(text).toMatch(/erfaringsnet_process_cpu_seconds_total/);
    } finally {
      await server.stop();
    }
  });

  it('is off in production without a token, and asks for the token when there is one', async () => {
    const closed = await start('production');
    const guarded = await start('production', 'metrics-secret');
    try {
      expect((await fetch(`${closed.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${guarded.url}/metrics`, {
        headers: { authorization: 'Bearer guess' },
      });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${guarded.url}/metrics`, {
        headers: { authorization: 'Bearer metrics-secret' },
      });
      expect(right.status).toBe(200);
    } finally {
      await closed.stop();
      await guarded.stop();
    }
  });
});
