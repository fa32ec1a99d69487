import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import type {
  ExecutionResult,
  GraphQLInputType,
  GraphQLSchema,
  OperationDefinitionNode,
} from 'graphql';
import {
  execute,
  getNamedType,
  getVariableValues,
  GraphQLError,
  isInputObjectType,
  printSchema,
  typeFromAST,
} from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import type { CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

/** How many times an operation runs through graphql-js before it is compiled (by default). */
export const COMPILE_AFTER = 2;
/** Most compiled operations kept (least recently used go first); the API's clients send dozens. */
const MAX_COMPILED = 500;
/** Most operations whose runs are counted towards {@link COMPILE_AFTER}. */
const MAX_COUNTED = 5_000;

/** Apollo Server's gateway interface: how it takes an executor other than graphql-js's. */
type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

/**
 * Runs operations with graphql-jit: a query that has run `compileAfter` times (by default
 * {@link COMPILE_AFTER}; `Infinity` never compiles) is
 * compiled to a JavaScript function for its document, which resolves and completes its fields
 * without graphql-js's generic walk over the document for every object of every answer (for a
 * group of 100 members, 600 fields). The answers are those graphql-js gives: the same resolvers,
 * scalars, errors and null propagation; an operation seen once (a one-off, an introspection by a
 * tool) runs through graphql-js, so compiling never costs more than it saves. What cannot be
 * compiled runs through graphql-js too.
 *
 * Apollo Server takes another executor through its gateway interface (`load` returns the
 * executor, the schema is given to `onSchemaLoadOrUpdate`), which is what this is: the schema is
 * the API's own, and Apollo still parses, validates and runs every plugin hook as before.
 */
export function compiledExecution(
  schema: GraphQLSchema,
  { compileAfter = COMPILE_AFTER }: { compileAfter?: number } = {},
): Gateway {
  /** Runs so far of operations not compiled yet, by operation name and document hash. */
  const runs = new LRUCache<string, number>({ max: MAX_COUNTED });
  /** Compiled operations; `false` for one that is not compiled (see {@link compilable}). */
  const compiled = new LRUCache<string, CompiledQuery | false>({ max: MAX_COMPILED });

  const executor: Executor = async (request) => {
    const { document, operationName, queryHash, context } = request;
    const variables = request.request.variables ?? {};
    const key = `${operationName ?? ''}:${queryHash}`;
    let query = compiled.get(key);
    if (query === undefined) {
      const seen = (runs.get(key) ?? 0) + 1;
      runs.set(key, seen);
      if (seen >= compileAfter) {
        const result = compilable(schema, request.operation)
          ? compileQuery(schema, document, operationName ?? undefined, {
              // Errors are answered without their stack: none is captured for each null check.
              disablingCapturingStackErrors: true,
            })
          : undefined;
        query = result && isCompiledQuery(result) ? result : false;
        compiled.set(key, query);
        runs.delete(key);
      }
    }
    if (query) {
      // Variables are checked by graphql-js first, so a bad one is refused in its words and as
      // Apollo recognises (400 BAD_USER_INPUT); graphql-jit's own check then passes them.
      const checked = getVariableValues(
        schema,
        request.operation.variableDefinitions ?? [],
        variables,
      );
      if (checked.errors) return { errors: checked.errors };
      const result = (await query.query(undefined, context, variables)) as ExecutionResult;
      return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
    }
    return execute({
      schema,
      document,
      contextValue: context,
      variableValues: variables,
      operationName,
    }) as Promise<ExecutionResult>;
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async load() {
      return { executor };
    },
    async stop() {
      runs.clear();
      compiled.clear();
    },
  };
}

/**
 * graphql-jit's errors are graphql-js errors in all but one thing: one raised by a resolver whose
 * error has no `extensions` (a database error, say) has none either, where graphql-js gives `{}`,
 * and Apollo reads `extensions.code` of every error before the API's error formatter sees it. So
 * each becomes the error graphql-js would have made: same message, path, locations and original
 * error (by which the formatter maps database errors and masks the unexpected).
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const made = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
  (made as { locations: GraphQLError['locations'] }).locations = error.locations;
  return made;
}

/**
 * Whether an operation is one graphql-jit runs as graphql-js would: a query (mutations, which run
 * one field at a time and spend their time writing, gain nothing) whose variables hold no input
 * object with a default for a field it leaves out: graphql-jit's own check of variables refuses
 * such a value as if the field were missing.
 */
function compilable(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  if (operation.operation !== 'query') return false;
  const seen = new Set<GraphQLInputType>();
  const hasFieldDefaults = (type: GraphQLInputType | undefined): boolean => {
    const named = type && getNamedType(type);
    if (!named || !isInputObjectType(named) || seen.has(named)) return false;
    seen.add(named);
    return Object.values(named.getFields()).some(
      (field) => field.defaultValue !== undefined || hasFieldDefaults(field.type),
    );
  };
  return !(operation.variableDefinitions ?? []).some((definition) =>
    hasFieldDefaults(typeFromAST(schema, definition.type) as GraphQLInputType | undefined),
  );
}
