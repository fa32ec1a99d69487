import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import pino from 'pino';
import { buildGraphQLSchema } from '../../src/schema/build';
import { createApollo, inProcessExecutor } from '../../src/server';
import { statementCounter } from '../../src/db/orm';
import type { Identity } from '../../src/auth/identity';
import { createTestDatabase, type TestDatabase } from './databases';

/** Who the tests call as unless they say otherwise: the secretariat, who may do everything. */
export const TEST_ADMIN: Identity = { subject: 'test-admin', role: 'admin' };

let schemaPromise: Promise<GraphQLSchema> | undefined;

/** The schema, built once per test file. */
export function testSchema(): Promise<GraphQLSchema> {
  schemaPromise ??= buildGraphQLSchema();
  return schemaPromise;
}

export interface GraphQLResult<T = Record<string, any>> {
  data?: T | null;
  errors?: readonly GraphQLFormattedError[];
}

export interface TestApi {
  /** Runs an operation through Apollo (in process, with the real error formatting). */
  run<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResult<T>>;
  /** Runs an operation and fails the test on any error. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Runs an operation that must fail, and returns its first error. */
  fail(query: string, variables?: Record<string, unknown>): Promise<GraphQLFormattedError>;
  /** How many SQL statements reached the database since the last reset. */
  statements(): number;
  resetStatements(): void;
  /** The same API, calling as someone else (`null`: anonymous). */
  as(identity: Identity | null): TestApi;
}

/**
 * An in-process API over a test database, counting the SQL statements it sends. Every query is
 * compiled the first time it runs (`compileAfter`, default 1), so every test of a query tests the
 * compiled executor; the server compiles a query on its second run, and never a mutation.
 */
export async function createTestApi(
  orm: MikroORM,
  { compileAfter = 1 }: { compileAfter?: number } = {},
): Promise<TestApi> {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const apollo = createApollo({
    schema: await testSchema(),
    logger,
    production: false,
    compileAfter,
  });
  await apollo.start();
  const counter = statementCounter(orm);
  const execute = inProcessExecutor(apollo, orm, logger);
  return bindApi(execute, counter, TEST_ADMIN);
}

function bindApi(
  execute: ReturnType<typeof inProcessExecutor>,
  counter: ReturnType<typeof statementCounter>,
  identity: Identity | null,
): TestApi {
  const run = async <T>(query: string, variables?: Record<string, unknown>) =>
    (await execute<T>(query, variables, identity)) as GraphQLResult<T>;
  return {
    run,
    async ok<T>(query: string, variables?: Record<string, unknown>) {
      const result = await run<T>(query, variables);
      if (result.errors?.length) {
        throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
      }
      return result.data as T;
    },
    async fail(query: string, variables?: Record<string, unknown>) {
      const result = await run(query, variables);
      if (!result.errors?.length)
        throw new Error(`Expected an error, got ${JSON.stringify(result.data)}`);
      return result.errors[0];
    },
    statements: counter.count,
    resetStatements: counter.reset,
    as: (other) => bindApi(execute, counter, other),
  };
}

/** What a test file gets from {@link useTestApi}: its database, its API, and a fresh EntityManager per test. */
export interface TestContext {
  db: TestDatabase;
  api: TestApi;
  em: EntityManager;
}

/**
 * Gives the calling test file its own database (copied from a template) and an in-process API
 * over it, dropped after the file; `em` is a fresh fork for each test.
 */
export function useTestApi(template: 'empty' | 'seeded' = 'empty'): TestContext {
  const context = {} as TestContext;
  beforeAll(async () => {
    context.db = await createTestDatabase(template);
    context.api = await createTestApi(context.db.orm);
  });
  afterAll(() => context.db?.drop());
  beforeEach(() => {
    context.em = context.db.orm.em.fork();
  });
  return context;
}
