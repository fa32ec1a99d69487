import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker, AuthorizedMutations } from '../auth/auth-checker';
import { TransactionalMutations } from '../common/transaction';
import { StorableTextArguments } from '../common/validation';
import { resolvers } from './resolvers';

/** Builds the executable GraphQL schema from the resolver and entity classes. */
export async function buildGraphQLSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    validate: { forbidUnknownValues: false },
    globalMiddlewares: [StorableTextArguments, TransactionalMutations, AuthorizedMutations],
    authChecker,
  });
  // type-graphql gives the root types no descriptions; the SDL should explain them too.
  const query = schema.getQueryType();
  if (query) {
    query.description =
      'Read the network: people, kommuner, organisations, groups, products, topics, procurements, requirements and knowledge notes.';
  }
  const mutation = schema.getMutationType();
  if (mutation) {
    mutation.description =
      'Change the network. Each mutation runs in one transaction: when it fails, nothing is written.';
  }
  return schema;
}
