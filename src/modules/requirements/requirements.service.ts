import type { EntityManager } from '@mikro-orm/postgresql';
import { anonymousSql, readableScope } from '../../access/visibility';
import type { Access } from '../../auth/access';
import { requireAuthorship } from '../../auth/owners';
import { BadUserInputError, ConflictError } from '../../common/errors';
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
import { LINKED_TO_TOPIC, selectProcurementsUsedIn, selectUses } from './requirements.queries';
import { KommuneRequirementUse } from './requirements.types';

/** Lists requirements by category, importance, sharing, owner, topic and title. */
export function listRequirements(em: EntityManager, args: RequirementListArgs, access: Access) {
  const qb = em.createQueryBuilder(Requirement, 'r');
  qb.andWhere(readableScope(access, 'Requirement').where);
  const kommuneId = optionalId(args.kommuneId, 'Kommune', 'kommuneId');
  const topicId = optionalId(args.topicId, 'Topic', 'topicId');
  if (args.category) qb.andWhere({ category: args.category });
  if (args.importance) qb.andWhere({ importance: args.importance });
  if (args.sharing) qb.andWhere({ sharing: args.sharing });
  if (kommuneId) qb.andWhere({ owningKommune: kommuneId });
  if (topicId) {
    qb.andWhere(LINKED_TO_TOPIC, [topicId]);
  }
  if (args.search) qb.andWhere({ title: { $ilike: containsPattern(args.search) } });
  qb.orderBy({ title: 'asc', id: 'asc' });
  return queryPage(qb, args);
}

async function setRelations(
  em: EntityManager,
  access: Access,
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
    const authors = await getAllByGlobalIds(em, Person, input.authorIds, 'authorIds');
    const before = requirement.authors.isInitialized()
      ? requirement.authors.getItems()
      : await requirement.authors.loadItems();
    await requireAuthorship(em, access, authors, before);
    requirement.authors.set(authors);
  }
}

/** A requirement belongs to its kommune; one without is the community's, kept by admins. */
export function requireRequirementEditor(access: Access, requirement: Requirement, what: string) {
  return access.requireEditorOf({ kommuneIds: [requirement.owningKommune?.id] }, what);
}

export async function createRequirement(
  em: EntityManager,
  access: Access,
  input: CreateRequirementInput,
) {
  const { owningKommuneId, topicIds, authorIds, ...fields } = input;
  const requirement = applyChanges(new Requirement(), fields);
  await setRelations(em, access, requirement, { owningKommuneId, topicIds, authorIds });
  await requireRequirementEditor(access, requirement, 'add a requirement for this kommune');
  if (requirement.sharing === RequirementSharing.SHARED) {
    access.requireAdmin('add a requirement straight to the shared catalogue');
  }
  if (requirement.sharing !== RequirementSharing.LOCAL) requirement.sharingChangedAt = new Date();
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
  if (requirement.sharing === RequirementSharing.SHARED) {
    // Other kommuner use it and record how it worked out against its text.
    access.requireAdmin('change a requirement in the shared catalogue');
  }
  const { owningKommuneId, topicIds, authorIds, ...fields } = input;
  applyChanges(requirement, fields, [
    'title',
    'text',
    'importance',
    'kind',
    'kleDomains',
    'tags',
    'architecturePrinciples',
  ]);
  const owner = requirement.owningKommune?.id;
  await setRelations(em, access, requirement, { owningKommuneId, topicIds, authorIds });
  if (requirement.owningKommune?.id !== owner) {
    // Handing it to another kommune, or to the community, takes the new owner's editor too.
    await requireRequirementEditor(access, requirement, 'give this requirement to that owner');
  }
  await em.flush();
  return requirement;
}

/**
 * Records that a kommune used a requirement, and how it worked out. The kommune is the one given,
 * or the procurement's only buyer; it must be a buyer of the procurement. An editor of that
 * kommune (or an admin) records it, and only for a shared requirement or one of the kommune's own:
 * another kommune's local or proposed requirement is not theirs to use yet.
 */
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
  const buyers = usage.procurement ? await usage.procurement.kommuner.loadItems() : [];
  if (usage.procurement && !usage.kommune) {
    if (buyers.length !== 1) {
      throw new BadUserInputError(
        'kommuneId',
        `Procurement ${usage.procurement.globalId} has ${buyers.length} buyers: say which kommune used the requirement`,
      );
    }
    usage.kommune = buyers[0];
  }
  const kommune = usage.kommune as Kommune;
  if (usage.procurement && !buyers.some((buyer) => buyer.id === kommune.id)) {
    throw new BadUserInputError(
      'kommuneId',
      `${kommune.name} is not a buyer in procurement ${usage.procurement.globalId}`,
    );
  }
  await access.requireEditorOf({ kommuneIds: [kommune.id] }, 'record this use of the requirement');
  const requirement = usage.requirement;
  if (
    requirement.sharing !== RequirementSharing.SHARED &&
    requirement.owningKommune?.id !== kommune.id
  ) {
    throw new ConflictError(
      `Requirement ${requirement.globalId} is ${requirement.sharing}, not shared: only its own kommune can record using it until the kravredaktion shares it`,
      'requirementId',
    );
  }
  usage.outcome = input.outcome?.trim() || null;
  usage.lessons = input.lessons?.trim() || null;
  em.persist(usage);
  await em.flush();
  return usage;
}

/**
 * Which kommuner used which requirements, from the recorded usages: per requirement (for
 * `Requirement.usedBy`, most used first) or per kommune (for `Kommune.requirementsUsed`, most
 * recent first), for every parent of the batch in one statement. `sharedOnly` keeps what
 * anonymous callers may read (the shared requirements).
 */
export async function requirementUses(
  em: EntityManager,
  by: 'requirement' | 'kommune',
  ids: readonly string[],
  sharedOnly: boolean,
): Promise<Map<string, KommuneRequirementUse[]>> {
  const rows = await selectUses(
    em,
    by,
    ids,
    sharedOnly ? anonymousSql('Requirement', 'r') : 'true',
  );
  const uses = new Map<string, KommuneRequirementUse[]>();
  for (const row of rows) {
    const parent = by === 'requirement' ? row.requirement_id : row.kommune_id;
    let list = uses.get(parent);
    if (!list) uses.set(parent, (list = []));
    list.push(
      Object.assign(new KommuneRequirementUse(), {
        requirementId: row.requirement_id,
        kommuneId: row.kommune_id,
        listedBy: by,
        usageCount: row.n,
        latestYear: row.latest_year,
        lastRecordedAt: new Date(row.last_recorded_at),
      }),
    );
  }
  return uses;
}

/** The procurements each requirement was used in, newest first, for a batch in one statement. */
export async function procurementIdsOf(
  em: EntityManager,
  requirementIds: readonly string[],
): Promise<Map<string, string[]>> {
  const rows = await selectProcurementsUsedIn(em, requirementIds);
  return new Map(rows.map((row) => [row.requirement_id, row.ids]));
}
