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
export interface SearchDescriptor<Type extends string = string, Key extends string = string> {
  /** The GraphQL type, which is also the document type and the entity's class name. */
  readonly type: Type;
  /** Its member of the GraphQL `SearchType` enum. */
  readonly key: Key;
  /** The entity class (a member of the `SearchResult` union). */
  readonly entity: () => new () => object;
  /** The table, as SQL (quoted where it must be). */
  readonly table: string;
  /** SQL: the hit's title. */
  readonly title: string;
  /** SQL: the text a snippet is cut from and an external engine searches. */
  readonly body: string;
  /**
   * SQL (`text[]`): other words that stand for the entity (names in other languages, aliases,
   * the labels of the topics it is about), searched as its own words by an external engine.
   * The labels and aliases of topics linked through `topicLinks` are added to them.
   */
  readonly terms?: string;
  /**
   * The table linking it to its topics (MikroORM's pivot table) and the column naming it: a hit
   * linked to a topic the query names is found and ranks higher.
   */
  readonly topicLinks?: { readonly pivot: string; readonly owner: string };
  /** Whether it is itself a topic: a topic the query names is a hit of its own. */
  readonly isTopic?: boolean;
  /** SQL: which rows are searchable at all (no document for the others). */
  readonly where?: string;
}

/** Declares a searchable entity, keeping its type name and enum key as literal types. */
export function searchable<const Type extends string, const Key extends string>(
  descriptor: SearchDescriptor<Type, Key>,
): SearchDescriptor<Type, Key> {
  return descriptor;
}
