import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../../common/errors';
import { optionalId } from '../../common/lookup';
import type { BaseEntity } from '../../db/base.entity';
import { ExperienceClaim } from '../claims/claims.entity';
import { Group, Membership } from '../groups/groups.entity';
import { Person } from '../people/people.entity';
import { Product } from '../products/products.entity';
import { Topic } from '../topics/topics.entity';
import { busFactors, type BusFactorSubject } from './bus-factor.queries';
import { riskQueries, type SubjectSet } from './risk.queries';
import { RiskItem, RiskKind, type RiskScope } from './departure.types';

/** Self-declared claims older than this (months) without a confirmation are stale. */
export const STALE_CLAIM_MONTHS = 24;

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
  const queries = riskQueries(em, kind, id ?? null);

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
    set: SubjectSet,
    kind: BusFactorSubject,
    name: (subject: T) => string,
  ) => {
    const ids = await queries.subjectIds(set);
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
  await busFactor(Topic, 'topics', 'topic', (topic) => topic.labelDa);
  await busFactor(Product, 'products', 'product', (product) => product.name);
  await busFactor(Group, 'groups', 'group', (group) => group.name);

  // Groups without an active tovholder or koordinator.
  const uncoordinated = await queries.uncoordinatedGroups();
  for (const group of await em.find(Group, { id: { $in: uncoordinated.map((row) => row.id) } })) {
    await push(
      RiskKind.GROUP_WITHOUT_COORDINATOR,
      group,
      `${group.name} har ingen aktiv tovholder eller koordinator`,
      [],
    );
  }

  // Seats that end within the horizon.
  const ending = await queries.endingSeats(horizonDays);
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
  const stale = await queries.staleClaims(STALE_CLAIM_MONTHS);
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
