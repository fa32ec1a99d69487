import type { DocumentNode, GraphQLSchema } from 'graphql';
import { getOperationAST, Kind } from 'graphql';
import { getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { LRUCache } from 'lru-cache';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './common/pagination';

/**
 * What an operation costs, in points: roughly the rows it reads, plus the work of the fields that
 * rank, compare or look ahead. The cost decides whether an operation may run at all (at most
 * {@link COST_LIMITS}`.perOperation`, less for anonymous callers), what it takes from its caller's
 * budget per minute, and whether it waits for one of the few slots for expensive work, as GitHub's
 * GraphQL API charges points by the nodes a query may return.
 *
 * - A field costs 1 plus what its selection costs.
 * - A page (a field with `first`) costs 1 plus `first` times its selection: `first` is counted up
 *   to the largest page (100), so a larger one is refused by the field itself, naming `first`.
 * - The fields in {@link FIELD_COSTS} cost what their work costs, by their arguments.
 */
export const COST_LIMITS = {
  /** The most one operation of a signed-in caller may cost (a page of 100 with 30 fields each). */
  perOperation: 10_000,
  /** The most one operation of an anonymous caller may cost. */
  perAnonymousOperation: 2_000,
  /** From this cost on, an operation is expensive: it runs in one of the few slots for such work. */
  expensive: 1_000,
} as const;

type CostOf = (args: Record<string, unknown>, selection: number) => number;

/** `first` as the field will read it: its default when not given, never more than the largest page. */
function page(args: Record<string, unknown>, fallback = DEFAULT_PAGE_SIZE): number {
  const first = Number(args.first ?? fallback);
  return Number.isFinite(first) ? Math.min(Math.max(Math.trunc(first), 1), MAX_PAGE_SIZE) : 1;
}

const length = (value: unknown) => (typeof value === 'string' ? value.length : 0);

/**
 * The fields whose work is more than reading rows, with what it costs. The figures follow their
 * measured work on the demo network and at 100,000 people: ranking experts or successors reads a
 * few hundred people's evidence; comparing a text reads it in full, so each 20 characters of it
 * cost a point; a look ahead of `horizonDays` costs a point a day; an import a point per 50 bytes.
 */
export const FIELD_COSTS: Record<string, CostOf> = {
  'Query.experts': (args, selection) => 300 + page(args) * selection,
  'Query.search': (args, selection) => 200 + page(args) * selection,
  'Query.similarRequirements': (args, selection) =>
    200 + Math.ceil(length(args.text) / 20) + page(args, 10) * selection,
  'Query.successorCandidates': (args, selection) => 300 + page(args, 10) * selection,
  // One item per topic, product and group at risk: up to a few hundred on the demo network.
  'Query.knowledgeAtRisk': (args, selection) =>
    100 + Math.max(0, Number(args.horizonDays) || 0) + 50 * selection,
  'Requirement.peopleToAsk': (args, selection) => 200 + page(args, 5) * selection,
  'Person.successors': (_args, selection) => 10 + 5 * selection,
  'Group.busFactor': () => 20,
  'Product.busFactor': () => 20,
  'Topic.busFactor': () => 20,
  'Mutation.importPeople': (args) => 1_000 + Math.ceil(length(args.content) / 50),
  'Mutation.importRequirements': (args) => 1_000 + Math.ceil(length(args.content) / 50),
  'Mutation.recordDeparture': (_args, selection) => 300 + 50 * selection,
};

const fieldCosts: ComplexityEstimator = ({ type, field, args, childComplexity }) =>
  FIELD_COSTS[`${type.name}.${field.name}`]?.(args, childComplexity);

const pages: ComplexityEstimator = ({ field, args, childComplexity }) =>
  field.args.some((arg) => arg.name === 'first') ? 1 + page(args) * childComplexity : undefined;

/** More field nodes than this (fragments spread within fragments) is refused outright. */
const MAX_FIELD_NODES = 10_000;

/**
 * The cost of the operation `operationName` of a document (see {@link COST_LIMITS}). Variables
 * that do not fit their types are left to execution, which refuses them before any field runs;
 * they cost 1 here. A document that spreads into more than {@link MAX_FIELD_NODES} fields costs
 * more than anyone may spend.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
): number {
  try {
    return getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables,
      estimators: [fieldCosts, pages, simpleEstimator({ defaultComplexity: 1 })],
      maxQueryNodes: MAX_FIELD_NODES,
    });
  } catch (error) {
    return /maximum allowed number of nodes/.test((error as Error).message) ? Infinity : 1;
  }
}

/**
 * Remembers what operations cost: working it out walks the whole document with its variables
 * (about a twentieth of the server's CPU time for a cheap query), while clients send the same few
 * documents again and again. An entry is keyed by all that decides the cost, for one schema: the
 * document's hash (Apollo's `queryHash`, SHA-256 of its text), the operation name and the
 * variables as {@link costDeciding} keeps them, so `first: 10` and `first: 100` have entries of
 * their own, while `person(id: $id)` has one for every person. Variables that are not
 * plain JSON values (only possible in process) or whose key would be long (large texts, which are
 * expensive operations anyway) are not cached: their cost is worked out each time.
 */
export class OperationCosts {
  private readonly entries: LRUCache<string, number>;

  constructor(
    readonly schema: GraphQLSchema,
    /** Entries kept, the least recently used dropped first. */
    readonly max = 2_000,
    /** Longest key cached, in characters (the document's hash and name included). */
    readonly maxKeyLength = 2_000,
  ) {
    this.entries = new LRUCache({ max });
  }

  /** The cost of the operation, as {@link operationCost} says. */
  cost(
    queryHash: string,
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | undefined,
  ): number {
    const key = this.keyOf(
      queryHash,
      operationName,
      costDeciding(document, operationName, variables),
    );
    const cached = key === undefined ? undefined : this.entries.get(key);
    if (cached !== undefined) return cached;
    const cost = operationCost(this.schema, document, operationName, variables);
    if (key !== undefined) this.entries.set(key, cost);
    return cost;
  }

  /** How many costs are remembered. */
  get size(): number {
    return this.entries.size;
  }

  private keyOf(
    queryHash: string,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | undefined,
  ): string | undefined {
    // Most variables are a few scalars (and `costDeciding`'s stand-ins): JSON spells them exactly,
    // and JSON.stringify without a replacer is several times faster.
    if (
      variables === undefined ||
      (isPlainJson(variables) && Object.values(variables).every(isFlatJson))
    ) {
      const key = JSON.stringify([queryHash, operationName ?? null, variables ?? null]);
      return key.length <= this.maxKeyLength ? key : undefined;
    }
    let plain = true;
    const key = JSON.stringify(
      [queryHash, operationName ?? null, variables ?? null],
      // `this[name]` is the value before any `toJSON` (a date's) turned it into something else.
      function (this: Record<string, unknown>, name: string, value: unknown) {
        if (plain && !isPlainJson(this[name])) plain = false;
        return plain ? value : undefined;
      },
    );
    return plain && key.length <= this.maxKeyLength ? key : undefined;
  }
}

/**
 * The variables as far as they can decide a cost: no estimator reads an ID or what a string says,
 * only how long a string is (a text to compare, a file to import). So a string given for an `ID`
 * variable counts as any ID, and one for a `String` variable as its length; every other value (of
 * other types, or not a string, which may not fit its type and then costs 1) stays as it is.
 */
export function costDeciding(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (!variables) return variables;
  const operation = getOperationAST(document, operationName);
  const kept: Record<string, unknown> = { ...variables };
  for (const definition of operation?.variableDefinitions ?? []) {
    const type =
      definition.type.kind === Kind.NON_NULL_TYPE ? definition.type.type : definition.type;
    const name = definition.variable.name.value;
    const value = kept[name];
    if (type.kind !== Kind.NAMED_TYPE || typeof value !== 'string') continue;
    if (type.name.value === 'ID') kept[name] = { id: true };
    else if (type.name.value === 'String') kept[name] = { length: value.length };
  }
  return kept;
}

/** {@link isPlainJson}, for a value that is not an array and holds no object but plain values. */
function isFlatJson(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return isPlainJson(value);
  return !Array.isArray(value) && isPlainJson(value) && Object.values(value).every(isScalarJson);
}

/** {@link isPlainJson} for a value that is not an object (or is null). */
function isScalarJson(value: unknown): boolean {
  return (typeof value !== 'object' || value === null) && isPlainJson(value);
}

/**
 * Whether JSON text spells the value exactly, so that equal keys mean equal variables: `null`,
 * strings, booleans, finite numbers, arrays and plain objects; not `undefined`, dates or other
 * instances, which JSON would drop or turn into something else.
 */
function isPlainJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null || Array.isArray(value)) return true;
      const prototype = Object.getPrototypeOf(value) as unknown;
      return prototype === Object.prototype || prototype === null;
    }
    default:
      return false;
  }
}
