/**
 * What the general search needs to know about one searchable entity. Each module that owns a
 * searchable entity declares one in its `<module>.search.ts`; `registry.ts` collects them, and
 * everything else is derived from there: the engine-neutral document types, PostgreSQL's hits,
 * Meilisearch's documents, the GraphQL `SearchType` enum and `SearchResult` union, and which
 * tables a rebuild reads. Who may find an entity without signing in is not said here: the
 * visibility policy (`src/access/visibility.ts`) decides that for every reader alike.
 *
 * SQL expressions are written over the entity's table under the alias `x`.
 */
export interface SearchSpec {
  /** SQL: the hit's title. */
  readonly title: string;
  /** SQL: the text a snippet is cut from and an external engine searches. */
  readonly body: string;
  /**
   * SQL (`text[]`): other words that stand for the entity (names in other languages, aliases,
   * the labels of the topics it is about), searched as its own words by an external engine.
   */
  readonly terms?: string;
  /**
   * How it relates to topics: `linked` through its `topics` (the pivot table `<table>_topics`): a
   * hit linked to a topic the query names is found and ranks higher, and the labels and aliases
   * of its topics join its terms; `self`: it is a topic, and one the query names is a hit itself.
   */
  readonly topics?: 'linked' | 'self';
  /** SQL: which rows are searchable at all (no document for the others). */
  readonly where?: string;
}

/** A search descriptor, with the names derived from its type. */
export interface SearchDescriptor<
  Type extends string = string,
  Key extends string = string,
> extends SearchSpec {
  /** The GraphQL type, which is also the document type and the entity's class name. */
  readonly type: Type;
  /** Its member of the GraphQL `SearchType` enum: the type in upper snake case. */
  readonly key: Key;
  /** The entity class (a member of the `SearchResult` union). */
  readonly entity: () => new () => object;
  /** The table, quoted: the type in snake case, as MikroORM's naming strategy names it. */
  readonly table: string;
  /** The table linking it to its topics, and the column naming it (for `topics: 'linked'`). */
  readonly topicLinks?: { readonly pivot: string; readonly owner: string };
}

/** `KnowledgeItem` → `KNOWLEDGE_ITEM`. */
export type UpperSnake<S extends string, First = true> = S extends `${infer C}${infer Rest}`
  ? `${C extends Lowercase<C> ? Uppercase<C> : First extends true ? C : `_${C}`}${UpperSnake<Rest, false>}`
  : '';

const snake = (type: string) => type.replace(/(?<=.)([A-Z])/g, '_$1').toLowerCase();

/** Declares a searchable entity of a GraphQL type, keeping its type name and key as literal types. */
export function searchable<const Type extends string>(
  type: Type,
  entity: () => new () => object,
  spec: SearchSpec,
): SearchDescriptor<Type, UpperSnake<Type>> {
  const table = snake(type);
  return {
    ...spec,
    type,
    key: table.toUpperCase() as UpperSnake<Type>,
    entity,
    table: `"${table}"`,
    ...(spec.topics === 'linked'
      ? { topicLinks: { pivot: `${table}_topics`, owner: `${table}_id` } }
      : {}),
  };
}
