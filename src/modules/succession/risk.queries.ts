import type { EntityManager } from '@mikro-orm/postgresql';
import { validOnSql } from '../../common/temporal';

/**
 * The SQL of knowledge at risk: which subjects a scope watches, and the groups, seats and claims
 * at risk among them (the bus factors are in `bus-factor.queries.ts`).
 */

export type ScopeKind = 'kommune' | 'product' | 'group' | 'topic' | 'all';

const WATCHED_PRODUCTS = `select g.product_id from "group" g where g.product_id is not null
  union select c.product_id from experience_claim c where c.product_id is not null
  union select pa.product_id from product_adoption pa where pa.status <> 'LEFT' and ${validOnSql('pa')}`;
/**
 * Everything whose knowledge is watched, by kind of subject: current groups; products in use or
 * with a group or claim about them; and topics of claims, of groups and of those products. A
 * scope only narrows these, so knowledge at risk without a scope lists everything every scope does.
 */
const WATCHED = {
  groups: `select g.id from "group" g where ${validOnSql('g')}`,
  products: WATCHED_PRODUCTS,
  topics: `select c.topic_id from experience_claim c
    union select x.topic_id from group_topics x
    union select x.topic_id from product_topics x where x.product_id in (${WATCHED_PRODUCTS})`,
  people: `select p.id from person p`,
};

/** Which of the watched ids a scope keeps, as SQL over the named parameter :scope. */
function scopeFilter(kind: Exclude<ScopeKind, 'all'>): Record<keyof typeof WATCHED, string> {
  const kommunePeople = `select a.person_id from affiliation a where a.kommune_id = :scope and ${validOnSql('a')}`;
  switch (kind) {
    case 'group':
      return {
        groups: `select :scope::uuid`,
        products: `select product_id from "group" where id = :scope and product_id is not null`,
        topics: `select topic_id from group_topics where group_id = :scope`,
        people: `select person_id from membership m where m.group_id = :scope and ${validOnSql('m')}`,
      };
    case 'product':
      return {
        groups: `select id from "group" g where g.product_id = :scope`,
        products: `select :scope::uuid`,
        topics: `select topic_id from product_topics where product_id = :scope`,
        people: `select m.person_id from membership m join "group" g on g.id = m.group_id where g.product_id = :scope and ${validOnSql('m')}`,
      };
    case 'topic':
      return {
        groups: `select group_id from group_topics where topic_id = :scope`,
        products: `select product_id from product_topics where topic_id = :scope`,
        topics: `select :scope::uuid`,
        people: `select person_id from experience_claim where topic_id = :scope`,
      };
    case 'kommune':
      return {
        groups: `select m.group_id from membership m where ${validOnSql('m')}
          and (m.representing_kommune_id = :scope or m.person_id in (${kommunePeople}))`,
        products: `select pa.product_id from product_adoption pa where pa.kommune_id = :scope and pa.status <> 'LEFT' and ${validOnSql('pa')}`,
        topics: `select c.topic_id from experience_claim c where c.withdrawn_at is null and c.person_id in (${kommunePeople})`,
        people: kommunePeople,
      };
  }
}

/** The ids in scope for each kind of subject: the watched ones, narrowed by the scope if any. */
function scoped(kind: ScopeKind): Record<keyof typeof WATCHED, string> {
  if (kind === 'all') return WATCHED;
  const filter = scopeFilter(kind);
  const narrow = (key: keyof typeof WATCHED) =>
    `select w.id from (${WATCHED[key]}) w (id) where w.id in (${filter[key]})`;
  return {
    groups: narrow('groups'),
    products: narrow('products'),
    topics: narrow('topics'),
    people: narrow('people'),
  };
}

/** A kind of subject whose ids a scope selects. */
export type SubjectSet = 'groups' | 'products' | 'topics';

/** A membership or claim at risk, and whose it is. */
export interface HeldRow {
  id: string;
  person_id: string;
}

/** The statements of knowledge at risk within one scope (`scopeId` is a database id). */
export function riskQueries(em: EntityManager, kind: ScopeKind, scopeId: string | null) {
  const sets = scoped(kind);
  const run = <T extends object>(sql: string, params: Record<string, unknown> = {}) =>
    em.getConnection().execute<T[]>(em.getKnex().raw(sql, { scope: scopeId, ...params }));
  return {
    /** The ids of the subjects of one kind in scope. */
    async subjectIds(set: SubjectSet): Promise<string[]> {
      const rows = await run<{ id: string }>(
        `select distinct id from (${sets[set]}) s (id) where id is not null`,
      );
      return rows.map((row) => row.id);
    },

    /** Groups in scope without an active tovholder or koordinator. */
    uncoordinatedGroups() {
      return run<{ id: string }>(
        `select g.id from "group" g where g.id in (${sets.groups}) and ${validOnSql('g')}
       and not exists (select 1 from membership m join person p on p.id = m.person_id
         where m.group_id = g.id and m.role in ('TOVHOLDER', 'KOORDINATOR') and p.status = 'ACTIVE' and ${validOnSql('m')})`,
      );
    },

    /** Seats in scope (by group or person) that end within `horizonDays`. */
    endingSeats(horizonDays: number) {
      return run<HeldRow>(
        `select m.id, m.person_id from membership m
     where m.valid_to > current_date and m.valid_to <= current_date + :horizon::int
       and (m.group_id in (${sets.groups}) or m.person_id in (${sets.people}))`,
        { horizon: horizonDays },
      );
    },

    /** Standing claims in scope nobody confirmed or endorsed for `months`. */
    staleClaims(months: number) {
      return run<HeldRow>(
        `select c.id, c.person_id from experience_claim c join person p on p.id = c.person_id
     where c.withdrawn_at is null and p.status = 'ACTIVE'
       and coalesce(c.confirmed_on, c.created_at::date) < current_date - interval '${months} months'
       and not exists (select 1 from claim_endorsement e where e.claim_id = c.id)
       and (c.person_id in (${sets.people}) or c.topic_id in (${sets.topics}))`,
      );
    },
  };
}
