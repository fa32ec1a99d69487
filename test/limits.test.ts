import { Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import { GraphQLError, getNamedType, isNonNullType, isObjectType } from 'graphql';
import type { GraphQLObjectType } from 'graphql';
import { Client } from 'pg';
import pino from 'pino';
import { createTokenVerifier, signLocalToken } from '../src/auth/tokens';
import { createErrorFormatter } from '../src/common/format-error';
import { MAX_PAGE_SIZE } from '../src/common/pagination';
import { connect } from '../src/db/orm';
import {
  callerOf,
  ExpensiveWork,
  IP_CEILING_FACTOR,
  MAX_BODY_BYTES,
  QUERY_LIMITS,
} from '../src/limits';
import { COST_LIMITS, FIELD_COSTS } from '../src/query-cost';
import { createLogger } from '../src/logger';
import { PostgresSearchIndex } from '../src/search/postgres.engine';
import { createApollo, inProcessExecutor, startServer } from '../src/server';
import type { RunningServer } from '../src/server';
import { createTestApi, testSchema, useTestApi } from './support/api';

/**
 * The abuse limits: each refuses with a stable code, and each lets the API's real queries through
 * (the limits themselves are the boundary: one more is refused, exactly the limit is not).
 */
describe('abuse limits', () => {
  const t = useTestApi('seeded');

  /** people → edges → node, then round person → memberships → group → members → person. */
  function queryOfDepth(depth: number): string {
    const steps: [field: string, leaf: string][] = [
      ['people(first: 1)', 'totalCount'],
      ['edges', 'cursor'],
      ['node', 'name'],
    ];
    const round: [string, string][] = [
      ['memberships', 'role'],
      ['group', 'name'],
      ['members', 'role'],
      ['person', 'name'],
    ];
    const step = (level: number) => steps[level] ?? round[(level - steps.length) % round.length];
    const fields = Array.from({ length: depth - 1 }, (_, level) => step(level)[0]);
    const leaf = step(depth - 2)[1];
    return `{ ${fields.reduceRight((inner, field) => `${field} { ${inner} }`, leaf)} }`;
  }

  const aliased = (count: number) =>
    `{ ${Array.from({ length: count }, (_, i) => `k${i}: kommuner(first: 1) { totalCount }`).join(' ')} }`;

  // `{ kommuner ( first : 1 ) { totalCount` and `} }` are 11 tokens.
  const tokens = (count: number) =>
    `{ kommuner(first: 1) { totalCount ${'__typename '.repeat(count - 11)}} }`;

  const directives = (count: number) =>
    `{ kommuner(first: 1) { ${'totalCount @include(if: true) '.repeat(count)}} }`;

  it(`refuses a query nested deeper than ${QUERY_LIMITS.depth} levels`, async () => {
    await t.api.ok(queryOfDepth(QUERY_LIMITS.depth));
    expect(await t.api.fail(queryOfDepth(QUERY_LIMITS.depth + 1))).toEqual({
      message: `Query depth limit of ${QUERY_LIMITS.depth} exceeded, found ${QUERY_LIMITS.depth + 1}.`,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'depth' },
    });
  });

  it(`refuses more than ${QUERY_LIMITS.aliases} aliases`, async () => {
    await t.api.ok(aliased(QUERY_LIMITS.aliases));
    expect(await t.api.fail(aliased(QUERY_LIMITS.aliases + 1))).toMatchObject({
      message: `Aliases limit of ${QUERY_LIMITS.aliases} exceeded, found ${QUERY_LIMITS.aliases + 1}.`,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'aliases' },
    });
  });

  it(`refuses a document of more than ${QUERY_LIMITS.tokens} tokens, before parsing it all`, async () => {
    await t.api.ok(tokens(QUERY_LIMITS.tokens));
    expect(await t.api.fail(tokens(QUERY_LIMITS.tokens + 1))).toEqual({
      message: `Token limit of ${QUERY_LIMITS.tokens} exceeded.`,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'tokens' },
    });
    // An ordinary syntax error stays one.
    expect((await t.api.fail('{ kommuner {')).extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it(`refuses more than ${QUERY_LIMITS.directives} directives`, async () => {
    await t.api.ok(directives(QUERY_LIMITS.directives));
    expect(await t.api.fail(directives(QUERY_LIMITS.directives + 1))).toMatchObject({
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'directives' },
    });
  });

  describe('cost', () => {
    it(`refuses an operation that costs over ${COST_LIMITS.perOperation}: pages of pages`, async () => {
      // A full page with nested lists is fine …
      await t.api.ok(`{
        people(first: 100) {
          edges { node { name title memberships { role group { name kind } } } }
        }
      }`);
      // … a page of full pages is not.
      const error = await t.api.fail(`{
        kommuner(first: 100) { edges { node { name people(first: 100) { edges { node { name } } } } } }
      }`);
      expect(error).toEqual({
        message: expect.stringMatching(
          `^Query cost limit of ${COST_LIMITS.perOperation} exceeded, found \\d+\\.$`,
        ),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'cost', cost: expect.any(Number) },
      });
      expect(error.extensions?.cost).toBeGreaterThan(COST_LIMITS.perOperation);
    });

    it('counts first as the largest page, so a too large first is refused by its field, named', async () => {
      const error = await t.api.fail(
        `{ kommuner(first: 10) { edges { node { people(first: 100000) { totalCount } } } } }`,
      );
      expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
      expect((await t.api.fail('{ people(first: 100000) { totalCount } }')).extensions).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'first',
      });
    });

    it('charges the work of expensive fields by their arguments: a flood of aliases is refused at once', async () => {
      const text = 'Leverandøren skal logge alle opslag i personoplysninger. '.repeat(350);
      expect(text.length).toBeGreaterThan(19_000);
      const similar = (count: number) =>
        `query ($text: String) { ${Array.from(
          { length: count },
          (_, i) => `s${i}: similarRequirements(text: $text, minSimilarity: 0) { score }`,
        ).join(' ')} }`;
      // One long text is fine for anyone; fifteen aliases of it are refused before any runs.
      await t.api.as(null).ok(similar(1), { text });
      const anonymous = await t.api.as(null).fail(similar(15), { text });
      expect(anonymous).toMatchObject({
        message: expect.stringContaining(
          `cost limit of ${COST_LIMITS.perAnonymousOperation} for anonymous callers`,
        ),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'cost' },
      });
      expect((await t.api.fail(similar(15), { text })).extensions?.limit).toBe('cost');

      const atRisk = (count: number, horizonDays: number) =>
        `{ ${Array.from(
          { length: count },
          (_, i) => `r${i}: knowledgeAtRisk(horizonDays: ${horizonDays}) { kind reason }`,
        ).join(' ')} }`;
      const member = { subject: 'member', role: 'member' as const };
      await t.api.as(member).ok(atRisk(15, 90));
      expect((await t.api.as(member).fail(atRisk(15, 3650))).extensions?.limit).toBe('cost');
      await t.api.as(member).ok(atRisk(1, 3650));
    });

    it('prices only fields the schema has, and leaves bad variables to execution', async () => {
      const schema = await testSchema();
      for (const name of Object.keys(FIELD_COSTS)) {
        const [type, field] = name.split('.');
        const fields = (schema.getType(type) as GraphQLObjectType | undefined)?.getFields();
        expect({ name, known: Boolean(fields?.[field]) }).toEqual({ name, known: true });
      }
      // Variables that do not fit are refused by execution as such, not priced.
      const badVariables = await t.api.fail(
        'query ($first: Int) { kommuner(first: $first) { totalCount } }',
        { first: 'many' },
      );
      expect(badVariables.message).toContain('$first');
    });
  });

  it(`refuses first over ${MAX_PAGE_SIZE} on every connection`, async () => {
    const schema = await testSchema();
    // How to reach a type's connections; a new type with connections must be added here.
    const parents: Record<string, string> = { Query: '', Kommune: 'kommuneByCode(code: "0751")' };
    const checked: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (!getNamedType(field.type).name.endsWith('Connection')) continue;
        if (!field.args.some((arg) => arg.name === 'first')) continue;
        expect({ type: type.name, reachable: type.name in parents }).toEqual({
          type: type.name,
          reachable: true,
        });
        const required = field.args
          .filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)
          .map((arg) => `, ${arg.name}: "aarhus"`)
          .join('');
        const selection = `${field.name}(first: ${MAX_PAGE_SIZE + 1}${required}) { totalCount }`;
        const parent = parents[type.name];
        const error = await t.api.fail(`{ ${parent ? `${parent} { ${selection} }` : selection} }`);
        const where = `${type.name}.${field.name}`;
        expect({ where, ...error.extensions }).toEqual({
          where,
          code: 'BAD_USER_INPUT',
          field: 'first',
        });
        checked.push(where);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['Query.people', 'Kommune.people']));
    await t.api.ok(`{ people(first: ${MAX_PAGE_SIZE}) { totalCount } }`);
  });

  describe('statement timeout', () => {
    let slow: MikroORM;
    beforeAll(async () => {
      slow = await connect(t.db.url, undefined, { statementTimeoutMs: 50 });
    });
    afterAll(() => slow?.close());

    it('is set on every pooled connection of a server, and on none of the scripts', async () => {
      const show = 'show statement_timeout';
      const connections = await Promise.all(
        [1, 2, 3].map(() => slow.em.getConnection().execute(show)),
      );
      expect(connections).toEqual([1, 2, 3].map(() => [{ statement_timeout: '50ms' }]));
      expect(await t.db.orm.em.getConnection().execute(show)).toEqual([{ statement_timeout: '0' }]);
    });

    it('stops a query that runs too long and tells the client so', async () => {
      const api = await createTestApi(slow);
      // A reader waits for the lock: as long as it is held, the query cannot finish.
      const locker = new Client({ connectionString: t.db.url });
      locker.on('error', () => {});
      await locker.connect();
      let outcome: unknown;
      let timer: NodeJS.Timeout | undefined;
      try {
        await locker.query('begin');
        await locker.query('lock table kommune in access exclusive mode');
        const query = api.run('{ kommuner { totalCount } }');
        const tooLate = new Promise((resolve) => {
          timer = setTimeout(resolve, 5_000, 'still waiting');
        });
        outcome = await Promise.race([query, tooLate]);
      } finally {
        // A pending timer would keep Jest's process alive after the last test.
        clearTimeout(timer);
        await locker.query('rollback');
        await locker.end();
      }
      expect(outcome).toEqual({
        data: null,
        errors: [
          {
            message: 'The query took too long and was stopped',
            locations: [{ line: 1, column: 3 }],
            path: ['kommuner'],
            extensions: { code: 'QUERY_TIMEOUT' },
          },
        ],
      });
      expect(await api.ok('{ kommuner { totalCount } }')).toEqual({
        kommuner: { totalCount: 98 },
      });
    });

    it('reports a timeout in raw SQL (a pg error, not a MikroORM one) the same way', () => {
      const format = createErrorFormatter(pino({ level: 'silent' }), false);
      const pgError = Object.assign(new Error('canceling statement due to statement timeout'), {
        code: '57014',
      });
      const formatted = format(
        { message: pgError.message, path: ['experts'], extensions: { code: 'INTERNAL' } },
        new GraphQLError(pgError.message, { originalError: pgError, path: ['experts'] }),
      );
      expect(formatted).toMatchObject({
        message: 'The query took too long and was stopped',
        extensions: { code: 'QUERY_TIMEOUT' },
      });
    });
  });

  describe('in production', () => {
    async function productionApi() {
      const logger = pino({ level: 'silent' });
      const apollo = createApollo({ schema: await testSchema(), logger, production: true });
      await apollo.start();
      return inProcessExecutor(apollo, t.db.orm, logger);
    }

    it('suggests no field names and answers no introspection', async () => {
      const typo = '{ kommunr { totalCount } }';
      const development = await t.api.fail(typo);
      expect(development.message).toContain('Did you mean "kommune');
      const execute = await productionApi();
      const production = await execute(typo);
      expect(production.errors?.[0].message).not.toMatch(/Did you mean|kommune"/);
      expect(production.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

      // Enum values, in a literal or a variable, and argument names: no suggestion either.
      const enumLiteral = '{ groups(kind: KOORDINATIONSGRUPP) { totalCount } }';
      expect((await t.api.fail(enumLiteral)).message).toContain('Did you mean the enum value');
      for (const [query, variables] of [
        [enumLiteral, undefined],
        [
          'query ($kind: GroupKind) { groups(kind: $kind) { totalCount } }',
          { kind: 'KOORDINATIONSGRUPP' },
        ],
        ['{ kommuner(frist: 1) { totalCount } }', undefined],
      ] as const) {
        const refused = await execute(query, variables);
        expect(refused.errors?.[0].message).not.toMatch(/Did you mean|KOORDINATIONSGRUPPE|first/);
      }

      const introspection = '{ __schema { queryType { name } } }';
      expect(await t.api.ok(introspection)).toEqual({ __schema: { queryType: { name: 'Query' } } });
      const refused = await execute(introspection);
      expect(refused.data).toBeUndefined();
      expect(refused.errors?.[0]).toMatchObject({
        message: expect.stringContaining('introspection is not allowed'),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      });
    });
  });

  describe('over HTTP', () => {
    const SECRET = 'x'.repeat(32);
    const RATE_LIMIT = 3;
    let open: RunningServer;
    let limited: RunningServer;

    const start = async (rateLimitPerMinute: number) =>
      startServer({
        config: { port: 0, host: '127.0.0.1', nodeEnv: 'test', rateLimitPerMinute },
        orm: t.db.orm,
        schema: await testSchema(),
        logger: pino({ level: 'silent' }),
        searchIndex: (em) => new PostgresSearchIndex(em),
        verifyToken: createTokenVerifier({ secret: SECRET }),
      });

    beforeAll(async () => {
      open = await start(0);
      limited = await start(RATE_LIMIT);
    });
    afterAll(async () => {
      await open?.stop();
      await limited?.stop();
    });

    const post = (server: RunningServer, body: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const COUNT = JSON.stringify({ query: '{ kommuner { totalCount } }' });

    it('refuses a body over 256 kB with 413 PAYLOAD_TOO_LARGE, as JSON', async () => {
      const padded = (bytes: number) =>
        JSON.stringify({
          query: '{ kommuner { totalCount } }',
          variables: { pad: 'x'.repeat(bytes) },
        });
      expect((await post(open, padded(MAX_BODY_BYTES - 1_000))).status).toBe(200);
      const response = await post(open, padded(MAX_BODY_BYTES));
      expect(response.status).toBe(413);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({
        errors: [
          {
            message: 'The request body is larger than 256 kB',
            extensions: { code: 'PAYLOAD_TOO_LARGE' },
          },
        ],
      });
      const malformed = await post(open, '{"query": ');
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({
        errors: [{ extensions: { code: 'BAD_REQUEST' } }],
      });
    });

    it('refuses cross-site simple requests (CSRF): GET and text/plain without a preflight header', async () => {
      const query = encodeURIComponent('{ kommuner { totalCount } }');
      const blocked = {
        errors: [
          {
            message: expect.stringContaining('Cross-Site Request Forgery'),
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      };
      const get = await fetch(`${open.url}/graphql?query=${query}`);
      expect({ status: get.status, body: await get.json() }).toEqual({
        status: 400,
        body: blocked,
      });
      const textPlain = await fetch(`${open.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: COUNT,
      });
      expect({ status: textPlain.status, body: await textPlain.json() }).toEqual({
        status: 400,
        body: blocked,
      });
      const preflighted = await fetch(`${open.url}/graphql?query=${query}`, {
        headers: { 'apollo-require-preflight': 'true' },
      });
      expect(preflighted.status).toBe(200);
    });

    it(`allows ${RATE_LIMIT} requests a minute per caller, then 429 RATE_LIMITED with Retry-After`, async () => {
      for (let i = 0; i < RATE_LIMIT; i += 1) {
        expect((await post(limited, COUNT)).status).toBe(200);
      }
      const refused = await post(limited, COUNT);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toEqual({
        errors: [
          {
            message: expect.stringMatching(
              `^Too many requests: at most ${RATE_LIMIT} a minute\\. Try again in \\d+ s\\.$`,
            ),
            extensions: { code: 'RATE_LIMITED' },
          },
        ],
      });
      // A caller with a token has its own quota, whatever its address.
      const token = await signLocalToken(SECRET, { role: 'member' });
      const withToken = await post(limited, COUNT, { authorization: `Bearer ${token}` });
      expect(withToken.status).toBe(200);
      // Health checks are never limited.
      expect((await fetch(`${limited.url}/healthz`)).status).toBe(200);
    });

    it('serves no header that is not a bearer token: it cannot pose as a new anonymous caller', async () => {
      const server = await start(RATE_LIMIT);
      try {
        // Only non-breaking spaces, a different count each time: refused, never served.
        for (let i = 1; i <= RATE_LIMIT + 2; i += 1) {
          const response = await post(server, COUNT, { authorization: '\u00a0'.repeat(i) });
          expect(response.status).toBe(401);
          expect(((await response.json()) as any).errors[0].extensions.code).toBe(
            'UNAUTHENTICATED',
          );
        }
        // Anonymous callers from the address share one quota, whatever blank header they send.
        for (let i = 0; i < RATE_LIMIT; i += 1) {
          expect((await post(server, COUNT, { authorization: ' '.repeat(i) })).status).toBe(200);
        }
        expect((await post(server, COUNT, { authorization: '\t' })).status).toBe(429);
      } finally {
        await server.stop();
      }
    });

    it(`lets one address send at most ${IP_CEILING_FACTOR} callers' worth, whatever tokens it makes up`, async () => {
      const server = await start(RATE_LIMIT);
      try {
        const ceiling = RATE_LIMIT * IP_CEILING_FACTOR;
        for (let i = 0; i < ceiling; i += 1) {
          // Made-up tokens are refused with 401, and counted against the address.
          const response = await post(server, COUNT, { authorization: `Bearer made.up.${i}` });
          expect(response.status).toBe(401);
        }
        const refused = await post(server, COUNT, { authorization: 'Bearer made.up.again' });
        expect(refused.status).toBe(429);
        const body = (await refused.json()) as { errors: { extensions: { code: string } }[] };
        expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
      } finally {
        await server.stop();
      }
    });

    it('charges each request its cost: an anonymous caller has a small budget a minute', async () => {
      const server = await startServer({
        config: {
          port: 0,
          host: '127.0.0.1',
          nodeEnv: 'test',
          rateLimitPerMinute: 1000,
          anonymousCostBudgetPerMinute: 1000,
          costBudgetPerMinute: 100_000,
        },
        orm: t.db.orm,
        schema: await testSchema(),
        logger: pino({ level: 'silent' }),
        searchIndex: (em) => new PostgresSearchIndex(em),
        verifyToken: createTokenVerifier({ secret: SECRET }),
      });
      try {
        // 1 + 100 × (edges 1 + node 1 + name 1) = 301 points.
        const page = JSON.stringify({
          query: '{ kommuner(first: 100) { edges { node { name } } } }',
        });
        for (let i = 0; i < 3; i += 1) expect((await post(server, page)).status).toBe(200);
        const refused = await post(server, page);
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await refused.json()).toEqual({
          errors: [
            {
              message: expect.stringContaining(
                'This request costs 301 points, more than is left of the budget of 1000 a minute for anonymous callers (sign in for more).',
              ),
              extensions: { code: 'RATE_LIMITED', cost: 301, budget: 1000 },
            },
          ],
        });
        // A signed-in caller spends from a budget of its own.
        const token = await signLocalToken(SECRET, { role: 'member' });
        expect((await post(server, page, { authorization: `Bearer ${token}` })).status).toBe(200);
      } finally {
        await server.stop();
      }
    });

    it('runs expensive operations in few slots, while cheap ones and /readyz answer at once', async () => {
      const slots = new ExpensiveWork(1, 1, 60_000);
      const server = await startServer({
        config: { port: 0, host: '127.0.0.1', nodeEnv: 'test', rateLimitPerMinute: 0 },
        orm: t.db.orm,
        schema: await testSchema(),
        logger: pino({ level: 'silent' }),
        searchIndex: (em) => new PostgresSearchIndex(em),
        verifyToken: createTokenVerifier({ secret: SECRET }),
        expensiveWork: slots,
      });
      try {
        const held = await slots.acquire();
        // A text of 18,000 characters makes a comparison expensive (see FIELD_COSTS).
        const expensive = JSON.stringify({
          query: 'query ($text: String) { similarRequirements(text: $text) { score } }',
          variables: { text: 'logning af opslag '.repeat(1000) },
        });
        let answered = false;
        const waiting = post(server, expensive).then((response) => {
          answered = true;
          return response;
        });
        // While the only slot is taken, the expensive request waits; cheap ones do not.
        expect((await post(server, COUNT)).status).toBe(200);
        expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
        // A second expensive request finds the line full: 503 SERVER_BUSY.
        while (slots.queued < 1) await new Promise((resolve) => setTimeout(resolve, 10));
        const busy = await post(server, expensive);
        expect(busy.status).toBe(503);
        expect(busy.headers.get('retry-after')).toBe('5');
        expect(((await busy.json()) as any).errors[0].extensions.code).toBe('SERVER_BUSY');
        expect(answered).toBe(false);
        held();
        expect((await waiting).status).toBe(200);
      } finally {
        await server.stop();
      }
    });

    it('keys callers by their verified subject, else by IP (IPv6 by /56)', () => {
      expect(callerOf({ subject: 'person:1', role: 'member' }, '10.0.0.1')).toEqual({
        key: 'subject:person:1',
        anonymous: false,
      });
      expect(callerOf(null, '10.0.0.1')).toEqual({ key: 'address:10.0.0.1', anonymous: true });
      expect(callerOf(null, '2001:db8:1:2:3::9').key).toBe(callerOf(null, '2001:db8:1:ff::1').key);
    });
  });

  describe('logs', () => {
    function capture() {
      const lines: string[] = [];
      const stream = new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      });
      return { logger: createLogger('info', stream), output: () => lines.join('') };
    }
    const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqZW5zIn0.c2lnbmF0dXJl';

    it('never contain a token, a password or a full e-mail address', () => {
      const { logger, output } = capture();
      logger.info(
        { req: { headers: { authorization: `Bearer ${TOKEN}` } }, input: { password: 'hemmelig' } },
        'sign-in by jens.hansen@aarhus.dk',
      );
      logger.warn(`rejected Bearer ${TOKEN} for søren@kk.dk`);
      const text = output();
      for (const secret of [TOKEN, 'hemmelig', 'jens.hansen@aarhus.dk', 'søren@kk.dk']) {
        expect(text).not.toContain(secret);
      }
      expect(text).toContain('j***@aarhus.dk');
      expect(text).toContain('s***@kk.dk');
    });

    it('mask e-mail addresses in the errors the error formatter logs', () => {
      const { logger, output } = capture();
      const format = createErrorFormatter(logger, false);
      const driverError = Object.assign(
        new Error('insert into "person" ("email") values (\'anna.berg@odense.dk\') - duplicate'),
        { detail: 'Key (email)=(anna.berg@odense.dk) already exists.' },
      );
      const formatted = format(
        { message: driverError.message, path: ['createPerson'] },
        new GraphQLError(driverError.message, { originalError: driverError }),
      );
      expect(formatted.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      const text = output();
      expect(text).toContain('unexpected error');
      expect(text).toContain('a***@odense.dk');
      expect(text).not.toContain('anna.berg@odense.dk');
    });
  });
});
