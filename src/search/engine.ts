import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { SearchIndexFactory } from '../common/context';
import type { Config } from '../config';
import { MeiliSearchIndex } from './meilisearch.engine';
import { OutboxWorker, setOutboxEnabled } from './outbox';
import { PostgresSearchIndex } from './postgres.engine';

/** The configured search engine, and the outbox worker that feeds it if it is external. */
export interface SearchEngine {
  factory: SearchIndexFactory;
  stop(): Promise<void>;
}

/**
 * PostgreSQL unless `MEILI_HOST` is set. With Meilisearch, the outbox records changes and a worker
 * sends them once the index settings hold; an engine that is down at start delays updates, it does
 * not stop the server.
 */
export async function startSearchEngine(
  config: Config,
  orm: MikroORM,
  logger: Logger,
): Promise<SearchEngine> {
  const em = orm.em.fork();
  if (!config.meiliHost) {
    await setOutboxEnabled(em, false);
    return { factory: (requestEm) => new PostgresSearchIndex(requestEm), stop: async () => {} };
  }
  const meili = new MeiliSearchIndex(config.meiliHost, config.meiliApiKey);
  await setOutboxEnabled(em, true);
  // The worker applies the index settings before its first send, and retries until they hold.
  const worker = new OutboxWorker(orm.em, meili, logger);
  worker.start();
  logger.info({ host: config.meiliHost }, 'search engine: Meilisearch (fed by the outbox)');
  return {
    factory: (requestEm) => meili.withEntityManager(requestEm),
    stop: async () => {
      const stopped = worker.stop();
      meili.close(); // a send waiting for Meilisearch gives up; its rows stay in the outbox
      await stopped;
    },
  };
}
