import 'reflect-metadata';
import { exitWithFailure } from '../common/command';
import { openDatabase } from '../app';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { seed } from './seed';

/** `npm run seed`: loads (or refreshes) the reference data and the demo network. Idempotent. */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger);
  try {
    const report = await seed(database.orm.em.fork(), logger);
    console.log(`seed: ${report.created} created, ${report.updated} updated`);
  } finally {
    await database.close();
  }
}

main().catch((error) => exitWithFailure('seed', error));
