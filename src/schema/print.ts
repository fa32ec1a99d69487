import type { GraphQLSchema } from 'graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';

const HEADER = `# Erfaringsnet GraphQL schema. Emitted from the code by \`npm run schema:emit\`: do not edit.
# A test fails when this file and the code disagree.

`;

/** The committed SDL: sorted, so that moving code around does not change the file. */
export function printSchemaFile(schema: GraphQLSchema): string {
  return HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
}
