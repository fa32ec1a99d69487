import type { Access } from '../../auth/access';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../../common/errors';
import {
  containsPattern,
  getAllByGlobalIds,
  getByGlobalId,
  getOptionalByGlobalId,
  optionalId,
  queryPage,
} from '../../common/lookup';
import { applyChanges } from '../../common/validation';
import { Kommune } from '../kommuner/kommuner.entity';
import { Person } from '../people/people.entity';
import { Procurement } from '../procurements/procurements.entity';
import { Topic } from '../topics/topics.entity';
import { Requirement, RequirementSharing, RequirementUsage } from './requirements.entity';
import type {
  CreateRequirementInput,
  RecordRequirementUsageInput,
  RequirementListArgs,
  UpdateRequirementInput,
} from './requirements.inputs';

/** Whether the caller may read a requirement: members read all, anonymous callers shared ones. */
export function readable(access: Access, requirement: Requirement): boolean {
  return access.signedIn || requirement.sharing === RequirementSharing.SHARED;
}

/** Lists requirements by category, importance, sharing, owner, topic and title. */
export function listRequirements(em: EntityManager, args: RequirementListArgs, access: Access) {
  const qb = em.createQueryBuilder(Requirement, 'r');
  if (!access.signedIn) qb.andWhere({ sharing: RequirementSharing.SHARED });
  const kommuneId = optionalId(args.kommuneId, 'Kommune', 'kommuneId');
  const topicId = optionalId(args.topicId, 'Topic', 'topicId');
  if (args.category) qb.andWhere({ category: args.category });
  if (args.importance) qb.andWhere({ importance: args.importance });
  if (args.sharing) qb.andWhere({ sharing: args.sharing });
  if (kommuneId) qb.andWhere({ owningKommune: kommuneId });
  if (topicId) {
    qb.andWhere(
      'r.id in (select rt.requirement_id from requirement_topics rt where rt.topic_id = ?)',
      [topicId],
    );
  }
  if (args.search) qb.andWhere({ title: { $ilike: containsPattern(args.search) } });
  qb.orderBy({ title: 'asc', id: 'asc' });
  return queryPage(qb, args);
}

async function setRelations(
  em: EntityManager,
  requirement: Requirement,
  input: Pick<UpdateRequirementInput, 'owningKommuneId' | 'topicIds' | 'authorIds'>,
) {
  if (input.owningKommuneId !== undefined) {
    requirement.owningKommune = await getOptionalByGlobalId(
      em,
      Kommune,
      input.owningKommuneId,
      'owningKommuneId',
    );
  }
  if (input.topicIds != null)
    requirement.topics.set(await getAllByGlobalIds(em, Topic, input.topicIds, 'topicIds'));
  if (input.authorIds != null) {
    requirement.authors.set(await getAllByGlobalIds(em, Person, input.authorIds, 'authorIds'));
  }
}

/** A requirement belongs to its kommune; one without is the community's, kept by admins. */
function requireRequirementEditor(access: Access, requirement: Requirement, what: string) {
  return access.requireEditorOf({ kommuneIds: [requirement.owningKommune?.id] }, what);
}

export async function createRequirement(
  em: EntityManager,
  access: Access,
  input: CreateRequirementInput,
) {
  const { owningKommuneId, topicIds, authorIds, ...fields } = input;
  const requirement = applyChanges(new Requirement(), fields);
  await setRelations(em, requirement, { owningKommuneId, topicIds, authorIds });
  await requireRequirementEditor(access, requirement, 'add a requirement for this kommune');
  em.persist(requirement);
  await em.flush();
  return requirement;
}

export async function updateRequirement(
  em: EntityManager,
  access: Access,
  id: string,
  input: UpdateRequirementInput,
) {
  const requirement = await getByGlobalId(em, Requirement, id, 'id');
  await requireRequirementEditor(access, requirement, 'change this requirement');
  const { owningKommuneId, topicIds, authorIds, ...fields } = input;
  applyChanges(requirement, fields, [
    'title',
    'text',
    'importance',
    'kind',
    'sharing',
    'kleDomains',
  ]);
  const owner = requirement.owningKommune?.id;
  await setRelations(em, requirement, { owningKommuneId, topicIds, authorIds });
  if (requirement.owningKommune?.id !== owner) {
    // Handing it to another kommune, or to the community, takes the new owner's editor too.
    await requireRequirementEditor(access, requirement, 'give this requirement to that owner');
  }
  await em.flush();
  return requirement;
}

/** Records that a requirement was used and how it worked out. */
export async function recordRequirementUsage(
  em: EntityManager,
  access: Access,
  input: RecordRequirementUsageInput,
) {
  if (input.procurementId == null && input.kommuneId == null) {
    throw new BadUserInputError(
      'procurementId',
      'Give the procurement or the kommune that used the requirement',
    );
  }
  const usage = new RequirementUsage();
  usage.requirement = await getByGlobalId(em, Requirement, input.requirementId, 'requirementId');
  usage.procurement = await getOptionalByGlobalId(
    em,
    Procurement,
    input.procurementId,
    'procurementId',
  );
  usage.kommune = await getOptionalByGlobalId(em, Kommune, input.kommuneId, 'kommuneId');
  // The kommune that used it, or the buyers of the procurement it was used in, record the use.
  const buyers = usage.procurement ? await usage.procurement.kommuner.loadItems() : [];
  await access.requireEditorOf(
    { kommuneIds: [usage.kommune?.id, ...buyers.map((kommune) => kommune.id)] },
    'record this use of the requirement',
  );
  usage.outcome = input.outcome?.trim() || null;
  usage.lessons = input.lessons?.trim() || null;
  em.persist(usage);
  await em.flush();
  return usage;
}
