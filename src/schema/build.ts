import type {
  GraphQLFieldResolver,
  GraphQLObjectType,
  GraphQLResolveInfo,
  GraphQLSchema,
} from 'graphql';
import { GraphQLScalarType, isAbstractType, isObjectType } from 'graphql';
import { getMetadataStorage as validationMetadata } from 'class-validator';
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
import {
  refuseUnstorableText,
  storableArgumentsFirst,
  StorableTextArguments,
} from '../common/validation';
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
  resolveSimpleFieldsInline(schema);
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

/** `@Authorized`'s check of a field: true, or it throws (or a promise of either). */
type Guard = (
  root: object,
  args: object,
  context: Context,
  info: GraphQLResolveInfo,
) => true | Promise<true>;

/** What type-graphql keeps of a resolver method's parameter (its `ParamMetadata`). */
interface ParamMetadata {
  kind: string;
  index: number;
  /** `@Root('name')`, `@Ctx('name')`: a property of the root or context. */
  propertyName?: string;
  /** `@Arg`: the argument's name. */
  name?: string;
  getType?: () => unknown;
  validateSettings?: unknown;
  validateFn?: unknown;
}

/** What type-graphql keeps of a field resolver or query method (its `ResolverMetadata`). */
interface ResolverMetadata {
  target: unknown;
  methodName: string;
  schemaName: string;
  kind?: string;
  roles?: string[];
  middlewares?: unknown[];
  params?: unknown[];
  getObjectType?: () => { name: string } | undefined;
}

/**
 * A parameter's value as type-graphql would give it, or {@link ASK_TYPE_GRAPHQL} where only
 * type-graphql can make it (an argument given as an object or a list, to convert and validate).
 */
type ParamReader = (
  root: Record<string, unknown>,
  args: Record<string, unknown>,
  context: Context,
  info: GraphQLResolveInfo,
) => unknown;
const ASK_TYPE_GRAPHQL = Symbol('ask type-graphql');

/** Whether type-graphql would convert a value (into an input class or a list of them). */
const isConverted = (value: unknown) => typeof value === 'object' && value !== null;

/**
 * type-graphql runs every field of every answer through its middleware chain, an async function
 * and a few promises each, even where all there is to do is compare a role: for a group of 100,
 * the fields of its 100 people and their seats' `person`, a tenth of the request's CPU time. The
 * fields of object types and of `Query` (not `Mutation`, whose resolvers also run in a transaction
 * and under the audit) are resolved here instead, synchronously, where that is simple:
 *
 * - a plain field (a property or getter of the entity, no field resolver, no middleware):
 *   `@Authorized` (on the field, or on a whole class such as `Person`) runs the same
 *   `authChecker`, then the property is read as type-graphql would (a field without
 *   `@Authorized` just reads it);
 * - a query or field resolver method without middleware of its own, whose parameters are
 *   `@Root`, `@Ctx`, `@Info`, `@Arg` and `@Args` of a class of plain fields that declares no
 *   validation (a seat's `person`, `person(id)`, a person's `affiliations(period, asOf)`): the same
 *   check for its roles, then what the global middlewares do outside a mutation (refuse
 *   unstorable text in the arguments: see {@link GLOBAL_MIDDLEWARES}), then the method is called
 *   on an instance of its resolver class with the parameters type-graphql would give it.
 *
 * A check that denies without throwing gets type-graphql's errors. Any other field keeps
 * type-graphql's resolver, and so does a call that type-graphql would convert: a root of another
 * class than the declared one, or an argument given as an object or a list.
 */
function resolveSimpleFieldsInline(schema: GraphQLSchema): void {
  const storage = getMetadataStorage();
  const query = schema.getQueryType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type === schema.getMutationType()) {
      continue;
    }
    const meta = storage.objectTypes.find((objectType) => objectType.name === type.name);
    for (const field of Object.values(type.getFields())) {
      if (!field.resolve) continue;
      // The method the schema was built from (under Jest, the metadata holds a second copy of
      // each class: the one listed in `resolvers` is the one in use).
      const candidates = (type === query ? storage.queries : storage.fieldResolvers) as unknown[];
      const resolver = (candidates as ResolverMetadata[]).find(
        (candidate) =>
          candidate.schemaName === field.name &&
          (type === query || candidate.getObjectType?.()?.name === type.name) &&
          (resolvers as unknown[]).includes(candidate.target),
      );
      if (resolver) {
        const inline = inlineResolver(resolver, type === query, field.args.length > 0);
        if (inline) field.resolve = inline(field.resolve);
        continue;
      }
      const own = fieldOf(meta?.target, field.name);
      if (type === query || field.args.length > 0 || !own || own.middlewares?.length) continue;
      // By the type's name: where a test loads the classes twice, the metadata holds both.
      const resolved = storage.fieldResolvers.some(
        (candidate) =>
          candidate.getObjectType?.()?.name === own.target.name &&
          (candidate.methodName === own.name || candidate.schemaName === field.name),
      );
      if (resolved) continue;
      const { name } = own;
      const allowed = guard(own.roles);
      if (!allowed) {
        field.resolve = (root: Record<string, unknown>) => root[name];
        continue;
      }
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
 * type-graphql's metadata of the field `name` of the object type `target`: its own, or one it
 * inherits (`id`, from `BaseEntity`).
 */
function fieldOf(target: unknown, name: string) {
  const storage = getMetadataStorage();
  for (const type of classChain(target)) {
    const found = storage.objectTypes
      .find((objectType) => objectType.target === type)
      ?.fields?.find((candidate) => candidate.schemaName === name);
    if (found) return found;
  }
  return undefined;
}

/** A class and the classes it extends, nearest first (for metadata kept per declaring class). */
function* classChain(target: unknown): Generator<unknown> {
  for (let type = target as { prototype?: unknown } | null; type?.prototype !== undefined;) {
    yield type;
    type = Object.getPrototypeOf(type) as typeof type;
  }
}

/** `@Authorized(roles)` as type-graphql checks it; undefined without `@Authorized`. */
function guard(roles: string[] | undefined): Guard | undefined {
  if (roles === undefined) return undefined;
  const check = authChecker as AuthCheckerFn<Context>;
  const granted = (allowed: boolean): true => {
    if (!allowed) throw roles.length === 0 ? new AuthenticationError() : new AuthorizationError();
    return true;
  };
  return (root, args, context, info) => {
    const allowed = check({ root, args, context, info }, roles);
    return typeof allowed === 'boolean' ? granted(allowed) : allowed.then(granted);
  };
}

/**
 * The inline resolver of a query or field resolver method (see {@link resolveSimpleFieldsInline}),
 * given type-graphql's to fall back on; undefined for one that must stay type-graphql's.
 * `takesArguments`: the field declares arguments, whose text the global middlewares check.
 */
function inlineResolver(resolver: ResolverMetadata, isQuery: boolean, takesArguments: boolean) {
  if ((!isQuery && resolver.kind !== 'external') || resolver.middlewares?.length) return undefined;
  const params = [...((resolver.params ?? []) as ParamMetadata[])].sort(
    (a, b) => a.index - b.index,
  );
  const readers: ParamReader[] = [];
  /** The class a `@Root` parameter is declared as: a root of another is type-graphql's to copy. */
  let rootClass: (abstract new () => unknown) | undefined;
  for (const param of params) {
    const { propertyName } = param;
    if (param.validateFn !== undefined || param.validateSettings !== undefined) return undefined;
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
        readers.push((_, __, context) =>
          propertyName ? (context as unknown as Record<string, unknown>)[propertyName] : context,
        );
        break;
      case 'info':
        readers.push((_, __, ___, info) => info);
        break;
      case 'arg': {
        // A scalar or an enum value is given as it is; an object or a list is converted.
        const name = param.name as string;
        readers.push((_, args) => (isConverted(args[name]) ? ASK_TYPE_GRAPHQL : args[name]));
        break;
      }
      case 'args': {
        const read = argsReader(param.getType?.());
        if (!read) return undefined;
        readers.push((_, args) => read(args));
        break;
      }
      default:
        return undefined;
    }
  }
  const allowed = guard(resolver.roles);
  const Resolver = resolver.target as new () => Record<string, (...args: unknown[]) => unknown>;
  const method = Resolver.prototype[resolver.methodName] as (...args: unknown[]) => unknown;
  let instance: object | undefined;
  return (
    typeGraphQLs: GraphQLFieldResolver<Record<string, unknown>, Context>,
  ): GraphQLFieldResolver<Record<string, unknown>, Context> => {
    const call: GraphQLFieldResolver<Record<string, unknown>, Context> = (
      root,
      args,
      context,
      info,
    ) => {
      // What GLOBAL_MIDDLEWARES do outside a mutation; AuthorizedMutations passes a query.
      if (takesArguments) refuseUnstorableText(args);
      const values = readers.map((read) => read(root, args, context, info));
      if (values.includes(ASK_TYPE_GRAPHQL)) return typeGraphQLs(root, args, context, info);
      instance ??= new Resolver();
      return method.apply(instance, values);
    };
    return (root, args, context, info) => {
      if (rootClass && root != null && !(root instanceof rootClass)) {
        return typeGraphQLs(root, args, context, info);
      }
      const granted = allowed ? allowed(root, args, context, info) : true;
      return granted === true
        ? call(root, args, context, info)
        : granted.then(() => call(root, args, context, info));
    };
  };
}

/**
 * How type-graphql makes an `@Args()` class from a field's arguments, for a class whose fields
 * are scalars and enums (no input class to convert) and that declares no class-validator rule
 * (so validating it finds nothing): a new instance, without the properties it leaves undefined
 * that were not given, with the given arguments assigned. Undefined for any other class.
 */
function argsReader(ArgsClass: unknown): ((args: Record<string, unknown>) => unknown) | undefined {
  if (typeof ArgsClass !== 'function') return undefined;
  const storage = getMetadataStorage();
  const fields: string[] = [];
  for (const target of classChain(ArgsClass)) {
    const argsType = storage.argumentTypes.find((candidate) => candidate.target === target);
    for (const field of argsType?.fields ?? []) {
      const fieldType = field.getType();
      if (storage.inputTypes.some((input) => input.target === fieldType)) return undefined;
      fields.push(field.name);
    }
  }
  if (validationMetadata().getTargetValidationMetadatas(ArgsClass, '', true, false).length > 0) {
    return undefined;
  }
  const Args = ArgsClass as new () => Record<string, unknown>;
  return (args) => {
    const given: Record<string, unknown> = {};
    for (const name of fields) {
      const value = args[name];
      if (value === undefined) continue;
      if (isConverted(value)) return ASK_TYPE_GRAPHQL;
      given[name] = value;
    }
    const instance = new Args();
    for (const key of Object.keys(instance)) {
      if (instance[key] === undefined && !(key in given)) delete instance[key];
    }
    return Object.assign(instance, given);
  };
}
