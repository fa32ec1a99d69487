import type { EntityManager } from '@mikro-orm/postgresql';
import { validOnSql } from '../../common/temporal';
import { BadUserInputError } from '../../common/errors';
import { optionalId } from '../../common/lookup';
import type { BaseEntity } from '../../db/base.entity';
import { ExperienceClaim } from '../claims/claims.entity';
import { Group, Membership } from '../groups/groups.entity';
import { Person } from '../people/people.entity';
import { Product } from '../products/products.entity';
import { Topic } from '../topics/topics.entity';
import { busFactors, type BusFactorSubject } from './bus-factor.queries';
import { RiskItem, RiskKind, type RiskScope } from './departure.types';

/** Self-declared claims older than this (months) without a confirmation are stale. */
export const STALE_CLAIM_MONTHS = 24;

type ScopeKind = 'kommune' | 'product' | 'group' | 'topic' | 'all';

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

/**
 * What knowledge is at risk within a scope: topics, products and groups whose active knowledge
 * rests on one person or nobody, groups without an active tovholder or koordinator, seats ending
 * within `horizonDays`, and self-declared claims nobody has confirmed for 24 months. Each item
 * names the people involved and says why.
 */
export async function knowledgeAtRisk(
  em: EntityManager,
  scope: RiskScope | undefined,
  horizonDays: number,
): Promise<RiskItem[]> {
  if (!Number.isInteger(horizonDays) || horizonDays < 0 || horizonDays > 3650) {
    throw new BadUserInputError('horizonDays', 'horizonDays must be between 0 and 3650');
  }
  const given = Object.entries(scope ?? {}).filter(([, value]) => value != null);
  if (given.length > 1)
    throw new BadUserInputError(
      'scope',
      'Give at most one of kommuneId, productId, groupId and topicId',
    );
  const [field, globalId] = given[0] ?? [];
  const types = {
    kommuneId: 'Kommune',
    productId: 'Product',
    groupId: 'Group',
    topicId: 'Topic',
  } as const;
  const id = field
    ? optionalId(globalId as string, types[field as keyof typeof types], field)
    : null;
  const kind = field
    ? (field.replace('Id', '') as 'kommune' | 'product' | 'group' | 'topic')
    : 'all';
  const sets = scoped(kind);
  const run = async <T>(sql: string, params: Record<string, unknown> = {}) =>
    (await em.getConnection().execute(em.getKnex().raw(sql, { scope: id, ...params }))) as T[];

  const items: RiskItem[] = [];
  const people = new Map<string, Person>();
  const loadPeople = async (ids: string[]) => {
    const missing = ids.filter((personId) => !people.has(personId));
    if (missing.length)
      for (const person of await em.find(Person, { id: { $in: missing } }))
        people.set(person.id, person);
    return ids
      .map((personId) => people.get(personId))
      .filter((person): person is Person => Boolean(person));
  };
  const push = async (kind: RiskKind, subject: BaseEntity, reason: string, personIds: string[]) =>
    items.push(
      Object.assign(new RiskItem(), { kind, subject, reason, people: await loadPeople(personIds) }),
    );

  // Bus factor ≤ 1 for topics, products and groups in scope.
  const busFactor = async <T extends BaseEntity>(
    entity: new () => T,
    idsSql: string,
    kind: BusFactorSubject,
    name: (subject: T) => string,
  ) => {
    const ids = (
      await run<{ id: string }>(`select distinct id from (${idsSql}) s (id) where id is not null`)
    ).map((row) => row.id);
    if (ids.length === 0) return;
    const byId = await busFactors(em, kind, ids);
    const weak = ids.filter((subjectId) => (byId.get(subjectId)?.n ?? 0) <= 1);
    const subjects = (await em.find(
      entity as never,
      { id: { $in: weak } } as never,
    )) as unknown as T[];
    for (const subject of subjects) {
      const row = byId.get(subject.id);
      const holders = row?.people ?? [];
      if (holders.length === 1) {
        await push(
          RiskKind.BUS_FACTOR_ONE,
          subject,
          `Al aktiv viden om ${name(subject)} hviler på én person`,
          holders,
        );
      } else {
        await push(
          RiskKind.BUS_FACTOR_ZERO,
          subject,
          `Ingen aktive i netværket har viden om ${name(subject)}`,
          [],
        );
      }
    }
  };
  await busFactor(Topic, sets.topics, 'topic', (topic) => topic.labelDa);
  await busFactor(Product, sets.products, 'product', (product) => product.name);
  await busFactor(Group, sets.groups, 'group', (group) => group.name);

  // Groups without an active tovholder or koordinator.
  const uncoordinated = await run<{ id: string }>(
    `select g.id from "group" g where g.id in (${sets.groups}) and ${validOnSql('g')}
       and not exists (select 1 from membership m join person p on p.id = m.person_id
         where m.group_id = g.id and m.role in ('TOVHOLDER', 'KOORDINATOR') and p.status = 'ACTIVE' and ${validOnSql('m')})`,
  );
  for (const group of await em.find(Group, { id: { $in: uncoordinated.map((row) => row.id) } })) {
    await push(
      RiskKind.GROUP_WITHOUT_COORDINATOR,
      group,
      `${group.name} har ingen aktiv tovholder eller koordinator`,
      [],
    );
  }

  // Seats that end within the horizon.
  const ending = await run<{ id: string; person_id: string }>(
    `select m.id, m.person_id from membership m
     where m.valid_to > current_date and m.valid_to <= current_date + :horizon::int
       and (m.group_id in (${sets.groups}) or m.person_id in (${sets.people}))`,
    { horizon: horizonDays },
  );
  for (const seat of await em.find(
    Membership,
    { id: { $in: ending.map((row) => row.id) } },
    { populate: ['group'] },
  )) {
    await push(
      RiskKind.MEMBERSHIP_ENDING,
      seat,
      `Sædet i ${seat.group.name} slutter ${seat.validTo}`,
      [seat.person.id],
    );
  }

  // Self-declared claims nobody confirmed for 24 months.
  const stale = await run<{ id: string; person_id: string }>(
    `select c.id, c.person_id from experience_claim c join person p on p.id = c.person_id
     where c.withdrawn_at is null and p.status = 'ACTIVE'
       and coalesce(c.confirmed_on, c.created_at::date) < current_date - interval '${STALE_CLAIM_MONTHS} months'
       and not exists (select 1 from claim_endorsement e where e.claim_id = c.id)
       and (c.person_id in (${sets.people}) or c.topic_id in (${sets.topics}))`,
  );
  for (const claim of await em.find(
    ExperienceClaim,
    { id: { $in: stale.map((row) => row.id) } },
    { populate: ['topic'] },
  )) {
    await push(
      RiskKind.STALE_CLAIM,
      claim,
      `Erfaringen med ${claim.topic.labelDa} er ikke bekræftet i ${STALE_CLAIM_MONTHS} måneder og ikke anbefalet af andre`,
      [claim.person.id],
    );
  }
  return items;
}
