import type { EntityManager } from '@mikro-orm/postgresql';
import type { Access } from '../../auth/access';
import { employersOf } from '../../auth/owners';
import { assertNotErased } from '../people/public';
import { BadUserInputError, ConflictError } from '../../common/errors';
import { getByGlobalId, getOptionalByGlobalId } from '../../common/lookup';
import { today } from '../../db/base.entity';
import { applyChanges } from '../../common/validation';
import { Group } from '../groups/groups.entity';
import { Person, PersonStatus } from '../people/people.entity';
import { Procurement } from '../procurements/procurements.entity';
import { Product } from '../products/products.entity';
import { Topic } from '../topics/topics.entity';
import { ClaimEndorsement, ExperienceClaim } from './claims.entity';
import type {
  AddExperienceClaimInput,
  EndorseExperienceClaimInput,
  UpdateExperienceClaimInput,
} from './claims.inputs';

function assertClaimPeriod(validFrom?: string | null, validTo?: string | null) {
  if (validFrom && validTo && validTo < validFrom) {
    throw new BadUserInputError(
      'validTo',
      `validTo (${validTo}) must not be before validFrom (${validFrom})`,
    );
  }
  if (validFrom && validFrom > today()) {
    throw new BadUserInputError('validFrom', 'Experience cannot begin in the future');
  }
}

/** A person who has left holds nothing as ongoing: their claims end by the departure date. */
function assertEndsByDeparture(person: Person, validTo?: string | null) {
  if (person.departedOn && (validTo == null || validTo > person.departedOn)) {
    throw new BadUserInputError(
      'validTo',
      `${person.name} left on ${person.departedOn}; the experience must end by then`,
    );
  }
}

/** A person's claims are theirs to change; an editor of where they work and admins may too. */
async function requireClaimEditor(
  em: EntityManager,
  access: Access,
  personId: string,
  what: string,
) {
  await access.requireEditorOf(await employersOf(em, personId), what, personId);
}

/** A person states experience with a topic; one standing claim per person and topic. */
export async function addExperienceClaim(
  em: EntityManager,
  access: Access,
  input: AddExperienceClaimInput,
) {
  assertClaimPeriod(input.validFrom, input.validTo);
  const person = await getByGlobalId(em, Person, input.personId, 'personId');
  await requireClaimEditor(em, access, person.id, 'add claims for this person');
  assertNotErased(person, 'personId');
  assertEndsByDeparture(person, input.validTo);
  const topic = await getByGlobalId(em, Topic, input.topicId, 'topicId');
  if (await em.count(ExperienceClaim, { person, topic, withdrawnAt: null })) {
    throw new ConflictError(
      `${person.name} already has a claim on ${topic.labelDa}; update it instead`,
      'topicId',
    );
  }
  const claim = new ExperienceClaim();
  claim.person = person;
  claim.topic = topic;
  claim.level = input.level;
  claim.narrative = input.narrative?.trim() || null;
  claim.validFrom = input.validFrom ?? null;
  claim.validTo = input.validTo ?? null;
  claim.product = await getOptionalByGlobalId(em, Product, input.productId, 'productId');
  claim.procurement = await getOptionalByGlobalId(
    em,
    Procurement,
    input.procurementId,
    'procurementId',
  );
  claim.group = await getOptionalByGlobalId(em, Group, input.groupId, 'groupId');
  claim.confirmedOn = today();
  em.persist(claim);
  await em.flush();
  return claim;
}

/** Changes a claim; saving it confirms that it still holds. */
export async function updateExperienceClaim(
  em: EntityManager,
  access: Access,
  id: string,
  input: UpdateExperienceClaimInput,
) {
  const claim = await getByGlobalId(em, ExperienceClaim, id, 'id');
  await requireClaimEditor(em, access, claim.person.id, 'change this claim');
  if (claim.withdrawnAt) throw new ConflictError('The claim has been withdrawn', 'id');
  applyChanges(claim, input, ['level']);
  assertClaimPeriod(claim.validFrom, claim.validTo);
  assertEndsByDeparture(await em.findOneOrFail(Person, claim.person.id), claim.validTo);
  claim.confirmedOn = today();
  await em.flush();
  return claim;
}

/** A peer vouches for a claim; once per peer, never for oneself. */
export async function endorseExperienceClaim(
  em: EntityManager,
  access: Access,
  input: EndorseExperienceClaimInput,
) {
  const claim = await getByGlobalId(em, ExperienceClaim, input.claimId, 'claimId');
  const endorser = await getByGlobalId(em, Person, input.endorserId, 'endorserId');
  // One vouches in one's own name; the secretariat may record an endorsement given elsewhere.
  access.requireSelfOrAdmin(endorser.id, 'endorse in this person’s name');
  if (claim.person.id === endorser.id) {
    throw new BadUserInputError('endorserId', 'A person cannot endorse their own claim');
  }
  if (claim.withdrawnAt) throw new ConflictError('The claim has been withdrawn', 'claimId');
  if (endorser.status !== PersonStatus.ACTIVE) {
    throw new BadUserInputError('endorserId', 'Only active members of the network can endorse');
  }
  const endorsement = new ClaimEndorsement();
  endorsement.claim = claim;
  endorsement.endorser = endorser;
  endorsement.comment = input.comment?.trim() || null;
  em.persist(endorsement);
  await em.flush();
  return claim;
}

/** Withdraws a claim: it stays on record but no longer counts. */
export async function withdrawExperienceClaim(em: EntityManager, access: Access, id: string) {
  const claim = await getByGlobalId(em, ExperienceClaim, id, 'id', { lock: true });
  await requireClaimEditor(em, access, claim.person.id, 'withdraw this claim');
  if (claim.withdrawnAt) throw new ConflictError('The claim is already withdrawn', 'id');
  claim.withdrawnAt = new Date();
  await em.flush();
  return claim;
}
