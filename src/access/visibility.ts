import type { ObjectQuery } from '@mikro-orm/postgresql';
import type { Access } from '../auth/access';
import { type Requirement, RequirementSharing } from '../modules/requirements/requirements.entity';

/** Of a type anonymous callers may read in part, the rows they may read, in each form a reader needs. */
interface PartlyPublic<T> {
  /** SQL condition over the type's table under `alias`. */
  sql(alias: string): string;
  /** The same as a MikroORM filter. */
  where: ObjectQuery<T>;
  /** The same for a loaded entity. */
  test(entity: T): boolean;
}

/** The types anonymous callers may read in part, and their entities. */
interface PartlyPublicTypes {
  Requirement: Requirement;
}
type PartlyPublicType = keyof PartlyPublicTypes;

/**
 * The one place that decides what an anonymous caller may read: members (anyone signed in) read
 * everything; anonymous callers read the types below, all of their rows or (for the partly public
 * ones) the rows a rule picks: of requirements, the shared ones. Every other type is for members
 * only: its queries and fields carry `@Authorized()` (`visibility.test.ts` checks that no field
 * without it leads an anonymous caller to such a type), `node` refuses it, and the search leaves
 * it out.
 *
 * Its readers: `node`, the requirement queries and lists (`requirement`, `requirements`,
 * `similarRequirements`, `Kommune.requirementsUsed`) and the general search (PostgreSQL's hits
 * and the `public` flag of an external engine's documents).
 */
const PUBLIC = new Set([
  'Kommune',
  'Organization',
  'Group',
  'Membership',
  'Product',
  'ProductAdoption',
  'Topic',
]);
const PARTLY_PUBLIC: { [K in PartlyPublicType]: PartlyPublic<PartlyPublicTypes[K]> } = {
  Requirement: {
    sql: (alias) => `${alias}.sharing = '${RequirementSharing.SHARED}'`,
    where: { sharing: RequirementSharing.SHARED },
    test: (requirement) => requirement.sharing === RequirementSharing.SHARED,
  },
};

const partlyPublic = (typeName: string): PartlyPublic<object> | undefined =>
  Object.hasOwn(PARTLY_PUBLIC, typeName)
    ? (PARTLY_PUBLIC[typeName as PartlyPublicType] as PartlyPublic<object>)
    : undefined;

/** Whether the caller may read anything of this (GraphQL) type. */
export function mayReadType(access: Access, typeName: string): boolean {
  return access.signedIn || PUBLIC.has(typeName) || partlyPublic(typeName) !== undefined;
}

/** Whether the caller may read this record (of the type its class names). */
export function mayRead(access: Access, entity: object): boolean {
  if (access.signedIn || PUBLIC.has(entity.constructor.name)) return true;
  return partlyPublic(entity.constructor.name)?.test(entity) ?? false;
}

/**
 * SQL: whether an anonymous caller may read a row of this type (under `alias`): `true`, `false`
 * or the type's condition. The search's public hits and documents' `public` flag come from it.
 */
export function anonymousSql(typeName: string, alias: string): string {
  if (PUBLIC.has(typeName)) return 'true';
  return partlyPublic(typeName)?.sql(alias) ?? 'false';
}

/** SQL: the rows of a partly public type the caller may read (under `alias`). */
export function readableSql(access: Access, typeName: PartlyPublicType, alias: string): string {
  return access.signedIn ? 'true' : PARTLY_PUBLIC[typeName].sql(alias);
}

/**
 * The rows of a partly public type the caller may read, as a filter, with a name for that
 * selection (to key batched loads by: `all` or `public`).
 */
export function readableScope<K extends PartlyPublicType>(
  access: Access,
  typeName: K,
): { variant: 'all' | 'public'; where: ObjectQuery<PartlyPublicTypes[K]> } {
  return access.signedIn
    ? { variant: 'all', where: {} }
    : { variant: 'public', where: PARTLY_PUBLIC[typeName].where };
}
