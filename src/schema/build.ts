import type {
  GraphQLFieldResolver,
  GraphQLObjectType,
  GraphQLResolveInfo,
  GraphQLSchema,
} from 'graphql';
import { GraphQLScalarType, isAbstractType, isObjectType } from 'graphql';
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
  resolveSimpleFieldsInline(schema, roots);
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

/** What type-graphql keeps of a resolver method's parameter. */
interface ParamMetadata {
  kind: string;
  index: number;
  propertyName?: string;
  getType?: () => unknown;
}

/** `@Authorized`'s check of a field: true, or it throws (or a promise of either). */
type Guard = (
  root: object,
  args: object,
  context: Context,
  info: GraphQLResolveInfo,
) => true | Promise<true>;

/** A value as a resolver's parameter takes it: by the rules of each kind (see below). */
type ParamReader = (
  root: Record<string, unknown>,
  context: Context,
  info: GraphQLResolveInfo,
) => unknown;

/**
 * type-graphql runs every field of every answer through its middleware chain, an async function
 * and a few promises each, even where all there is to do is compare a role: for a group of 100,
 * the fields of its 100 people and their seats' `person`, a tenth of the request's CPU time. Two
 * kinds of field of an object type (not `Query` or `Mutation`; no arguments, so no global
 * middleware applies; no middleware of their own) are resolved here instead, synchronously:
 *
 * - a plain field (a property or getter of the entity, no field resolver): `@Authorized` (on the
 *   field, or on a whole class such as `Person`) runs the same `authChecker`, then the property is
 *   read as type-graphql would;
 * - a field resolver method whose parameters are only `@Root`, `@Ctx` and `@Info` (a seat's
 *   `person`, an affiliation's `kommune`): the same check for its roles, then the method is called
 *   on an instance of its resolver class with the parameters type-graphql would give it.
 *
 * A check that denies without throwing gets type-graphql's errors. Any other field keeps
 * type-graphql's resolver, and so does a root of another class than the declared one (which
 * type-graphql would copy into an instance of it).
 */
function resolveSimpleFieldsInline(schema: GraphQLSchema, roots: Set<unknown>): void {
  const storage = getMetadataStorage();
  const check = authChecker as AuthCheckerFn<Context>;
  const guard = (roles: string[] | undefined): Guard | undefined => {
    if (roles === undefined) return undefined;
    const granted = (allowed: boolean): true => {
      if (!allowed) throw roles.length === 0 ? new AuthenticationError() : new AuthorizationError();
      return true;
    };
    return (root, args, context, info) => {
      const allowed = check({ root, args, context, info }, roles);
      return typeof allowed === 'boolean' ? granted(allowed) : allowed.then(granted);
    };
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || roots.has(type)) continue;
    const meta = storage.objectTypes.find((objectType) => objectType.name === type.name);
    for (const field of Object.values(type.getFields())) {
      if (field.args.length > 0 || !field.resolve) continue;
      // The resolver the schema was built from (under Jest, the metadata holds a second copy of
      // each class: the one listed in `resolvers` is the one in use).
      const resolver = storage.fieldResolvers.find(
        (candidate) =>
          candidate.schemaName === field.name &&
          candidate.getObjectType?.()?.name === type.name &&
          (resolvers as unknown[]).includes(candidate.target),
      );
      if (resolver) {
        const inline = inlineResolver(resolver, guard(resolver.roles));
        if (inline) field.resolve = inline(field.resolve);
        continue;
      }
      const own = meta?.fields?.find((candidate) => candidate.schemaName === field.name);
      if (!own?.roles || own.middlewares?.length) continue;
      // By the type's name: where a test loads the classes twice, the metadata holds both.
      const resolved = storage.fieldResolvers.some(
        (candidate) =>
          candidate.getObjectType?.()?.name === own.target.name &&
          (candidate.methodName === own.name || candidate.schemaName === field.name),
      );
      if (resolved) continue;
      const allowed = guard(own.roles) as Guard;
      const { name } = own;
      const resolve: GraphQLFieldResolver<Record<string, unknown>, Context> = (
        root,
        args,
        context,
        info,
      ) => {
        const granted = allowed(root, args, context, info);
        return granted === true ? root[name] : granted.then(() => root[name]);
      };
      field.resolve = resolve;
    }
  }
}

/**
 * The inline resolver of a field resolver method (see {@link resolveSimpleFieldsInline}), given
 * type-graphql's to fall back on; undefined for one that must stay type-graphql's.
 */
function inlineResolver(
  resolver: ReturnType<typeof getMetadataStorage>['fieldResolvers'][number],
  allowed: Guard | undefined,
) {
  const params = [...(resolver.params ?? [])] as ParamMetadata[];
  if (resolver.kind !== 'external' || resolver.middlewares?.length) return undefined;
  const readers: ParamReader[] = [];
  /** The class a `@Root` parameter is declared as: a root of another is type-graphql's to copy. */
  let rootClass: (abstract new () => unknown) | undefined;
  for (const param of params.sort((a, b) => a.index - b.index)) {
    const { propertyName } = param;
    switch (param.kind) {
      case 'root': {
        const declared = param.getType?.();
        if (propertyName !== undefined) return undefined;
        if (typeof declared === 'function' && !(declared instanceof GraphQLScalarType)) {
          rootClass = declared as abstract new () => unknown;
        }
        readers.push((root) => root);
        break;
      }
      case 'context':
        readers.push((_, context) =>
          propertyName ? (context as unknown as Record<string, unknown>)[propertyName] : context,
        );
        break;
      case 'info':
        readers.push((_, __, info) => info);
        break;
      default:
        return undefined;
    }
  }
  const Resolver = resolver.target as new () => Record<string, (...args: unknown[]) => unknown>;
  const method = Resolver.prototype[resolver.methodName] as (...args: unknown[]) => unknown;
  let instance: object | undefined;
  return (
    typeGraphQLs: GraphQLFieldResolver<Record<string, unknown>, Context>,
  ): GraphQLFieldResolver<Record<string, unknown>, Context> => {
    const call = (root: Record<string, unknown>, context: Context, info: GraphQLResolveInfo) => {
      instance ??= new Resolver();
      return method.apply(
        instance,
        readers.map((read) => read(root, context, info)),
      );
    };
    return (root, args, context, info) => {
      if (rootClass && root != null && !(root instanceof rootClass)) {
        return typeGraphQLs(root, args, context, info);
      }
      const granted = allowed ? allowed(root, args, context, info) : true;
      return granted === true
        ? call(root, context, info)
        : granted.then(() => call(root, context, info));
    };
  };
}
