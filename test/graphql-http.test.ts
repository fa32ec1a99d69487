import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { ApolloServer, HeaderMap } from '@apollo/server';
import fc from 'fast-check';
import { parse } from 'graphql';
import pino from 'pino';
import { createTokenVerifier } from '../src/auth/tokens';
import type { TokenVerifier } from '../src/auth/tokens';
import type { Config } from '../src/config';
import { addressKey, IP_CEILING_FACTOR, MAX_BODY_BYTES } from '../src/limits';
import { COST_LIMITS, operationCost, OperationCosts } from '../src/query-cost';
import { PostgresSearchIndex } from '../src/search/postgres.engine';
import { startServer } from '../src/server';
import type { RunningServer } from '../src/server';
import { testSchema, useTestApi } from './support/api';

const COUNT = JSON.stringify({ query: '{ kommuner { totalCount } }' });

/**
 * Sends one request with exactly the given headers and body (fetch would add or refuse some),
 * and returns the status, headers and body of the answer.
 */
function send(
  url: string,
  options: {
    method?: string;
    path?: string;
    headers?: http.OutgoingHttpHeaders;
    body?: Buffer | string;
  },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        hostname,
        port,
        method: options.method ?? 'POST',
        path: options.path ?? '/graphql',
        headers: options.headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

const errorOf = (body: string) =>
  (JSON.parse(body) as { errors: { message: string; extensions: { code: string } }[] }).errors[0];

describe('GraphQL on plain node:http', () => {
  const t = useTestApi();
  const start = async (
    config: Partial<Config> = {},
    verifyToken: TokenVerifier = createTokenVerifier({ secret: 'x'.repeat(32) }),
  ) =>
    startServer({
      config: { port: 0, host: '127.0.0.1', nodeEnv: 'test', rateLimitPerMinute: 0, ...config },
      orm: t.db.orm,
      schema: await testSchema(),
      logger: pino({ level: 'silent' }),
      searchIndex: (em) => new PostgresSearchIndex(em),
      verifyToken,
    });
  let open: RunningServer;
  beforeAll(async () => {
    open = await start();
  });
  afterAll(() => open?.stop());

  const json = { 'content-type': 'application/json' };

  describe('reads the body as Express did', () => {
    const padded = (bytes: number) =>
      JSON.stringify({
        query: '{ kommuner { totalCount } }',
        variables: { pad: 'x'.repeat(bytes) },
      });
    const TOO_LARGE = {
      message: 'The request body is larger than 256 kB',
      extensions: { code: 'PAYLOAD_TOO_LARGE' },
    };

    it('refuses over 256 kB with 413 whether the length is announced, chunked or compressed', async () => {
      const fits = await send(open.url, { headers: json, body: padded(MAX_BODY_BYTES - 1_000) });
      expect(fits.status).toBe(200);
      const announced = await send(open.url, { headers: json, body: padded(MAX_BODY_BYTES) });
      const chunked = await send(open.url, {
        headers: { ...json, 'transfer-encoding': 'chunked' },
        body: padded(MAX_BODY_BYTES),
      });
      // A few hundred bytes that inflate past the limit (a "zip bomb") are counted inflated.
      const bomb = gzipSync(padded(MAX_BODY_BYTES));
      expect(bomb.length).toBeLessThan(2_000);
      const compressed = await send(open.url, {
        headers: { ...json, 'content-encoding': 'gzip' },
        body: bomb,
      });
      for (const answer of [announced, chunked, compressed]) {
        expect(answer.status).toBe(413);
        expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(JSON.parse(answer.body)).toEqual({ errors: [TOO_LARGE] });
      }
      // The connection of a refused body still serves the next request.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const { hostname, port } = new URL(open.url);
        const statuses: number[] = [];
        for (const body of [padded(MAX_BODY_BYTES), COUNT]) {
          statuses.push(
            await new Promise<number>((resolve, reject) => {
              const request = http.request(
                { hostname, port, method: 'POST', path: '/graphql', headers: json, agent },
                (response) => {
                  response.resume();
                  response.on('end', () => resolve(response.statusCode ?? 0));
                },
              );
              request.on('error', reject);
              request.end(body);
            }),
          );
        }
        expect(statuses).toEqual([413, 200]);
      } finally {
        agent.destroy();
      }
    });

    it('takes gzip, deflate and brotli bodies, and refuses other encodings and charsets with 415', async () => {
      for (const [encoding, body] of [
        ['gzip', gzipSync(COUNT)],
        ['deflate', deflateSync(COUNT)],
        ['br', brotliCompressSync(COUNT)],
      ] as const) {
        const answer = await send(open.url, {
          headers: { ...json, 'content-encoding': encoding },
          body,
        });
        expect({ encoding, status: answer.status }).toEqual({ encoding, status: 200 });
        expect(JSON.parse(answer.body)).toEqual({ data: { kommuner: { totalCount: 0 } } });
      }
      const unknown = await send(open.url, {
        headers: { ...json, 'content-encoding': 'compress' },
        body: COUNT,
      });
      expect(unknown.status).toBe(415);
      expect(errorOf(unknown.body)).toEqual({
        message: 'unsupported content encoding "compress"',
        extensions: { code: 'BAD_REQUEST' },
      });
      const latin1 = await send(open.url, {
        headers: { 'content-type': 'application/json; charset=latin1' },
        body: COUNT,
      });
      expect(latin1.status).toBe(415);
      expect(errorOf(latin1.body)).toEqual({
        message: 'unsupported charset "LATIN1"',
        extensions: { code: 'BAD_REQUEST' },
      });
      const broken = await send(open.url, {
        headers: { ...json, 'content-encoding': 'gzip' },
        body: 'not gzip at all',
      });
      expect(broken.status).toBe(400);
      expect(errorOf(broken.body).extensions.code).toBe('BAD_REQUEST');
    });

    it('decodes UTF-16 and drops a byte order mark, as Express did', async () => {
      const utf16 = await send(open.url, {
        headers: { 'content-type': 'application/json; charset=utf-16le' },
        body: Buffer.from(`\ufeff${COUNT}`, 'utf16le'),
      });
      expect(utf16.status).toBe(200);
      const bom = await send(open.url, { headers: json, body: `\ufeff${COUNT}` });
      expect(bom.status).toBe(200);
    });

    it('refuses what is not a JSON object or array with 400, and leaves other types to Apollo', async () => {
      for (const body of ['{"query": ', '"{ kommuner { totalCount } }"', '42', 'null', 'nope']) {
        const answer = await send(open.url, { headers: json, body });
        expect({ body, status: answer.status }).toEqual({ body, status: 400 });
        expect(errorOf(answer.body)).toEqual({
          message: 'The request body is not valid JSON',
          extensions: { code: 'BAD_REQUEST' },
        });
      }
      // An empty JSON body is `{}`, which Apollo refuses for want of a query.
      const empty = await send(open.url, { headers: { ...json, 'content-length': '0' } });
      expect(empty.status).toBe(400);
      expect(errorOf(empty.body).extensions.code).toBe('BAD_REQUEST');
      // Another type is no body at all for the API: Apollo's CSRF prevention answers it.
      const form = await send(open.url, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'query=%7B%20__typename%20%7D',
      });
      expect(form.status).toBe(400);
      expect(errorOf(form.body).message).toContain('Cross-Site Request Forgery');
    });

    it('answers on /graphql in any case and below it, as Express matched it, and nothing else', async () => {
      for (const path of ['/GraphQL', '/graphql/', '/graphql?x=1']) {
        const answer = await send(open.url, { path, headers: json, body: COUNT });
        expect({ path, status: answer.status }).toEqual({ path, status: 200 });
      }
      const other = await send(open.url, { path: '/graphqlx', headers: json, body: COUNT });
      expect(other.status).toBe(404);
      // A GET from a client that asks for JSON, with the preflight header: Apollo answers it.
      const get = await send(open.url, {
        method: 'GET',
        path: `/graphql?query=${encodeURIComponent('{ kommuner { totalCount } }')}`,
        headers: { accept: 'application/json', 'apollo-require-preflight': '1' },
      });
      expect({ status: get.status, body: JSON.parse(get.body) }).toEqual({
        status: 200,
        body: { data: { kommuner: { totalCount: 0 } } },
      });
      // A browser's GET goes by Express (GraphiQL, when the web app is built); one without the
      // preflight header is still refused by Apollo's CSRF prevention if no page answers it.
      const browser = await send(open.url, {
        method: 'GET',
        path: '/graphql?query=%7B__typename%7D',
        headers: { accept: 'text/html' },
      });
      expect([200, 400]).toContain(browser.status);
      if (browser.status === 400) expect(errorOf(browser.body).message).toContain('Cross-Site');
      else expect(browser.headers['content-type']).toMatch(/^text\/html/);
    });
  });

  it("answers in the media type Apollo chooses for the client's Accept header, remembered or not", async () => {
    // Apollo on its own, without the server's plugins: it negotiates the type for each request.
    const bare = new ApolloServer({ schema: await testSchema() });
    await bare.start();
    const apolloAnswer = async (accept: string | undefined) => {
      const headers = new HeaderMap([['content-type', 'application/json']]);
      if (accept !== undefined) headers.set('accept', accept);
      const answer = await bare.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: 'POST',
          headers,
          search: '',
          body: { query: '{ __typename }' },
        },
        context: async () => ({}),
      });
      return { status: answer.status ?? 200, type: answer.headers.get('content-type') };
    };
    const accepts = [
      undefined,
      '',
      '*/*',
      'application/json',
      'application/graphql-response+json',
      'application/graphql-response+json, application/json;q=0.9',
      'application/json;q=0.5, application/graphql-response+json',
      'application/json; callbackSpec=1.0',
      'APPLICATION/JSON',
      'application/*;q=0.2, text/html',
      'text/html',
      'image/png, text/plain;q=0.8',
      'application/json;q=0',
    ];
    // More different headers than are remembered: those past the limit are negotiated each time.
    for (let i = 0; i < 120; i += 1) accepts.push(`text/x-${i}, application/json;q=0.${i % 10}`);
    try {
      for (const accept of [...accepts, ...accepts]) {
        const answer = await send(open.url, {
          headers: { ...json, ...(accept === undefined ? {} : { accept }) },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
        expect({ accept, status: answer.status, type: answer.headers['content-type'] }).toEqual({
          accept,
          ...(await apolloAnswer(accept)),
        });
      }
    } finally {
      await bare.stop();
    }
  });

  it("names a query by its SHA-256 (Apollo's persisted queries), remembered or not", async () => {
    const persisted = (query: string | undefined, sha256Hash: string) =>
      send(open.url, {
        headers: json,
        body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
      });
    // A query of its own, so that its hash is computed here first, then remembered.
    const query = `{ kommuner { totalCount } } # ${randomUUID()}`;
    const sha256 = createHash('sha256').update(query).digest('hex');
    for (let i = 0; i < 2; i += 1) {
      const answer = await persisted(query, sha256);
      expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({
        status: 200,
        body: { data: { kommuner: { totalCount: 0 } } },
      });
    }
    // Registered under its hash: the hash alone runs it.
    expect(JSON.parse((await persisted(undefined, sha256)).body)).toEqual({
      data: { kommuner: { totalCount: 0 } },
    });
    const wrong = await persisted(query, createHash('sha256').update(`${query} `).digest('hex'));
    // Apollo's refusals of a persisted query are the client's mistake, answered in its words.
    expect({ status: wrong.status, error: errorOf(wrong.body) }).toEqual({
      status: 400,
      error: { message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } },
    });
    const version = await send(open.url, {
      headers: json,
      body: JSON.stringify({
        query,
        extensions: { persistedQuery: { version: 2, sha256Hash: sha256 } },
      }),
    });
    expect({ status: version.status, error: errorOf(version.body) }).toEqual({
      status: 400,
      error: {
        message: 'Unsupported persisted query version',
        extensions: { code: 'BAD_REQUEST' },
      },
    });
  });

  it('answers a failure outside Apollo (here the token check) with 500 as JSON, and goes on', async () => {
    let failing = true;
    const server = await start({}, async () => {
      if (failing) throw new Error('the identity provider does not answer');
      return null;
    });
    try {
      const failed = await send(server.url, { headers: json, body: COUNT });
      expect(failed.status).toBe(500);
      expect(failed.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(failed.body)).toEqual({
        errors: [
          { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        ],
      });
      failing = false;
      expect((await send(server.url, { headers: json, body: COUNT })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  describe('limits each address', () => {
    const RATE_LIMIT = 2;

    it('says what is left in draft-8 RateLimit headers, and refuses beyond with 429 and Retry-After', async () => {
      const server = await start({ rateLimitPerMinute: RATE_LIMIT });
      try {
        const ceiling = RATE_LIMIT * IP_CEILING_FACTOR;
        // The partition key names the address's counter without spelling it out, as
        // express-rate-limit did: the first 12 hex digits of its SHA-256, in base64.
        const digest = createHash('sha256')
          .update(`ip:${addressKey('127.0.0.1')}`)
          .digest('hex');
        const pk = Buffer.from(digest.slice(0, 12)).toString('base64');
        const partition = new RegExp(`; pk=:${pk.replace(/[+/=]/g, '\\$&')}:$`);
        for (let i = 1; i <= ceiling; i += 1) {
          // Made-up tokens: 401, and counted against the address all the same.
          const answer = await send(server.url, {
            headers: { ...json, authorization: `Bearer made.up.${i}` },
            body: COUNT,
          });
          expect(answer.status).toBe(401);
          expect(answer.headers['ratelimit']).toMatch(
            new RegExp(`^"address"; r=${ceiling - i}; t=\\d+$`),
          );
          expect(answer.headers['ratelimit-policy']).toMatch(
            new RegExp(`^"address"; q=${ceiling}; w=60${partition.source}`),
          );
        }
        const refused = await send(server.url, { headers: json, body: COUNT });
        expect(refused.status).toBe(429);
        expect(refused.headers['ratelimit']).toMatch(/^"address"; r=0; t=\d+$/);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
        expect(JSON.parse(refused.body)).toEqual({
          errors: [
            {
              message: `Too many requests from this address: at most ${ceiling} a minute. Try again later.`,
              extensions: { code: 'RATE_LIMITED' },
            },
          ],
        });
        // Counted in /metrics as a refusal.
        const metrics = await (await fetch(`${server.url}/metrics`)).text();
        expect(metrics).toMatch(/erfaringsnet_http_refusals_total\{status="429"\} 1/);
      } finally {
        await server.stop();
      }
    });

    it('keys addresses as express-rate-limit did: IPv6 by /56, IPv4 inside IPv6 as IPv4', () => {
      expect(
        Object.fromEntries(
          [
            '10.0.0.1',
            '::1',
            '::ffff:10.0.0.1',
            '::ffff:a00:1',
            '::10.0.0.1',
            '::a00:1',
            '2001:DB8:1:2:3::9',
            '2001:db8:0:ff00::',
            'fe80::1%eth0',
            '1:0:0:1::',
          ].map((ip) => [ip, addressKey(ip)]),
        ),
      ).toEqual({
        '10.0.0.1': '10.0.0.1',
        '::1': '::/56',
        '::ffff:10.0.0.1': '10.0.0.1',
        '::ffff:a00:1': '10.0.0.1',
        '::10.0.0.1': '10.0.0.1',
        '::a00:1': '::/56',
        '2001:DB8:1:2:3::9': '2001:db8:1::/56',
        '2001:db8:0:ff00::': '2001:db8:0:ff00::/56',
        'fe80::1%eth0': 'fe80::/56',
        '1:0:0:1::': '1::/56',
      });
    });

    it('believes X-Forwarded-For only from a trusted proxy (TRUST_PROXY), as Express did', async () => {
      const trusting = await start({ rateLimitPerMinute: RATE_LIMIT, trustProxy: 'loopback' });
      const distrusting = await start({ rateLimitPerMinute: RATE_LIMIT });
      const from = (server: RunningServer, address: string) =>
        send(server.url, { headers: { ...json, 'x-forwarded-for': address }, body: COUNT });
      try {
        // Behind a trusted proxy, each client has its quota …
        for (let i = 0; i < RATE_LIMIT; i += 1) {
          expect((await from(trusting, '203.0.113.1')).status).toBe(200);
        }
        expect((await from(trusting, '203.0.113.1')).status).toBe(429);
        expect((await from(trusting, '203.0.113.2')).status).toBe(200);
        // … and one IPv6 client by its /56 network, an IPv4-mapped one as IPv4.
        expect((await from(trusting, '2001:db8:1:100::1')).status).toBe(200);
        expect((await from(trusting, '2001:db8:1:1ff::2')).status).toBe(200);
        expect((await from(trusting, '2001:db8:1:1ab::3')).status).toBe(429);
        expect((await from(trusting, '::ffff:203.0.113.2')).status).toBe(200);
        expect((await from(trusting, '203.0.113.2')).status).toBe(429);
        // Only the nearest untrusted address counts: a client cannot pick one by prepending.
        expect((await from(trusting, '198.51.100.7, 203.0.113.1')).status).toBe(429);
        // Without TRUST_PROXY the header is ignored: all share the socket's address.
        for (let i = 0; i < RATE_LIMIT; i += 1) {
          expect((await from(distrusting, `203.0.113.${10 + i}`)).status).toBe(200);
        }
        expect((await from(distrusting, '203.0.113.99')).status).toBe(429);
      } finally {
        await trusting.stop();
        await distrusting.stop();
      }
    });
  });
});

describe('operation costs, remembered', () => {
  const t = useTestApi();
  const PAGES = `query Pages($n: Int, $m: Int, $people: Boolean!) {
    kommuner(first: $n) {
      edges { node { name people(first: $m) @include(if: $people) { edges { node { name } } } } }
    }
  }`;
  const variables = (n: number, m: number, people = true) => ({ n, m, people });

  it('gives the cost operationCost gives, for any variables, cached or not', async () => {
    const schema = await testSchema();
    const document = parse(PAGES);
    const costs = new OperationCosts(schema, 50);
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 300 }),
        fc.integer({ min: -5, max: 300 }),
        fc.boolean(),
        (n, m, people) => {
          const uncached = operationCost(schema, document, 'Pages', variables(n, m, people));
          // The first call may fill the entry, the second reads it.
          expect(costs.cost('pages', document, 'Pages', variables(n, m, people))).toBe(uncached);
          expect(costs.cost('pages', document, 'Pages', variables(n, m, people))).toBe(uncached);
        },
      ),
      { numRuns: 300 },
    );
    expect(costs.size).toBeLessThanOrEqual(50);
  });

  it('keeps one entry for every id, and one per length of a string, with the cost operationCost gives', async () => {
    const schema = await testSchema();
    const document = parse(`query Ask($id: ID!, $text: String!, $n: Int) {
      person(id: $id) { name }
      similarRequirements(text: $text, first: $n) { edges { node { title } } }
    }`);
    const costs = new OperationCosts(schema, 100);
    fc.assert(
      fc.property(
        fc.oneof(fc.uuid(), fc.string(), fc.integer(), fc.double(), fc.constant(null)),
        fc.oneof(fc.string({ maxLength: 200 }), fc.integer()),
        fc.integer({ min: 1, max: 20 }),
        (id, text, n) => {
          const vars = { id, text, n };
          const uncached = operationCost(schema, document, 'Ask', vars);
          expect(costs.cost('ask', document, 'Ask', vars)).toBe(uncached);
          expect(costs.cost('ask', document, 'Ask', vars)).toBe(uncached);
        },
      ),
      { numRuns: 300 },
    );
    const fresh = new OperationCosts(schema, 100);
    for (const id of ['UGVyc29uOjE', 'UGVyc29uOjI', 'not-an-id']) {
      fresh.cost('ask', document, 'Ask', { id, text: 'tolv tegn er', n: 5 });
    }
    expect(fresh.size).toBe(1);
    fresh.cost('ask', document, 'Ask', { id: 'x', text: 'x'.repeat(400), n: 5 });
    expect(fresh.size).toBe(2);
    expect(fresh.cost('ask', document, 'Ask', { id: 'x', text: 'y'.repeat(400), n: 5 })).toBe(
      operationCost(schema, document, 'Ask', { id: 'x', text: 'x'.repeat(400), n: 5 }),
    );
    expect(fresh.size).toBe(2);
  });

  it('keys by every variable, and does not cache variables JSON would not spell exactly', async () => {
    const schema = await testSchema();
    const document = parse(PAGES);
    const costs = new OperationCosts(schema, 100, 500);
    costs.cost('pages', document, 'Pages', variables(10, 10));
    costs.cost('pages', document, 'Pages', variables(10, 10));
    expect(costs.size).toBe(1);
    costs.cost('pages', document, 'Pages', variables(10, 11));
    costs.cost('pages', document, 'Pages', variables(10, 10, false));
    costs.cost('pages', document, null, variables(10, 10));
    expect(costs.size).toBe(4);
    // Not plain JSON: undefined, a date, -0, a class instance; and a key over 500 characters.
    for (const odd of [
      { n: 10, m: undefined, people: true },
      { n: 10, m: 10, people: true, at: new Date(0) },
      { n: -0, m: 10, people: true },
      { n: 10, m: 10, people: true, pad: new (class Pad {})() },
      { ...variables(10, 10), pad: 'x'.repeat(500) },
    ]) {
      expect(costs.cost('pages', document, 'Pages', odd)).toBe(
        operationCost(schema, document, 'Pages', odd),
      );
    }
    expect(costs.size).toBe(4);
  });

  it('refuses a cached cost over the limit exactly as the uncached one, and lets a cheap one through', async () => {
    const schema = await testSchema();
    const cheap = variables(5, 5);
    const dear = variables(20, 40);
    const dearCost = operationCost(schema, parse(PAGES), 'Pages', dear);
    expect(dearCost).toBeGreaterThan(COST_LIMITS.perAnonymousOperation);
    expect(dearCost).toBeLessThanOrEqual(COST_LIMITS.perOperation);
    const anonymous = t.api.as(null);
    const refusal = {
      message: `Query cost limit of ${COST_LIMITS.perAnonymousOperation} for anonymous callers exceeded, found ${dearCost}.`,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'cost', cost: dearCost },
    };
    // Twice each, in turns: the second of each is answered from the cache.
    for (let round = 0; round < 2; round += 1) {
      expect(await anonymous.ok(PAGES, cheap)).toEqual({ kommuner: { edges: [] } });
      expect(await anonymous.fail(PAGES, dear)).toEqual(refusal);
      // Without the people, the same document is cheap again: the variable is in the key.
      await anonymous.ok(PAGES, { ...dear, people: false });
      // A signed-in caller's limit is higher; the same cached cost lets it through.
      await t.api.ok(PAGES, dear);
    }
  });
});
