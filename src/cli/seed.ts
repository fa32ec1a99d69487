import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { exitWithFailure } from '../common/command';
import { openDatabase } from '../app';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { generateNetworkOnce } from '../seed/generate';
import { seed } from '../seed/seed';

const USAGE = `usage: npm run seed [-- --generated PEOPLE [--generator-seed N]]

Adds the reference data and the demo network where they are missing; leaves what was changed
through the API or an import alone. --generated adds a generated network of PEOPLE people (ten
pieces of evidence each; deterministic for a --generator-seed, default 1) for trying the
expert ranking and the knowledge-at-risk reports at size.`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(1);
}

/** `npm run seed`: loads the reference data and the demo network, and optionally a generated one. */
async function main() {
  let values: { generated?: string; 'generator-seed'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        generated: { type: 'string' },
        'generator-seed': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const people = values.generated === undefined ? undefined : Number(values.generated);
  const generatorSeed = Number(values['generator-seed'] ?? 1);
  if (people !== undefined && !(Number.isInteger(people) && people > 0 && people <= 1_000_000)) {
    fail('--generated must be a whole number of people from 1 to 1000000.');
  }
  if (!Number.isInteger(generatorSeed) || generatorSeed < 0) {
    fail('--generator-seed must be a whole number from 0.');
  }

  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger);
  try {
    const report = await seed(database.orm.em.fork(), logger);
    console.log(`seed: ${report.created} created, ${report.updated} updated`);
    if (people !== undefined) {
      const generated = await generateNetworkOnce(database.orm.em.fork(), {
        people,
        seed: generatorSeed,
      });
      console.log(
        generated.created
          ? `generated network: ${people} people, ${generated.evidence} evidence items (generator seed ${generatorSeed})`
          : `generated network: already there (${people} people, generator seed ${generatorSeed})`,
      );
    }
  } finally {
    await database.close();
  }
}

main().catch((error) => exitWithFailure('seed', error));
