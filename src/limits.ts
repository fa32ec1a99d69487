import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerOptions, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError, ValidationContext } from 'graphql';
import { GraphQLError } from 'graphql';

/**
 * How large and costly one GraphQL operation may be. Measured against every query in the tests
 * and the README: the largest reach depth 8, 6 aliases, 129 tokens and a cost of 1,693.
 */
export const QUERY_LIMITS = {
  /**
   * Nested fields. A connection takes three levels (`people`, `edges`, `node`); the README's
   * group query, with members' affiliations' kommune, reaches 8. Beyond 12 is a query that walks
   * relations in circles (person → groups → members → person …).
   */
  depth: 12,
  /** Aliases: a handful is normal (tests use 6); hundreds are a way to run one field many times. */
  aliases: 15,
  /** Directives (`@include`, `@skip`): graphql-armor's default; the API's queries use none. */
  directives: 50,
  /**
   * Lexical tokens, checked while parsing so a huge document costs little. The longest real
   * query has 129; 2,000 still allows a hand-written query with every field of several types.
   */
  tokens: 2000,
  /**
   * graphql-armor's estimate: 1 per scalar, 2 per object, children weigh 1.5× per level, and
   * a connection multiplies by its `first`. One page of 100 with a nested list costs about
   * 8,000; the README's kommune overview 1,693. Two nested connections (e.g. 100 kommuner with
   * 20 people each, 88,000) are refused: page through them instead.
   */
  cost: 10_000,
} as const;

/**
 * Reports a graphql-armor limit as a validation error (`GRAPHQL_VALIDATION_FAILED`, HTTP 400)
 * naming the limit in `extensions.limit`, without the misleading "Syntax Error:" prefix.
 */
function reportAs(limit: keyof typeof QUERY_LIMITS) {
  return {
    n: QUERY_LIMITS[limit],
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(
          new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
            extensions: { limit },
          }),
        ),
    ],
  };
}

/**
 * The operation limits as Apollo Server options: graphql-armor's validation rules for depth,
 * aliases, directives and cost, graphql-js's own token limit, and, in production, no "Did you
 * mean …" suggestions that would spell out the schema introspection hides.
 */
export function queryLimits(
  production: boolean,
): Pick<ApolloServerOptions<BaseContext>, 'plugins' | 'validationRules' | 'parseOptions'> {
  const { plugins, validationRules } = new ApolloArmor({
    blockFieldSuggestion: { enabled: production },
    maxDepth: reportAs('depth'),
    maxAliases: reportAs('aliases'),
    maxDirectives: reportAs('directives'),
    costLimit: { ...reportAs('cost'), maxCost: QUERY_LIMITS.cost },
    // graphql-armor counts tokens in a hook Apollo treats as a crash (HTTP 500, and every syntax
    // error becomes one: Escape-Technologies/graphql-armor#751); graphql-js counts them itself.
    maxTokens: { enabled: false },
  }).protect();
  return { plugins, validationRules, parseOptions: { maxTokens: QUERY_LIMITS.tokens } };
}

/**
 * graphql-js reports the token limit as a syntax error; this reports it like the other limits,
 * or returns `undefined` for any other error.
 */
export function tokenLimitError(
  formatted: GraphQLFormattedError,
): GraphQLFormattedError | undefined {
  if (formatted.extensions?.code !== 'GRAPHQL_PARSE_FAILED') return undefined;
  if (!/Document contains more tha[nt] \d+ tokens/.test(formatted.message)) return undefined;
  return {
    message: `Token limit of ${QUERY_LIMITS.tokens} exceeded.`,
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'tokens' },
  };
}
