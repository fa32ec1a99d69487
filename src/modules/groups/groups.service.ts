import type { EntityManager } from '@mikro-orm/postgresql';
import type { Access } from '../../auth/access';
import { employersOf, hasOwners, union } from '../../auth/owners';
import { today } from '../../db/base.entity';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import { fromGlobalId } from '../../common/global-id';
import {
  entityFrom,
  joinedOnce,
  readJoined,
  readOnlyAll,
  readOnlyFrom,
} from '../../common/joined-rows';
import type { Loaders } from '../../common/loaders';
import type { EndInput } from '../../common/end.inputs';
import {
  containsPattern,
  getAllByGlobalIds,
  getByGlobalId,
  getOptionalByGlobalId,
  queryPage,
} from '../../common/lookup';
import { endValidity, Period, periodFilter, periodKey, validOnSql } from '../../common/temporal';
import { applyChanges, assertPeriod } from '../../common/validation';
import { Kommune, Organization } from '../kommuner/kommuner.entity';
import { Person } from '../people/people.entity';
import { Product } from '../products/products.entity';
import { Topic } from '../topics/topics.entity';
import { Group, Membership, SEAT_ORDER } from './groups.entity';
import type {
  AddMembershipInput,
  ChangeMembershipRoleInput,
  CreateGroupInput,
  GroupListArgs,
  UpdateGroupInput,
} from './groups.inputs';

/**
 * What a list of members may show of each member's person, as GraphQL fields of `Person` and as
 * the properties they read (`id` is read by the global ID): where an operation asks for no other
 * field of any person, a group page reads only these columns of its members' people.
 */
export const PERSON_CARD_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'name',
  'title',
  'status',
  'openToQuestions',
  'departedOn',
]);
const PERSON_CARD_PROPS = [...PERSON_CARD_FIELDS];

/**
 * A group with the memberships that hold on `$1` and their people (see below), all of each
 * person's columns or only those of {@link PERSON_CARD_FIELDS}; the group's own columns on the
 * first row alone.
 */
const groupWithMembers = (people: 'all' | 'card') =>
  joinedOnce(
    [
      {
        entity: Group,
        alias: 'g',
        onlyWhere: 'row_number() over (order by m.valid_from, m.id) = 1',
      },
      { entity: Membership, alias: 'm' },
      { entity: Person, alias: 'p', props: people === 'card' ? PERSON_CARD_PROPS : undefined },
    ],
    (select) =>
      `select ${select}
       from "group" g
       left join membership m on m.group_id = g.id and ${validOnSql('m', '$1')}
       left join person p on p.id = m.person_id
       where g.id = $2
       order by m.valid_from, m.id`,
    // Many rows: packing them into JSON costs PostgreSQL more than it saves pg.
    { pack: false },
  );
const groupWithMembersAndPeople = groupWithMembers('all');
const groupWithMembersAndCards = groupWithMembers('card');

/**
 * The person of a seat read with only the columns of {@link PERSON_CARD_FIELDS}, by the seat:
 * only `Membership.person` answers with it, for an operation that asks no more of any person.
 * Never in the loaders, whose people other resolvers read whole.
 */
const cards = new WeakMap<Membership, Person>();

/** The person of a seat, if a group page read it with the seat (see {@link cards}). */
export function personCardOf(seat: Membership): Person | undefined {
  return cards.get(seat);
}

/**
 * A group by global ID, read in one statement with today's members and who they are, which a
 * group page shows: the members and person loaders then answer from these rows instead of a
 * statement each. The group, members and people are read-only (see `readOnlyFrom`); the group is
 * made managed from the same row only if its topics are asked for, as they load through the ORM.
 * `NOT_FOUND` as `getByGlobalId`.
 */
export async function getGroupWithMembers(
  em: EntityManager,
  loaders: Loaders,
  globalId: string,
  /** The operation asks nothing of any person beyond {@link PERSON_CARD_FIELDS}. */
  peopleAsCards = false,
): Promise<Group> {
  const id = fromGlobalId(globalId, 'Group', 'id');
  const date = today();
  const [label, statement] = peopleAsCards
    ? ['group_with_member_cards', groupWithMembersAndCards(em)]
    : ['group_with_members', groupWithMembersAndPeople(em)];
  const table = await readJoined(em, label, statement, [date, id]);
  if (table.rows.length === 0) throw new NotFoundError('Group', globalId, 'id');
  const group = readOnlyFrom(em, Group, table, 0, 'g') as Group;
  loaders.managedLater(group, () => entityFrom(em, Group, table, 0, 'g') as Group);
  const seats = readOnlyAll(em, Membership, table, 'm');
  const people = readOnlyAll(em, Person, table, 'p', peopleAsCards);
  if (peopleAsCards) {
    const byId = new Map(people.map((person) => [person.id, person]));
    for (const seat of seats) {
      const person = byId.get(seat.person.id);
      if (person) cards.set(seat, person);
    }
  } else {
    loaders.known(Person, people);
  }
  loaders.knownMany(
    Membership,
    'group',
    periodKey({ period: Period.CURRENT, asOf: date }),
    group.id,
    seats,
    SEAT_ORDER,
  );
  return group;
}

/** The filters of a list of groups, by database id (resolvers decode the arguments' global ids). */
export type GroupFilter = GroupListArgs;

/** Lists groups by kind, product, topic, kommune and name. */
export function listGroups(em: EntityManager, args: GroupFilter) {
  const asOf = args.asOf ?? today();
  const qb = em.createQueryBuilder(Group, 'g').where(periodFilter(args.period, asOf));
  const { productId, topicId, kommuneId } = args;
  if (args.kind) qb.andWhere({ kind: args.kind });
  if (productId) qb.andWhere({ product: productId });
  if (topicId)
    qb.andWhere('g.id in (select gt.group_id from group_topics gt where gt.topic_id = ?)', [
      topicId,
    ]);
  if (kommuneId) {
    qb.andWhere(
      `g.id in (select m.group_id from membership m
         where ${validOnSql('m', '?')}
           and (m.representing_kommune_id = ? or m.person_id in (
             select a.person_id from affiliation a
              where a.kommune_id = ? and ${validOnSql('a', '?')})))`,
      [asOf, asOf, kommuneId, kommuneId, asOf, asOf],
    );
  }
  if (args.search) qb.andWhere({ name: { $ilike: containsPattern(args.search) } });
  qb.orderBy({ name: 'asc', id: 'asc' });
  return queryPage(qb, args);
}

export async function createGroup(em: EntityManager, input: CreateGroupInput) {
  assertPeriod(input.validFrom, input.validTo);
  const group = new Group();
  applyChanges(group, {
    slug: input.slug,
    name: input.name,
    kind: input.kind,
    description: input.description,
    validFrom: input.validFrom,
    validTo: input.validTo ?? null,
  });
  group.product = await getOptionalByGlobalId(em, Product, input.productId, 'productId');
  group.topics.set(await getAllByGlobalIds(em, Topic, input.topicIds ?? [], 'topicIds'));
  em.persist(group);
  await em.flush();
  return group;
}

export async function updateGroup(em: EntityManager, id: string, input: UpdateGroupInput) {
  const group = await getByGlobalId(em, Group, id, 'id');
  applyChanges(group, { name: input.name, kind: input.kind, description: input.description }, [
    'name',
    'kind',
  ]);
  if (input.productId !== undefined) {
    group.product = await getOptionalByGlobalId(em, Product, input.productId, 'productId');
  }
  if (input.topicIds != null) {
    group.topics.set(await getAllByGlobalIds(em, Topic, input.topicIds, 'topicIds'));
  }
  await em.flush();
  return group;
}

/**
 * Dissolves a group on a date; memberships still open then end with it. Seats that would only
 * start after that date are a contradiction the caller must resolve first (nothing is deleted).
 */
export async function endGroup(em: EntityManager, input: EndInput) {
  const group = await getByGlobalId(em, Group, input.id, 'id', { lock: true });
  const on = input.on ?? today();
  endValidity(group, on, 'The group');
  const open = await em.find(Membership, {
    group,
    $or: [{ validTo: null }, { validTo: { $gt: on } }],
  });
  const later = open.filter((membership) => membership.validFrom >= on);
  if (later.length > 0) {
    throw new ConflictError(
      `${later.length} membership(s) start on or after ${on}; end or change them before dissolving the group`,
      'on',
    );
  }
  for (const membership of open) membership.validTo = on;
  await em.flush();
  return group;
}

/**
 * A seat belongs to the kommune or organisation it represents and to the member's employer:
 * their editors (and admins) manage it.
 */
async function requireSeatEditor(
  em: EntityManager,
  access: Access,
  membership: Membership,
  what: string,
) {
  const represented = {
    kommuneIds: [membership.representingKommune?.id],
    organizationIds: [membership.representingOrganization?.id],
  };
  await access.requireEditorOf(
    union(represented, await employersOf(em, membership.person.id)),
    what,
  );
}

/**
 * A new seat takes both sides: an editor of where the member works (or an admin) seats them,
 * and only on behalf of a kommune or organisation the editor also edits.
 */
async function requireNewSeatEditor(em: EntityManager, access: Access, membership: Membership) {
  await access.requireEditorOf(
    await employersOf(em, membership.person.id),
    'give this person a seat',
  );
  const represented = {
    kommuneIds: [membership.representingKommune?.id],
    organizationIds: [membership.representingOrganization?.id],
  };
  if (hasOwners(represented)) {
    await access.requireEditorOf(represented, 'seat someone on behalf of this kommune');
  }
}

/** A person joins a group with a role. */
export async function addMembership(em: EntityManager, access: Access, input: AddMembershipInput) {
  const validFrom = input.validFrom ?? today();
  assertPeriod(validFrom, input.validTo);
  const group = await getByGlobalId(em, Group, input.groupId, 'groupId');
  if (group.validTo != null && group.validTo <= validFrom) {
    throw new BadUserInputError('validFrom', `The group was dissolved on ${group.validTo}`);
  }
  if (validFrom < group.validFrom) {
    throw new BadUserInputError('validFrom', `The group was only formed on ${group.validFrom}`);
  }
  const membership = new Membership();
  membership.group = group;
  membership.person = await getByGlobalId(em, Person, input.personId, 'personId');
  membership.role = input.role;
  membership.representingKommune = await getOptionalByGlobalId(
    em,
    Kommune,
    input.representingKommuneId,
    'representingKommuneId',
  );
  membership.representingOrganization = await getOptionalByGlobalId(
    em,
    Organization,
    input.representingOrganizationId,
    'representingOrganizationId',
  );
  await requireNewSeatEditor(em, access, membership);
  membership.validFrom = validFrom;
  membership.validTo = input.validTo ?? group.validTo ?? null;
  membership.note = input.note?.trim() || null;
  em.persist(membership);
  await em.flush();
  return membership;
}

/** A member takes a new role from a date: the old seat ends, a new one with the role starts. */
export async function changeMembershipRole(
  em: EntityManager,
  access: Access,
  input: ChangeMembershipRoleInput,
) {
  const current = await getByGlobalId(em, Membership, input.membershipId, 'membershipId', {
    lock: true,
  });
  await requireSeatEditor(em, access, current, 'change this seat');
  const from = input.from ?? today();
  const { role, validTo: plannedEnd } = current;
  endValidity(current, from, 'The membership');
  if (role === input.role) {
    throw new BadUserInputError('role', `The member already has the role ${input.role}`);
  }
  const next = new Membership();
  next.group = current.group;
  next.person = current.person;
  next.role = input.role;
  next.representingKommune = current.representingKommune;
  next.representingOrganization = current.representingOrganization;
  next.note = current.note;
  next.validFrom = from;
  next.validTo = plannedEnd;
  await em.flush();
  em.persist(next);
  await em.flush();
  return next;
}

export async function endMembership(em: EntityManager, access: Access, input: EndInput) {
  const membership = await getByGlobalId(em, Membership, input.id, 'id', { lock: true });
  await requireSeatEditor(em, access, membership, 'end this seat');
  endValidity(membership, input.on ?? today(), 'The membership');
  if (input.note) membership.note = input.note.trim();
  await em.flush();
  return membership;
}
