import type { Access } from '../../auth/access';
import { employersOf } from '../../auth/owners';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, ConflictError } from '../../common/errors';
import { getByGlobalId, getOptionalByGlobalId } from '../../common/lookup';
import { Period, periodFilter } from '../../common/temporal';
import { ExperienceClaim } from '../claims/claims.entity';
import { Group, Membership, MembershipRole } from '../groups/groups.entity';
import { Affiliation, Person, PersonStatus } from '../people/people.entity';
import { Product } from '../products/products.entity';
import { Topic } from '../topics/topics.entity';
import { Departure, type DepartureChange } from './departure.entity';
import { DepartureReport, RiskItem, RiskKind, type RecordDepartureInput } from './departure.types';
import { Handover } from './succession.entity';

const COORDINATING = [MembershipRole.TOVHOLDER, MembershipRole.KOORDINATOR];

/** Ends a validity period on the departure date, remembering the earlier end for a revert. */
function endOn<T extends Affiliation | Membership | ExperienceClaim>(
  row: T,
  date: string,
  table: DepartureChange['table'],
): DepartureChange {
  const change = { table, id: row.id, previousValidTo: row.validTo ?? null };
  row.validTo = date;
  return change;
}

/**
 * A person leaves on a date, in one transaction: their employments and seats end, each handover
 * goes to its successor (a handed-over seat becomes the successor's, with its role), the person is
 * marked LEFT, and the report says what is now at risk. Everything it does is recorded so that
 * {@link revertDeparture} can undo it.
 */
export async function recordDeparture(
  em: EntityManager,
  access: Access,
  input: RecordDepartureInput,
): Promise<DepartureReport> {
  const person = await getByGlobalId(em, Person, input.personId, 'personId', { lock: true });
  await access.requireEditorOf(await employersOf(em, person.id), 'record this departure');
  if (person.status !== PersonStatus.ACTIVE) {
    throw new ConflictError(
      `${person.name} has already left (${person.departedOn ?? person.status})`,
      'personId',
    );
  }
  const { date } = input;
  const affiliations = await em.find(Affiliation, { person }, { orderBy: { validFrom: 'asc' } });
  if (affiliations.length > 0 && date <= affiliations[0].validFrom) {
    throw new BadUserInputError(
      'date',
      `${person.name} only started on ${affiliations[0].validFrom}`,
    );
  }
  const memberships = await em.find(Membership, { person, ...periodFilter(Period.CURRENT, date) });
  // Claims end with the person too: after a departure nothing of theirs reads as ongoing.
  const claims = await em.find(
    ExperienceClaim,
    { person, withdrawnAt: null, $or: [{ validTo: null }, { validTo: { $gt: date } }] },
    { orderBy: { validFrom: 'asc' } },
  );
  const later = [
    ...(await em.find(Affiliation, { person, validFrom: { $gte: date } })),
    ...(await em.find(Membership, { person, validFrom: { $gte: date } })),
    ...claims.filter((claim) => claim.validFrom != null && claim.validFrom > date),
  ];
  if (later.length > 0) {
    throw new ConflictError(
      `${later.length} employment(s), seat(s) or claim(s) start on or after ${date}; end or correct them first`,
      'date',
    );
  }

  const departure = Object.assign(new Departure(), {
    person,
    date,
    note: input.note?.trim() || null,
  });
  const handovers: Handover[] = [];
  for (const [index, wanted] of (input.handovers ?? []).entries()) {
    const field = `handovers[${index}]`;
    const targets = [wanted.membershipId, wanted.groupId, wanted.productId, wanted.topicId].filter(
      (id) => id != null,
    );
    if (targets.length !== 1) {
      throw new BadUserInputError(
        'handovers',
        `${field}: give exactly one of membershipId, groupId, productId and topicId`,
      );
    }
    const successor = await getByGlobalId(em, Person, wanted.successorId, 'successorId');
    if (successor.id === person.id)
      throw new BadUserInputError('successorId', `${field}: a person cannot succeed themself`);
    if (successor.status !== PersonStatus.ACTIVE) {
      throw new BadUserInputError(
        'successorId',
        `${field}: ${successor.name} has left and cannot take over`,
      );
    }
    const handover = Object.assign(new Handover(), {
      fromPerson: person,
      toPerson: successor,
      date,
      note: wanted.note?.trim() || null,
    });
    if (wanted.membershipId != null) {
      const seat = await getByGlobalId(em, Membership, wanted.membershipId, 'membershipId');
      if (!memberships.some((membership) => membership.id === seat.id)) {
        throw new BadUserInputError(
          'membershipId',
          `${field}: not a seat ${person.name} holds on ${date}`,
        );
      }
      handover.membership = seat;
      handover.group = seat.group;
      handover.role = seat.role;
      const taken = Object.assign(new Membership(), {
        person: successor,
        group: seat.group,
        role: seat.role,
        representingKommune: seat.representingKommune,
        representingOrganization: seat.representingOrganization,
        validFrom: date,
        validTo: seat.validTo ?? null,
        // Who it came from is the handover's to say; a name here would outlive an erasure.
        note: 'Overtaget ved en overdragelse',
      });
      em.persist(taken);
      departure.created.push({ table: 'membership', id: taken.id });
    } else {
      handover.group = await getOptionalByGlobalId(em, Group, wanted.groupId, 'groupId');
      handover.product = await getOptionalByGlobalId(em, Product, wanted.productId, 'productId');
      handover.topic = await getOptionalByGlobalId(em, Topic, wanted.topicId, 'topicId');
    }
    em.persist(handover);
    departure.created.push({ table: 'handover', id: handover.id });
    handovers.push(handover);
  }

  const current = affiliations.filter(
    (a) => a.validFrom < date && (a.validTo == null || a.validTo > date),
  );
  departure.ended.push(...current.map((a) => endOn(a, date, 'affiliation')));
  departure.ended.push(...memberships.map((m) => endOn(m, date, 'membership')));
  departure.ended.push(...claims.map((claim) => endOn(claim, date, 'experience_claim')));
  person.status = PersonStatus.LEFT;
  person.departedOn = date;
  em.persist(departure);
  await em.flush();

  return Object.assign(new DepartureReport(), {
    person,
    endedAffiliations: current,
    endedMemberships: memberships,
    endedClaims: claims,
    handovers,
    knowledgeAtRisk: await risksAfter(em, person, memberships, date, handovers),
  });
}

const ROLE_DA: Record<MembershipRole, string> = {
  FORMAND: 'formand',
  TOVHOLDER: 'tovholder',
  KOORDINATOR: 'koordinator',
  MEDLEM: 'medlem',
  SEKRETAER: 'sekretær',
  LEVERANDOERREPRAESENTANT: 'leverandørrepræsentant',
};

/** The day before an ISO date. */
function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * Groups the leaver sat in that now lack a coordinator, and topics only they claimed. A reason
 * blames the departure only for what it caused: a group loses its tovholder or koordinator only
 * when the leaver was it; a group that had none while the leaver sat in it is named as such.
 */
async function risksAfter(
  em: EntityManager,
  person: Person,
  seats: Membership[],
  date: string,
  handovers: Handover[],
): Promise<RiskItem[]> {
  const risks: RiskItem[] = [];
  const takenOver = (found: Handover | undefined, what: string) =>
    found ? `; ${found.toPerson.name} har overtaget ${what}` : '';
  const coordinatorsOn = (group: Group, on: string) =>
    em.count(Membership, {
      group,
      role: { $in: COORDINATING },
      person: { status: PersonStatus.ACTIVE, id: { $ne: person.id } },
      ...periodFilter(Period.CURRENT, on),
    });
  for (const groupRef of new Map(seats.map((seat) => [seat.group.id, seat.group])).values()) {
    const group = await em.findOneOrFail(Group, groupRef.id);
    if ((await coordinatorsOn(group, date)) > 0) continue;
    const own = seats.filter((seat) => seat.group.id === group.id);
    const coordinated = own.find((seat) => COORDINATING.includes(seat.role));
    const handedOver = takenOver(
      handovers.find((handover) => handover.group?.id === group.id && !handover.membership),
      'ansvaret for gruppen',
    );
    let reason: string;
    if (coordinated) {
      reason = `${group.name} har ingen aktiv tovholder eller koordinator, efter at ${person.name} er stoppet som ${ROLE_DA[coordinated.role]}${handedOver}`;
    } else if ((await coordinatorsOn(group, dayBefore(date))) > 0) {
      reason = `${group.name} har ingen aktiv tovholder eller koordinator fra ${date}${handedOver}`;
    } else {
      reason = `${group.name} har ingen aktiv tovholder eller koordinator og havde heller ingen, mens ${person.name} var ${ROLE_DA[own[0].role]} i gruppen${handedOver}`;
    }
    risks.push(
      Object.assign(new RiskItem(), {
        kind: RiskKind.GROUP_WITHOUT_COORDINATOR,
        subject: group,
        reason,
        people: [person],
      }),
    );
  }
  const claims = await em.find(
    ExperienceClaim,
    { person, withdrawnAt: null },
    { populate: ['topic'] },
  );
  for (const claim of claims) {
    const others = await em.count(ExperienceClaim, {
      topic: claim.topic,
      withdrawnAt: null,
      person: { status: PersonStatus.ACTIVE, id: { $ne: person.id } },
    });
    if (others === 0) {
      const handedOver = takenOver(
        handovers.find((handover) => handover.topic?.id === claim.topic.id),
        'emnet',
      );
      risks.push(
        Object.assign(new RiskItem(), {
          kind: RiskKind.TOPIC_WITHOUT_HOLDER,
          subject: claim.topic,
          reason: `Ingen aktive i netværket angiver erfaring med ${claim.topic.labelDa}, efter at ${person.name} er stoppet${handedOver}`,
          people: [person],
        }),
      );
    }
  }
  return risks;
}

/** Undoes a departure recorded by mistake: what it ended reopens, what it created goes away. */
export async function revertDeparture(
  em: EntityManager,
  access: Access,
  personId: string,
): Promise<Person> {
  const person = await getByGlobalId(em, Person, personId, 'personId', { lock: true });
  await access.requireEditorOf(await employersOf(em, person.id), 'undo this departure');
  const departure = await em.findOne(Departure, { person }, { orderBy: { createdAt: 'desc' } });
  if (person.status !== PersonStatus.LEFT || !departure) {
    throw new ConflictError(`${person.name} has no departure to undo`, 'personId');
  }
  for (const created of departure.created) {
    const entity = created.table === 'membership' ? Membership : Handover;
    const row = await em.findOne(entity as typeof Membership, created.id);
    if (row) em.remove(row);
  }
  // Remove the successors' seats before reopening the leaver's (exclusion constraints).
  await em.flush();
  const entities = {
    affiliation: Affiliation,
    membership: Membership,
    experience_claim: ExperienceClaim,
  } as const;
  for (const change of departure.ended) {
    const entity = entities[change.table];
    const row = await em.findOne(entity as typeof Affiliation, change.id);
    if (!row || row.validTo !== departure.date) {
      throw new ConflictError(
        `A ${change.table} ended by the departure has changed since; undo it by hand`,
        'personId',
      );
    }
    row.validTo = change.previousValidTo;
  }
  person.status = PersonStatus.ACTIVE;
  person.departedOn = null;
  em.remove(departure);
  await em.flush();
  return person;
}
