import 'reflect-metadata';
import { exitWithFailure } from '../common/command';
import { openDatabase } from '../app';
import { loadConfig } from '../config';
import { rebuildExpertEvidence } from '../modules/experts/evidence-index';
import { createLogger } from '../logger';
import { allDocuments, topicSynonyms } from '../search/documents';
import { MeiliSearchIndex } from '../search/meilisearch.engine';
import { rebuildExternalIndex } from '../search/outbox';
import { PostgresSearchIndex } from '../search/postgres.engine';
import type { SearchIndex } from '../search/search-index';

/**
 * `npm run reindex`: rebuilds the search index from PostgreSQL. For Meilisearch a fresh index is
 * filled and swapped in, so searches never see it half-built, while outbox workers pause; the
 * outbox rows whose changes it saw are cleared, later ones are sent after it; for PostgreSQL the typo and compound vocabulary is refreshed. The expert search's own
 * index is rebuilt too (which also brings its candidates' recency up to date).
 */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger);
  try {
    const em = database.orm.em.fork();
    const index: SearchIndex = config.meiliHost
      ? new MeiliSearchIndex(config.meiliHost, config.meiliApiKey)
      : new PostgresSearchIndex(em);
    const count = index.external
      ? await rebuildExternalIndex(em, index)
      : await index.rebuild(allDocuments(em), await topicSynonyms(em));
    console.log(`reindex: ${count} documents into ${index.name}`);
    const evidence = await rebuildExpertEvidence(database.orm.em.fork());
    console.log(`reindex: ${evidence} evidence items into the expert index`);
  } finally {
    await database.close();
  }
}

main().catch((error) => exitWithFailure('reindex', error));
