import { MikroORM } from '@mikro-orm/postgresql';
import type {
  EntityManager,
  EntityProperty,
  MetadataStorage,
  Options,
} from '@mikro-orm/postgresql';
import { ReferenceKind } from '@mikro-orm/postgresql';
import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Logger } from 'pino';
import { migrationsList } from '../migrations';
import { entities } from './entities';

/** How the pool's connections behave. */
export interface ConnectionOptions {
  /**
   * Longest a single SQL statement may run, in milliseconds, before PostgreSQL cancels it
   * (SQLSTATE 57014). Unset or 0: no limit, which is what scripts and bulk jobs want.
   */
  statementTimeoutMs?: number;
  /**
   * Streaming replicas of `clientUrl` (MikroORM's `replicas`). Nothing goes to them unless asked
   * for: `preferReadReplicas` is off, and src/db/replicas.ts sends whole GraphQL queries there.
   */
  replicaUrls?: string[];
  /** Most connections kept to the primary, and to each replica (default 10). */
  poolSize?: number;
}

/** The MikroORM configuration for a database URL. */
/**
 * The link tables to topics are MikroORM's own (a `@ManyToMany`, no entity of ours), keyed by
 * thing; the general search reads them by topic, in the order things were linked (`link_order`,
 * an identity column PostgreSQL fills), through the indexes migrations `20261206190000` and
 * `20261207030000` add. Declared here so that the schema the entities describe holds them. The
 * ORM never writes `link_order` (it is generated) nor reads it.
 */
function declareTopicLinkSchema(storage: MetadataStorage): void {
  for (const meta of Object.values(storage.getAll())) {
    const table = meta.tableName;
    if (!meta.pivotTable || !table.endsWith('_topics')) continue;
    const owner = `${table.slice(0, -'_topics'.length)}_id`;
    const byTopic = `${table}_topic_id_index`;
    if (!meta.indexes.some((index) => index.name === byTopic)) {
      meta.indexes.push({
        name: byTopic,
        expression: `create index "${byTopic}" on "${table}" ("topic_id", "${owner}")`,
      });
    }
    if (meta.properties.link_order) continue;
    meta.properties.link_order = {
      name: 'link_order',
      kind: ReferenceKind.SCALAR,
      type: 'bigint',
      runtimeType: 'string',
      fieldNames: ['link_order'],
      columnTypes: ['bigint'],
      nullable: false,
      generated: 'identity',
      autoincrement: true,
      hydrate: false,
      lazy: true,
    } as EntityProperty;
    meta.sync();
    const inOrder = `${table}_link_order_index`;
    meta.indexes.push({
      name: inOrder,
      expression: `create index "${inOrder}" on "${table}" ("topic_id", "link_order") include ("${owner}")`,
    });
  }
}

export function ormConfig(
  clientUrl: string,
  logger?: Logger,
  options: ConnectionOptions = {},
): Options {
  return defineConfig({
    clientUrl,
    entities,
    discovery: { afterDiscovered: declareTopicLinkSchema },
    extensions: [Migrator],
    migrations: {
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      pathTs: 'src/migrations',
      path: 'dist/src/migrations',
    },
    // The search vocabulary, outbox and expert index are PostgreSQL's own (see their migrations),
    // and the erasure tombstones are read and written in SQL only (privacy/tombstone.ts).
    schemaGenerator: {
      skipTables: [
        'search_lexeme',
        'search_outbox',
        'search_outbox_config',
        'search_vocabulary_change',
        'expert_evidence',
        'expert_term',
        'erased_person_key',
        // Written by rate-limiter-flexible and src/db/replicas.ts in SQL only.
        'rate_limit',
        'replica_read_fence',
      ],
    },
    // The global EntityManager is never used for work: every request and script forks its own.
    allowGlobalContext: false,
    pool: { min: 0, max: options.poolSize ?? 10 },
    ...(options.replicaUrls?.length
      ? {
          replicas: options.replicaUrls.map((url, i) => ({
            name: `replica-${i + 1}`,
            clientUrl: url,
          })),
          preferReadReplicas: false,
        }
      : {}),
    driverOptions: {
      // Sent by pg as a start-up parameter of every new connection: no extra round trip.
      ...(options.statementTimeoutMs
        ? { connection: { statement_timeout: options.statementTimeoutMs } }
        : {}),
      // knex prints its own warnings (such as a pooled connection the database ended) with
      // console.log; they belong in the application's log, with its redaction and levels.
      ...(logger ? { log: knexLog(logger) } : {}),
    },
    logger: (message) => logger?.debug({ component: 'orm' }, message),
    debug: logger?.isLevelEnabled('debug') ? ['query', 'info'] : false,
  });
}

/** knex's log functions, writing to `logger` as component "knex". */
function knexLog(logger: Logger) {
  const log = logger.child({ component: 'knex' });
  return {
    warn: (message: unknown) => log.warn(String(message)),
    error: (message: unknown) => log.error(String(message)),
    deprecate: (method: string, alternative: string) =>
      log.warn(`${method} is deprecated; use ${alternative}`),
    debug: (message: unknown) => log.debug(message),
  };
}

/** Connects to the database; the schema is not touched (see {@link migrate}). */
export async function connect(
  clientUrl: string,
  logger?: Logger,
  options?: ConnectionOptions,
): Promise<MikroORM> {
  return MikroORM.init(ormConfig(clientUrl, logger, options));
}

/**
 * Work that brings the database in step with the code after the migrations, e.g. writing the
 * expert ranking's weights into its SQL functions. The application says which (`afterMigrate` in
 * app.ts): the database layer knows no feature. Each runs in a transaction of its own without
 * the statement timeout, as the migrations do; work that may take long says so to `logger` first.
 */
export type AfterMigrate = (em: EntityManager, logger?: Logger) => Promise<unknown>;

/**
 * Applies every pending committed migration, in one transaction, then runs `after`, in order.
 * Migrations may rewrite large tables, and a step recompute one (or wait for another server
 * doing so), so none of their transactions has the server's statement timeout.
 */
export async function migrate(
  orm: MikroORM,
  after: readonly AfterMigrate[] = [],
  logger?: Logger,
): Promise<string[]> {
  const connection = orm.em.getConnection();
  const applied = await connection.transactional(async (trx) => {
    await connection.execute('set local statement_timeout = 0', [], 'run', trx);
    return orm.getMigrator().up({ transaction: trx });
  });
  for (const step of after) {
    await orm.em.fork().transactional(async (em) => {
      await em.execute('set local statement_timeout = 0');
      await step(em, logger);
    });
  }
  return applied.map((migration) => migration.name);
}

/** Counts the SQL statements an ORM sends, for tests and benchmarks ("statements per request"). */
export function statementCounter(orm: MikroORM) {
  let count = 0;
  orm.em
    .getConnection()
    .getKnex()
    .on('query', () => {
      count += 1;
    });
  return {
    count: () => count,
    reset: () => {
      count = 0;
    },
  };
}
