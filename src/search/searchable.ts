import { Index, Property } from '@mikro-orm/core';

const TABLES = new Set<string>();

/**
 * The tables marked {@link Searchable} (those of every entity class loaded): all the text the
 * search vocabulary is drawn from.
 */
export function searchVectorTables(): string[] {
  return [...TABLES];
}

/**
 * Marks an entity's table as searchable: PostgreSQL keeps a generated `search_vector` column
 * (danish stemming over `search_normalize`d text, weights A, B and C) with a GIN index, in the same
 * statement as every insert or update, and a GIN index of its title (weight A) alone. The column is
 * never read into the entity.
 *
 * @param weighted SQL expressions over the table's columns, most important first.
 */
export function Searchable(
  table: string,
  weighted: [a: string, b: string, c: string],
): ClassDecorator {
  TABLES.add(table);
  return (target) => {
    Property({
      type: 'unknown',
      columnType: 'tsvector',
      generated: `(search_vector(${weighted.join(', ')})) stored`,
      lazy: true,
      hidden: true,
      nullable: true,
    })(target.prototype, 'searchVector');
    Index({
      name: `${table}_search_vector`,
      expression: `create index "${table}_search_vector" on "${table}" using gin ("search_vector")`,
    })(target);
    // Its title (weight A) alone, so hits by title are found by key (see the search's candidates).
    Index({
      name: `${table}_search_title`,
      expression: `create index "${table}_search_title" on "${table}" using gin (ts_filter("search_vector", '{a}'))`,
    })(target);
  };
}
