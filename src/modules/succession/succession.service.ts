import type { EntityManager } from '@mikro-orm/postgresql';
import type { Access } from '../../auth/access';
import { employersOf } from '../../auth/owners';
import { BadUserInputError } from '../../common/errors';
import type { Loaders } from '../../common/loaders';
import { getByGlobalId, getOptionalByGlobalId } from '../../common/lookup';
import { today } from '../../db/base.entity';
import { Group, Membership } from '../groups/groups.entity';
import { Person, PersonStatus } from '../people/people.entity';
import { Product } from '../products/products.entity';
import { Topic } from '../topics/topics.entity';
import { Handover } from './succession.entity';
import type { RecordHandoverInput } from './succession.inputs';

/** Records that one person handed a role, group, product or topic over to another. */
export async function recordHandover(
  em: EntityManager,
  access: Access,
  input: RecordHandoverInput,
) {
  const subjects = [input.membershipId, input.groupId, input.productId, input.topicId].filter(
    (id) => id != null,
  );
  if (subjects.length !== 1) {
    throw new BadUserInputError(
      'membershipId',
      'Give exactly one of membershipId, groupId, productId and topicId',
    );
  }
  const from = await getByGlobalId(em, Person, input.fromPersonId, 'fromPersonId');
  const to = await getByGlobalId(em, Person, input.toPersonId, 'toPersonId');
  // The one handing over, an editor of where they work, or an admin records it.
  await access.requireEditorOf(await employersOf(em, from.id), 'record this handover', from.id);
  if (from.id === to.id)
    throw new BadUserInputError('toPersonId', 'A person cannot hand over to themself');
  if (to.status !== PersonStatus.ACTIVE) {
    throw new BadUserInputError(
      'toPersonId',
      `${to.name} is no longer active and cannot take over`,
    );
  }
  const handover = new Handover();
  handover.fromPerson = from;
  handover.toPerson = to;
  handover.date = input.date ?? today();
  handover.note = input.note?.trim() || null;
  handover.membership = await getOptionalByGlobalId(
    em,
    Membership,
    input.membershipId,
    'membershipId',
  );
  if (handover.membership) {
    if (handover.membership.person.id !== from.id) {
      throw new BadUserInputError('membershipId', 'The membership belongs to someone else');
    }
    handover.role = handover.membership.role;
    handover.group = handover.membership.group;
  } else {
    handover.group = await getOptionalByGlobalId(em, Group, input.groupId, 'groupId');
  }
  handover.product = await getOptionalByGlobalId(em, Product, input.productId, 'productId');
  handover.topic = await getOptionalByGlobalId(em, Topic, input.topicId, 'topicId');
  em.persist(handover);
  await em.flush();
  return handover;
}

/** The people a person handed something over to, newest first, each once. */
export async function successorsOf(loaders: Loaders, person: Person): Promise<Person[]> {
  const handovers = await loaders.many(
    Handover,
    'fromPerson',
    person.id,
    'all',
    {},
    { date: 'desc' },
  );
  const people = await Promise.all(
    handovers.map((handover) => loaders.one(Person, handover.toPerson)),
  );
  return [...new Map(people.filter((p): p is Person => p !== null).map((p) => [p.id, p])).values()];
}
