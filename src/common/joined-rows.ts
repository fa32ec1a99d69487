import type {
  EntityClass,
  EntityDictionary,
  EntityManager,
  EntityProperty,
} from '@mikro-orm/postgresql';
import { ReferenceKind } from '@mikro-orm/postgresql';
import { preparedReadAsArrays } from '../db/prepared';

/** One entity's columns in a row of a hand-written join (see {@link joinedColumns}). */
export interface JoinedPart {
  entity: EntityClass<object>;
  alias: string;
  /**
   * An SQL condition outside which the columns are null, for the one entity a join repeats on
   * every row (a group beside each of its members): repeating a group's text beside each of 100
   * members cost decoding it 100 times.
   */
  onlyWhere?: string;
  /** Only these properties (read them with `readOnlyAll(…, partial)`). */
  props?: readonly string[];
}

/** The select list of a hand-written join, and the names of its columns. */
export interface JoinedColumns {
  select: string;
  columns: string[];
  /** Whether the columns are packed into JSON arrays (see {@link joinedColumns}). */
  packed: boolean;
}

/**
 * The columns of several entities for a hand-written join, so that one row can carry several
 * entities (of each, what `find` would read: no lazy, computed or inverse-side properties), named
 * `<alias>__<column>` (see {@link readOnlyFrom}).
 *
 * `pack`: they are packed into one JSON array per row, which {@link readJoined} unpacks: pg then
 * decodes one value per row instead of one per column, and reads a one-column description of the
 * rows at every run instead of one of 40 columns (for `person(id)`, a sixth of its CPU time in
 * process). PostgreSQL pays for building the JSON with each row (for a group of 100, more than pg
 * saves), so it is for statements of many columns and few rows. Each value is what pg gives for
 * the column on its own: text, ids, booleans, integers, arrays of text and JSON as JSON has them;
 * dates, timestamps, intervals, `bigint` and `numeric` as their text (which pg gives for them, as
 * the ORM configures it). A column of another type is refused here, once per process.
 */
export function joinedColumns(
  em: EntityManager,
  parts: readonly JoinedPart[],
  pack = true,
): JoinedColumns {
  const values: string[] = [];
  const columns: string[] = [];
  for (const { entity, alias, onlyWhere, props } of parts) {
    for (const prop of readProps(em, entity)) {
      if (props && !props.includes(prop.name)) continue;
      prop.fieldNames.forEach((field, index) => {
        const cast = pack ? jsonCast(entity, prop, index) : '';
        const value = `${alias}."${field}"${cast}`;
        values.push(onlyWhere ? `case when ${onlyWhere} then ${value} end` : value);
        columns.push(`${alias}__${field}`);
      });
    }
  }
  if (!pack) {
    const select = values.map((value, i) => `${value} as "${columns[i]}"`).join(', ');
    return { select, columns, packed: false };
  }
  // PostgreSQL takes at most 100 arguments to a function.
  const arrays: string[] = [];
  for (let start = 0; start < values.length; start += 100) {
    const chunk = values.slice(start, start + 100).join(', ');
    arrays.push(`json_build_array(${chunk}) as "joined_${arrays.length}"`);
  }
  return { select: arrays.join(', '), columns, packed: true };
}

/** Types whose JSON is the value pg gives (see {@link joinedColumns}). */
const AS_JSON = new Set([
  'text',
  'varchar',
  'character varying',
  'uuid',
  'boolean',
  'smallint',
  'int',
  'int2',
  'int4',
  'integer',
  'text[]',
  'json',
  'jsonb',
]);
/** Types pg gives as their text (see {@link joinedColumns}). */
const AS_TEXT = new Set([
  'date',
  'timestamptz',
  'timestamp',
  'timestamptz(6)',
  'timestamp(6)',
  'interval',
  'bigint',
  'int8',
  'numeric',
]);

function jsonCast(entity: EntityClass<object>, prop: EntityProperty, index: number): string {
  const type = (prop.columnTypes?.[index] ?? '').toLowerCase();
  if (AS_JSON.has(type) || /^varchar\(\d+\)$/.test(type)) return '';
  if (AS_TEXT.has(type) || /^(numeric|decimal)\(/.test(type)) return '::text';
  throw new Error(
    `joinedColumns: ${entity.name}.${prop.name} is a ${type} column, whose value pg would read otherwise than its JSON`,
  );
}

/** A statement whose select list is {@link joinedColumns}'. */
export interface JoinedStatement extends JoinedColumns {
  sql: string;
}

/**
 * A statement of a prepared join, built once per process (it needs the ORM's metadata, but is
 * the same text for every request and every EntityManager): `statement` puts the select list of
 * {@link joinedColumns} into its text.
 */
export function joinedOnce(
  parts: readonly JoinedPart[],
  statement: (select: string) => string,
  { pack }: { pack: boolean },
): (em: EntityManager) => JoinedStatement {
  let built: JoinedStatement | undefined;
  return (em) => {
    if (!built) {
      const columns = joinedColumns(em, parts, pack);
      built = { ...columns, sql: statement(columns.select) };
    }
    return built;
  };
}

/**
 * Runs a statement of {@link joinedOnce} as a prepared read (see `preparedReadAsArrays`) and
 * answers its rows unpacked, each the values of its columns in order.
 */
export async function readJoined(
  em: EntityManager,
  label: string,
  { sql, columns, packed }: JoinedStatement,
  values: readonly unknown[],
): Promise<RowTable> {
  const read = await preparedReadAsArrays(em, label, sql, values);
  if (!packed) return { sql, columns, rows: read.rows };
  const rows = read.rows.map((arrays) =>
    arrays.length === 1 ? (arrays[0] as unknown[]) : (arrays as unknown[][]).flat(),
  );
  return { sql, columns, rows };
}

/** The properties `find` reads: no lazy, computed or inverse-side ones. */
function readProps(em: EntityManager, entity: EntityClass<object>) {
  return em
    .getMetadata()
    .get(entity.name)
    .props.filter(
      (prop) =>
        prop.persist !== false &&
        !prop.lazy &&
        !prop.formula &&
        (prop.kind === ReferenceKind.SCALAR ||
          prop.kind === ReferenceKind.MANY_TO_ONE ||
          (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)),
    );
}

/**
 * The columns of `entity` that `find` reads, as `alias."column"`: for a statement whose rows hold
 * one entity each (see {@link loadedFrom}).
 */
export function fieldsOf(em: EntityManager, entity: EntityClass<object>, alias: string): string {
  return readProps(em, entity)
    .flatMap((prop) => prop.fieldNames)
    .map((column) => `${alias}."${column}"`)
    .join(', ');
}

/**
 * The `entity` of a row read with {@link fieldsOf}, managed by `em` exactly as `find` makes it:
 * one already in the identity map keeps its unflushed changes (where `em.map` would overwrite
 * them with the row).
 */
export function loadedFrom<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  row: Record<string, unknown>,
): T {
  const meta = em.getMetadata().get<T>(entity.name);
  const data = em.getDriver().mapResult(row as EntityDictionary<T>, meta) as EntityDictionary<T>;
  return em.getEntityFactory().create(entity, data, { merge: true, convertCustomTypes: true });
}

/**
 * The rows of a statement as `preparedReadAsArrays` answers them: values by column, and
 * the statement's text, by which the position of each entity's columns is found once.
 */
export interface RowTable {
  sql: string;
  columns: readonly string[];
  rows: readonly (readonly unknown[])[];
}

/**
 * The `entity` in columns `alias__…` of row `index` of a table read with {@link joinedColumns},
 * managed by `em` as if `find` had read it; null when the row holds none (an outer join that
 * found nothing). For an entity whose collections a resolver may load (`Loaders.collection`
 * needs managed owners).
 */
export function entityFrom<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  table: RowTable,
  index: number,
  alias: string,
): T | null {
  const { columns, positions, id } = placed(em, entity, table, alias);
  const row = table.rows[index];
  if (row[id] == null) return null;
  const own: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    own[column.field] = row[positions[i]];
  });
  return em.map(entity, own as EntityDictionary<T>);
}

/**
 * The `entity` in columns `alias__…` of row `index` of a table read with {@link joinedColumns}, as a
 * plain instance of its class that the ORM does not track: what a read shows, without hydrating,
 * registering and snapshotting it (for a group of 100, a quarter of the CPU time). References to
 * other entities hold their id only, as unloaded references do, which is all the loaders need.
 * Null when the row holds none. Not for anything a request may change or whose collections it
 * may load.
 */
export function readOnlyFrom<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  table: RowTable,
  index: number,
  alias: string,
): T | null {
  return readOnlyRow(placed(em, entity, table, alias), table.rows[index]) as T | null;
}

/**
 * Every `entity` in columns `alias__…` of the table (see {@link readOnlyFrom}), skipping rows
 * that hold none (an outer join that found nothing). `partial`: the table holds only some of the
 * entity's columns (see {@link JoinedPart}'s `props`), and the others stay undefined: such an entity is
 * only for answering fields known to need no more, never for the loaders, which other resolvers
 * share.
 */
export function readOnlyAll<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  table: RowTable,
  alias: string,
  partial = false,
): T[] {
  const placement = placed(em, entity, table, alias, partial);
  const all: T[] = [];
  for (const row of table.rows) {
    const found = readOnlyRow(placement, row);
    if (found !== null) all.push(found as T);
  }
  return all;
}

function readOnlyRow(
  { plain, columns, positions, id }: Placement,
  row: readonly unknown[],
): object | null {
  if (row[id] == null) return null;
  const found = Object.create(plain) as Record<string | symbol, unknown>;
  for (let i = 0; i < columns.length; i += 1) {
    const { name, reference, convert } = columns[i];
    const value = row[positions[i]];
    found[name] =
      value == null
        ? reference
          ? null
          : value
        : reference
          ? Object.assign(Object.create(reference) as object, { id: value })
          : convert
            ? convert(value)
            : value;
  }
  return found;
}

interface ColumnMapping {
  /** The property; for a timestamp, where its text is kept (see `plainOf`). */
  name: string | symbol;
  /** The column in the entity's table. */
  field: string;
  /** The column in a joined row: `alias__field`. */
  column: string;
  /** What a many-to-one (or owning one-to-one) property's reference is made from (see `plainOf`). */
  reference?: object;
  convert?: (value: unknown) => unknown;
}

interface EntityMapping {
  /** What the entity's read-only instances are made from (see `plainOf`). */
  plain: object;
  columns: ColumnMapping[];
}

const mappings = new Map<string, EntityMapping>();

/**
 * A prototype for plain instances of `entity`: it inherits the entity's prototype (its methods,
 * `instanceof`) but shadows each of its properties with a writable data property, so that
 * assigning to an instance makes an own property instead of calling the ORM's accessors (which
 * would give each instance its change tracking). Plain assignments keep instances of one shape,
 * where property descriptors made each a dictionary; building a group of 100 took twice as long.
 *
 * A timestamp (`createdAt`, `updatedAt`: a `Date`) is kept as PostgreSQL's text under
 * {@link rawKey} and becomes a `Date` when first read: most answers never show one, and parsing
 * the four of each member and person was a twentieth of a group's CPU time.
 */
function plainOf(em: EntityManager, entity: EntityClass<object>): object {
  let plain = plainPrototypes.get(entity);
  if (!plain) {
    const platform = em.getPlatform();
    const shadows: PropertyDescriptorMap = {};
    for (const prop of Object.values(em.getMetadata().get(entity.name).properties)) {
      if (!isTimestamp(prop)) {
        shadows[prop.name] = {
          value: undefined,
          writable: true,
          enumerable: false,
          configurable: true,
        };
        continue;
      }
      const raw = rawKey(prop.name);
      shadows[prop.name] = {
        get(this: Record<symbol, unknown>) {
          const value = this[raw];
          if (typeof value !== 'string') return value;
          const date = platform.parseDate(value);
          this[raw] = date;
          return date;
        },
        set(this: Record<symbol, unknown>, value: unknown) {
          this[raw] = value;
        },
        enumerable: false,
        configurable: true,
      };
    }
    plain = Object.create(entity.prototype, shadows) as object;
    plainPrototypes.set(entity, plain);
  }
  return plain;
}

/** A scalar the ORM maps to a `Date` itself (no custom type): a timestamp, arriving as text. */
function isTimestamp(prop: EntityProperty): boolean {
  return prop.kind === ReferenceKind.SCALAR && prop.runtimeType === 'Date' && !prop.customType;
}

/** Where a read-only instance keeps a timestamp's text until it is read (see `plainOf`). */
function rawKey(name: string): symbol {
  let key = rawKeys.get(name);
  if (!key) rawKeys.set(name, (key = Symbol(`${name} as text`)));
  return key;
}

const rawKeys = new Map<string, symbol>();

const plainPrototypes = new Map<EntityClass<object>, object>();

function mappingOf(em: EntityManager, entity: EntityClass<object>, alias: string) {
  const key = `${entity.name} ${alias}`;
  let mapping = mappings.get(key);
  if (!mapping) {
    const platform = em.getPlatform();
    const columns = readProps(em, entity).map((prop): ColumnMapping => {
      const field = prop.fieldNames[0];
      const column = `${alias}__${field}`;
      if (prop.kind !== ReferenceKind.SCALAR) {
        const target = prop.targetMeta?.class as EntityClass<object>;
        return { name: prop.name, field, column, reference: plainOf(em, target) };
      }
      // A timestamp stays text until read (see plainOf); custom types convert as the ORM does.
      if (isTimestamp(prop)) return { name: rawKey(prop.name), field, column };
      const type = prop.customType;
      const convert = type ? (value: unknown) => type.convertToJSValue(value, platform) : undefined;
      return { name: prop.name, field, column, convert };
    });
    mapping = { plain: plainOf(em, entity), columns };
    mappings.set(key, mapping);
  }
  return mapping;
}

interface Placement extends EntityMapping {
  /** Where each of `columns` sits in a statement's rows. */
  positions: number[];
  /** Where the primary key sits: null there, no entity (an outer join that found nothing). */
  id: number;
}

/** Where an entity's columns sit in the rows of a statement, by its text, entity and alias. */
const placements = new Map<string, Map<string, Placement>>();

/** {@link mappingOf}, and the position of each of its columns in `table`'s rows. */
function placed(
  em: EntityManager,
  entity: EntityClass<object>,
  table: RowTable,
  alias: string,
  partial = false,
): Placement {
  let bySql = placements.get(table.sql);
  if (!bySql) placements.set(table.sql, (bySql = new Map()));
  const key = `${entity.name} ${alias} ${partial}`;
  let placement = bySql.get(key);
  if (!placement) {
    const mapping = mappingOf(em, entity, alias);
    const columns = partial
      ? mapping.columns.filter(({ column }) => table.columns.includes(column))
      : mapping.columns;
    const positions = columns.map(({ column }) => {
      const position = table.columns.indexOf(column);
      if (position < 0) throw new Error(`${column} is not among the statement's columns`);
      return position;
    });
    const id = columns.findIndex(({ field }) => field === 'id');
    if (id < 0) throw new Error(`${alias}__id is not among the statement's columns`);
    placement = { plain: mapping.plain, columns, positions, id: positions[id] };
    bySql.set(key, placement);
  }
  return placement;
}
