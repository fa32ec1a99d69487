import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printSchemaFile } from '../schema/print';
import { buildGraphQLSchema } from '../schema/build';

/** `npm run schema:emit`: writes `schema/schema.graphql` from the code. */
async function main() {
  const schema = await buildGraphQLSchema();
  const target = path.resolve(process.cwd(), 'schema', 'schema.graphql');
  writeFileSync(target, printSchemaFile(schema));
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
