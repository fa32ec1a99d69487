import type { EntityClass, EntityManager, FilterQuery, QueryOrderMap } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { today } from '../db/base.entity';
import type { BaseEntity } from '../db/base.entity';
import { preparedRead } from '../db/prepared';
import { fieldsOf, loadedFrom } from './joined-rows';
import { Period, periodKey, periodSql } from './temporal';
import type { TemporalArgs } from './temporal';

type Ref = { id: string } | null | undefined;

/**
 * Per-request batch loaders. Field resolvers ask for one parent's relations; the loaders collect
 * every such call made in the same tick and answer them with one query, so a request's statement
 * count does not grow with the number of rows it returns.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  /** Answers known before their loader exists (see {@link known}), by loader and key. */
  private readonly primed = new Map<string, Map<unknown, unknown>>();
  /** How to make a managed entity of a read-only one, should it be needed (see {@link managedLater}). */
  private managers?: Map<object, () => object>;

  constructor(private readonly em: EntityManager) {}

  private loader<K, V>(
    key: string,
    batch: (keys: readonly K[]) => Promise<V[]>,
    cacheKey?: (key: K) => string,
  ): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V, unknown>(batch, { cacheKeyFn: cacheKey, maxBatchSize: 1000 });
      for (const [id, value] of this.primed.get(key) ?? []) loader.prime(id as K, value as V);
      this.primed.delete(key);
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  private prime(loaderKey: string, id: string, value: unknown) {
    const loader = this.loaders.get(loaderKey);
    if (loader) {
      loader.prime(id, value);
      return;
    }
    let values = this.primed.get(loaderKey);
    if (!values) this.primed.set(loaderKey, (values = new Map()));
    values.set(id, value);
  }

  /**
   * Rows a resolver has already read (with its parent, in one statement): {@link one} answers them
   * without a statement.
   */
  known<T extends BaseEntity>(entity: EntityClass<T>, rows: readonly T[]): void {
    for (const row of rows) this.prime(`one:${entity.name}`, row.id, row);
  }

  /**
   * What {@link many} with these `entity`, `fk`, `variant` and `orderBy` would answer for
   * `parentId`, already read (in that order): it answers with these rows without a statement.
   */
  knownMany<T extends object>(
    entity: EntityClass<T>,
    fk: string,
    variant: string,
    parentId: string,
    rows: T[],
    orderBy: object = {},
  ): void {
    this.prime(manyKey(entity, fk, variant, orderBy), parentId, rows);
  }

  /**
   * The entity a many-to-one reference points at (null for an empty reference). Read as a
   * prepared statement and made managed as `find` makes it: a resolver may load its collections.
   */
  async one<T extends BaseEntity>(entity: EntityClass<T>, ref: Ref): Promise<T | null> {
    if (!ref) return null;
    const loader = this.loader<string, T | null>(`one:${entity.name}`, async (ids) => {
      const { label, sql } = statementOf(`one:${entity.name}`, () => {
        const table = this.em.getMetadata().get(entity.name).tableName;
        return {
          label: `one_${table}`,
          sql: `select ${fieldsOf(this.em, entity, 'e')} from "${table}" e where e.id = any($1::uuid[])`,
        };
      });
      const rows = await preparedRead(this.em, label, sql, [ids]);
      const byId = new Map<string, T>();
      for (const row of rows) {
        const found = loadedFrom(this.em, entity, row);
        byId.set(found.id, found);
      }
      return ids.map((id) => byId.get(id) ?? null);
    });
    return loader.load(ref.id);
  }

  /**
   * Rows of a temporal `entity` whose foreign key `fk` points at `parentId`, in the period of
   * `args` (today's by default), ordered: {@link many} with `periodFilter`, and answered by the
   * same loader (so {@link knownMany} with `periodKey(args)` primes it), but read as a prepared
   * statement.
   */
  async during<T extends object>(
    entity: EntityClass<T>,
    fk: string & keyof T,
    parentId: string,
    args: Pick<TemporalArgs, 'period' | 'asOf'>,
    orderBy: Partial<Record<keyof T & string, 'asc' | 'desc'>> = {},
  ): Promise<T[]> {
    const asOf = args.asOf ?? today();
    const variant = periodKey({ period: args.period, asOf });
    const loader = this.loader<string, T[]>(manyKey(entity, fk, variant, orderBy), async (ids) => {
      const shape = `during:${entity.name}.${fk}:${args.period}:${JSON.stringify(orderBy)}`;
      const { label, sql } = statementOf(shape, () => {
        const meta = this.em.getMetadata().get(entity.name);
        const column = (prop: string) => `e."${meta.properties[prop as never].fieldNames[0]}"`;
        const period = periodSql('e', args.period, '$2');
        const order = Object.entries(orderBy).map(([prop, dir]) => `${column(prop)} ${dir}`);
        return {
          label: `during_${meta.tableName}_${fk}`,
          sql: `select ${fieldsOf(this.em, entity, 'e')} from "${meta.tableName}" e
                 where ${column(fk)} = any($1::uuid[])${period ? ` and ${period}` : ''}
                 ${order.length ? `order by ${order.join(', ')}` : ''}`,
        };
      });
      const values = args.period === Period.ALL ? [ids] : [ids, asOf];
      const rows = await preparedRead(this.em, label, sql, values);
      const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
      for (const row of rows) {
        const found = loadedFrom(this.em, entity, row);
        const parent = (found as Record<string, unknown>)[fk] as { id: string };
        groups.get(parent.id)?.push(found);
      }
      return ids.map((id) => groups.get(id) ?? []);
    });
    return loader.load(parentId);
  }

  /**
   * Rows of `entity` whose foreign key `fk` points at `parentId`, filtered by `where` and ordered.
   * `variant` must identify `where` (e.g. the scope and date): calls with the same variant and
   * `orderBy` are batched together.
   */
  async many<T extends object>(
    entity: EntityClass<T>,
    fk: string,
    parentId: string,
    variant: string,
    where: FilterQuery<T> = {} as FilterQuery<T>,
    orderBy: QueryOrderMap<T> = {},
  ): Promise<T[]> {
    const key = manyKey(entity, fk, variant, orderBy);
    const loader = this.loader<string, T[]>(key, async (ids) => {
      const filter = { $and: [{ [fk]: { $in: [...ids] } }, where] } as FilterQuery<T>;
      const rows = await this.em.find(entity, filter, { orderBy });
      const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
      for (const row of rows) {
        const parent = (row as Record<string, unknown>)[fk] as { id: string };
        groups.get(parent.id)?.push(row);
      }
      return ids.map((id) => groups.get(id) ?? []);
    });
    return loader.load(parentId);
  }

  /**
   * How to make the managed entity of a read-only one (see `readOnlyFrom`), for {@link collection}:
   * a read that answers an entity read-only saves making it managed until one of its collections
   * is asked for, which few requests do. It is made once, however many collections are asked for.
   */
  managedLater<T extends object>(readOnly: T, manage: () => T): void {
    let managed: T | undefined;
    (this.managers ??= new Map()).set(readOnly, () => (managed ??= manage()));
  }

  /**
   * The items of a many-to-many collection of `owner`, populated for all owners at once. An owner
   * read read-only must have been given a way to make it managed ({@link managedLater}).
   */
  async collection<T extends BaseEntity, P extends object>(
    owner: T,
    prop: keyof T & string,
  ): Promise<P[]> {
    const loader = this.loader<T, P[]>(
      `collection:${owner.constructor.name}.${prop}`,
      async (given) => {
        const owners = given.map((item) => (this.managers?.get(item)?.() as T | undefined) ?? item);
        await this.em.populate(owners as T[], [prop] as never, { refresh: false });
        return owners.map((item) => (item[prop] as unknown as { getItems(): P[] }).getItems());
      },
      (item) => item.id,
    );
    return loader.load(owner);
  }

  /**
   * The `entity` rows whose many-to-many collection `prop` contains `parentId`: the inverse side
   * of a collection, e.g. the products a supplier delivers.
   */
  async containing<T extends BaseEntity>(
    entity: EntityClass<T>,
    prop: keyof T & string,
    parentId: string,
    orderBy: QueryOrderMap<T> = {},
  ): Promise<T[]> {
    const loader = this.loader<string, T[]>(`containing:${entity.name}.${prop}`, async (ids) => {
      const wanted = new Set(ids);
      const rows = await this.em.find(
        entity,
        { [prop]: { $in: [...ids] } } as unknown as FilterQuery<T>,
        { populate: [prop] as never, orderBy },
      );
      const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
      for (const row of rows) {
        for (const item of (row[prop] as unknown as { getItems(): BaseEntity[] }).getItems()) {
          if (wanted.has(item.id)) groups.get(item.id)?.push(row);
        }
      }
      return ids.map((id) => groups.get(id) ?? []);
    });
    return loader.load(parentId);
  }

  /**
   * A value per parent, computed for every parent in the batch by one call of `load` (one
   * statement), for answers the other loaders cannot express, such as a ranking per parent.
   * `name` must identify `load` and everything it depends on besides the ids; parents `load`
   * leaves out get `otherwise`.
   */
  async batch<V>(
    name: string,
    parentId: string,
    load: (ids: readonly string[]) => Promise<Map<string, V>>,
    otherwise: V,
  ): Promise<V> {
    const loader = this.loader<string, V>(`batch:${name}`, async (ids) => {
      const values = await load(ids);
      return ids.map((id) => (values.has(id) ? (values.get(id) as V) : otherwise));
    });
    return loader.load(parentId);
  }

  /**
   * A number per parent (e.g. a count), computed for every parent in the batch by one grouped
   * statement. `sql` selects `id` and `n` for the ids bound to `?` (a uuid array); missing ids are 0.
   */
  async count(name: string, sql: string, parentId: string): Promise<number> {
    const loader = this.loader<string, number>(`count:${name}`, async (ids) => {
      const rows = (await this.em.getConnection().execute(sql, [`{${ids.join(',')}}`])) as {
        id: string;
        n: string;
      }[];
      const counts = new Map(rows.map((row) => [row.id, Number(row.n)]));
      return ids.map((id) => counts.get(id) ?? 0);
    });
    return loader.load(parentId);
  }
}

/** The text and label of a loader's prepared statement, built once per process per shape. */
interface LoaderStatement {
  label: string;
  sql: string;
}

const statements = new Map<string, LoaderStatement>();

function statementOf(shape: string, build: () => LoaderStatement): LoaderStatement {
  let statement = statements.get(shape);
  if (!statement) {
    statement = build();
    statements.set(shape, statement);
  }
  return statement;
}

/**
 * The loader of the rows of `entity` by `fk` in `variant` and in the order `orderBy`: two fields
 * that read the same rows in different orders (a group's past members by role, its former
 * members newest first) must not answer each other.
 */
function manyKey(entity: EntityClass<object>, fk: string, variant: string, orderBy: object) {
  return `many:${entity.name}.${fk}:${variant}:${JSON.stringify(orderBy)}`;
}
