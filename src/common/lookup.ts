import type {
  EntityClass,
  EntityManager,
  FilterQuery,
  QueryBuilder,
  QueryOrderMap,
} from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/postgresql';
import type { BaseEntity } from '../db/base.entity';
import { NotFoundError } from './errors';
import { fromGlobalId } from './global-id';
import type { Page, PageArgs } from './pagination';
import { pageWindow, toPage } from './pagination';

/** The entity behind a global ID; `BAD_USER_INPUT` if malformed, `NOT_FOUND` if missing. */
export async function getByGlobalId<T extends BaseEntity>(
  em: EntityManager,
  entity: EntityClass<T>,
  globalId: string,
  field: string,
  options: { lock?: boolean } = {},
): Promise<T> {
  const id = fromGlobalId(globalId, entity.name, field);
  // Locking (inside the mutation's transaction) makes concurrent changes to one row take turns.
  const found = await em.findOne(entity, { id } as FilterQuery<T>, {
    lockMode: options.lock ? LockMode.PESSIMISTIC_WRITE : undefined,
    refresh: options.lock,
  });
  if (!found) throw new NotFoundError(entity.name, globalId, field);
  return found;
}

/** Like {@link getByGlobalId} for an optional reference: null and undefined pass through. */
export async function getOptionalByGlobalId<T extends BaseEntity>(
  em: EntityManager,
  entity: EntityClass<T>,
  globalId: string | null | undefined,
  field: string,
): Promise<T | null | undefined> {
  if (globalId == null) return globalId;
  return getByGlobalId(em, entity, globalId, field);
}

/** Every entity behind a list of global IDs, in order; fails on the first bad or missing one. */
export async function getAllByGlobalIds<T extends BaseEntity>(
  em: EntityManager,
  entity: EntityClass<T>,
  globalIds: readonly string[],
  field: string,
): Promise<T[]> {
  const ids = globalIds.map((globalId) => fromGlobalId(globalId, entity.name, field));
  const rows = await em.find(entity, { id: { $in: ids } } as unknown as FilterQuery<T>);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id, index) => {
    const row = byId.get(id);
    if (!row) throw new NotFoundError(entity.name, globalIds[index], field);
    return row;
  });
}

/** The database id behind an optional global ID filter argument. */
export function optionalId(globalId: string | null | undefined, type: string, field: string) {
  return globalId == null ? undefined : fromGlobalId(globalId, type, field);
}

/** One page of a filtered, ordered list as a Relay connection (two statements: rows and count). */
export async function listPage<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  orderBy: QueryOrderMap<T>,
): Promise<Page<T>> {
  const window = pageWindow(args);
  const [items, total] = await em.findAndCount(entity, where, {
    orderBy,
    limit: window.limit,
    offset: window.offset,
  });
  return toPage(items, total, window);
}

/** A case- and accent-insensitive "contains" pattern for ILIKE, with wildcards escaped. */
export function containsPattern(text: string): string {
  return `%${text.trim().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** One page of a query builder's rows as a Relay connection (rows and count). */
export async function queryPage<T extends object>(
  qb: QueryBuilder<T>,
  args: PageArgs,
): Promise<Page<T>> {
  const window = pageWindow(args);
  const [items, total] = await qb.limit(window.limit).offset(window.offset).getResultAndCount();
  return toPage(items, total, window);
}

/** A subquery selecting `column` from `table`, for `id: { $in: … }` filters. */
export function subquery(em: EntityManager, sql: string, params: unknown[]) {
  return em.getKnex().raw(sql, params as never[]);
}
