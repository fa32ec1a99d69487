import type { EntityManager } from '@mikro-orm/postgresql';
import { validOnSql } from '../../common/temporal';

/**
 * Bus factor: how many active people hold the knowledge of something today. 1 means it rests on
 * one person; 0 means on nobody. Each query counts, for a batch of ids (one `?`, a uuid array),
 * the distinct active people with current evidence about each.
 */

const ACTIVE_PEOPLE = (inner: string) => `
  with ids as (select unnest(?::uuid[]) as id)
  select x.id, count(distinct x.person_id) as n, array_agg(distinct x.person_id) as people
  from (${inner}) x join person p on p.id = x.person_id
  where p.status = 'ACTIVE'
  group by x.id`;

const BUS_FACTOR_SQL = {
  /** A group: its active members today. */
  group: ACTIVE_PEOPLE(`
  select m.group_id as id, m.person_id from membership m
  where m.group_id in (select id from ids) and ${validOnSql('m')}`),

  /** A product: active members of its current groups, and people with standing claims tied to it. */
  product: ACTIVE_PEOPLE(`
  select g.product_id as id, m.person_id from membership m join "group" g on g.id = m.group_id
  where g.product_id in (select id from ids) and ${validOnSql('m')} and ${validOnSql('g')}
  union all
  select c.product_id, c.person_id from experience_claim c
  where c.product_id in (select id from ids) and c.withdrawn_at is null`),

  /** A topic: people with standing claims on it, and members of groups on it or on a product about it. */
  topic: ACTIVE_PEOPLE(`
  select c.topic_id as id, c.person_id from experience_claim c
  where c.topic_id in (select id from ids) and c.withdrawn_at is null
  union all
  select x.topic_id, m.person_id from membership m join group_topics x on x.group_id = m.group_id
  where x.topic_id in (select id from ids) and ${validOnSql('m')}
  union all
  select x.topic_id, m.person_id from membership m join "group" g on g.id = m.group_id
    join product_topics x on x.product_id = g.product_id
  where x.topic_id in (select id from ids) and ${validOnSql('m')} and ${validOnSql('g')}`),
} as const;

/** What a bus factor can be asked of. */
export type BusFactorSubject = keyof typeof BUS_FACTOR_SQL;

/** A row of the bus-factor queries, as PostgreSQL returns it (counts come back as text). */
interface BusFactorSqlRow {
  id: string;
  n: string;
  people: string[];
}

/** The active people holding the knowledge of one subject. */
export interface BusFactorRow {
  /** The subject's database id. */
  id: string;
  /** How many active people hold it. */
  n: number;
  /** Their database ids. */
  people: string[];
}

/**
 * The bus factor of each subject in `ids`, in one statement; subjects nobody holds are missing
 * from the map (their bus factor is 0).
 */
export async function busFactors(
  em: EntityManager,
  subject: BusFactorSubject,
  ids: readonly string[],
): Promise<Map<string, BusFactorRow>> {
  const rows = await em
    .getConnection()
    .execute<BusFactorSqlRow[]>(BUS_FACTOR_SQL[subject], [`{${ids.join(',')}}`]);
  return new Map(rows.map((row) => [row.id, { id: row.id, n: Number(row.n), people: row.people }]));
}

/** The bus factor of each subject in `ids` as a number, for a batch loader. */
export async function busFactorCounts(
  em: EntityManager,
  subject: BusFactorSubject,
  ids: readonly string[],
): Promise<Map<string, number>> {
  const rows = await busFactors(em, subject, ids);
  return new Map([...rows].map(([id, row]) => [id, row.n]));
}
