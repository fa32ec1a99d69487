import type { GraphQLFieldResolver, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { isAbstractType, isObjectType } from 'graphql';
import {
  type AuthCheckerFn,
  AuthenticationError,
  AuthorizationError,
  buildSchema,
  getMetadataStorage,
} from 'type-graphql';
import type { Context } from '../common/context';
import { authChecker, AuthorizedMutations } from '../auth/auth-checker';
import { onMutationTransaction, transactionalMutation } from '../common/transaction';
import { storableArgumentsFirst, StorableTextArguments } from '../common/validation';
import { auditMutation } from '../modules/audit/audit.service';
import { resolvers } from './resolvers';

/**
 * Middlewares around resolvers: arguments must be storable text, and every mutation must pass an
 * authorization rule. They act on root fields and arguments only, and must stay so (see below).
 */
const GLOBAL_MIDDLEWARES = [StorableTextArguments, AuthorizedMutations];

/**
 * Builds the executable GraphQL schema from the resolver and entity classes.
 *
 * type-graphql wraps every field of every answer in the global middlewares, a chain of promises
 * even where they do nothing: for a group with 100 members, a tenth of the CPU time. So the schema
 * is built twice, with and without them, and the fields that can need them (those of the root
 * types and those with arguments) take their resolvers from the first; a plain field of an object
 * (`name`, or `person` of a membership) resolves without. `@Authorized` works in both.
 *
 * Every mutation field runs in a transaction of its own (see {@link transactionalMutation}), and
 * every mutation is audited: the audit opens its event first in that transaction.
 */
export async function buildGraphQLSchema(): Promise<GraphQLSchema> {
  onMutationTransaction(auditMutation);
  const options = { resolvers, validate: { forbidUnknownValues: false }, authChecker };
  const guarded = await buildSchema({ ...options, globalMiddlewares: GLOBAL_MIDDLEWARES });
  const schema = await buildSchema(options);
  const roots = new Set([schema.getQueryType(), schema.getMutationType()]);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const guardedFields = (guarded.getType(type.name) as GraphQLObjectType).getFields();
    for (const field of Object.values(type.getFields())) {
      if (roots.has(type) || field.args.length > 0) {
        field.resolve = guardedFields[field.name].resolve;
      }
    }
  }
  checkPlainFieldsInline(schema, roots);
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    // Unstorable text is refused before the transaction opens: the audit event would store it.
    if (field.resolve) field.resolve = storableArgumentsFirst(transactionalMutation(field.resolve));
  }
  // Every interface and union resolves a value's type by its class name (entity classes are named
  // as their GraphQL types), as `Node` and `SearchResult` declare. type-graphql wraps such a
  // resolver in an async function; a compiled executor needs the name itself (see
  // compiledExecution), and the name costs no promise.
  for (const type of Object.values(schema.getTypeMap())) {
    if (isAbstractType(type)) type.resolveType = (value: object) => value.constructor.name;
  }
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

/**
 * type-graphql checks `@Authorized` (on a field, or on a whole class such as `Person`) in its
 * middleware chain: an async function and a few promises for each field of every answer, where
 * the check is a comparison (for a group of 100, the fields of its 100 people: a tenth of the
 * request's CPU time). A plain field of an object type (a property or getter of the entity: no
 * field resolver, no middleware of its own, no arguments) runs the same `authChecker` here,
 * synchronously, with type-graphql's errors should it deny without throwing, and then reads the
 * property as type-graphql would. Any other field keeps type-graphql's resolver.
 */
function checkPlainFieldsInline(schema: GraphQLSchema, roots: Set<unknown>): void {
  const storage = getMetadataStorage();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || roots.has(type)) continue;
    const meta = storage.objectTypes.find((objectType) => objectType.name === type.name);
    for (const field of Object.values(type.getFields())) {
      const own = meta?.fields?.find((candidate) => candidate.schemaName === field.name);
      if (!own?.roles || own.middlewares?.length || field.args.length > 0 || !field.resolve) {
        continue;
      }
      // By the type's name: where a test loads the classes twice, the metadata holds both.
      const resolved = storage.fieldResolvers.some(
        (resolver) =>
          resolver.getObjectType?.()?.name === own.target.name &&
          (resolver.methodName === own.name || resolver.schemaName === field.name),
      );
      if (resolved) continue;
      const { roles, name } = own;
      const check = authChecker as AuthCheckerFn<Context>;
      const read = (granted: boolean, root: Record<string, unknown>) => {
        if (!granted) {
          throw roles.length === 0 ? new AuthenticationError() : new AuthorizationError();
        }
        return root[name];
      };
      const resolve: GraphQLFieldResolver<Record<string, unknown>, Context> = (
        root,
        args,
        context,
        info,
      ) => {
        const granted = check({ root, args, context, info }, roles);
        return typeof granted === 'boolean'
          ? read(granted, root)
          : granted.then((allowed) => read(allowed, root));
      };
      field.resolve = resolve;
    }
  }
}
