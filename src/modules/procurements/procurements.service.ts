import type { Access } from '../../auth/access';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../../common/errors';
import {
  containsPattern,
  getAllByGlobalIds,
  getByGlobalId,
  getOptionalByGlobalId,
  queryPage,
} from '../../common/lookup';
import { applyChanges } from '../../common/validation';
import { Kommune, Organization } from '../kommuner/kommuner.entity';
import { Person } from '../people/people.entity';
import { Product } from '../products/products.entity';
import { Topic } from '../topics/topics.entity';
import { Procurement, ProcurementParticipant } from './procurements.entity';
import type {
  AddProcurementParticipantInput,
  CreateProcurementInput,
  ProcurementListArgs,
  UpdateProcurementInput,
} from './procurements.inputs';

/** The filters of a list of procurements, by database id (resolvers decode the arguments' global ids). */
export type ProcurementFilter = ProcurementListArgs;

/** Lists procurements by kommune, product, topic, status, procedure, year and title. */
export function listProcurements(em: EntityManager, args: ProcurementFilter) {
  const { kommuneId, productId, topicId } = args;
  const qb = em.createQueryBuilder(Procurement, 'p');
  if (kommuneId) {
    qb.andWhere(
      'p.id in (select pk.procurement_id from procurement_kommuner pk where pk.kommune_id = ?)',
      [kommuneId],
    );
  }
  if (productId) {
    qb.andWhere(
      'p.id in (select pp.procurement_id from procurement_products pp where pp.product_id = ?)',
      [productId],
    );
  }
  if (topicId) {
    qb.andWhere(
      'p.id in (select pt.procurement_id from procurement_topics pt where pt.topic_id = ?)',
      [topicId],
    );
  }
  if (args.status) qb.andWhere({ status: args.status });
  if (args.procedure) qb.andWhere({ procedure: args.procedure });
  if (args.year != null) qb.andWhere({ year: args.year });
  if (args.search) qb.andWhere({ title: { $ilike: containsPattern(args.search) } });
  qb.orderBy({ year: 'desc nulls last', title: 'asc' });
  return queryPage(qb, args);
}

/** Sets the procurement's related lists from the IDs given (undefined leaves a list as it is). */
async function setRelations(
  em: EntityManager,
  procurement: Procurement,
  input: Pick<
    UpdateProcurementInput,
    'kommuneIds' | 'productIds' | 'supplierIds' | 'topicIds' | 'winnerId'
  >,
) {
  if (input.kommuneIds != null) {
    if (input.kommuneIds.length === 0) {
      throw new BadUserInputError('kommuneIds', 'A procurement needs at least one kommune');
    }
    procurement.kommuner.set(await getAllByGlobalIds(em, Kommune, input.kommuneIds, 'kommuneIds'));
  }
  if (input.productIds != null) {
    procurement.products.set(await getAllByGlobalIds(em, Product, input.productIds, 'productIds'));
  }
  if (input.supplierIds != null) {
    procurement.suppliers.set(
      await getAllByGlobalIds(em, Organization, input.supplierIds, 'supplierIds'),
    );
  }
  if (input.topicIds != null)
    procurement.topics.set(await getAllByGlobalIds(em, Topic, input.topicIds, 'topicIds'));
  if (input.winnerId !== undefined) {
    procurement.winner = await getOptionalByGlobalId(em, Organization, input.winnerId, 'winnerId');
  }
}

/** The kommuner that buy in a procurement, by id. */
async function buyerIds(em: EntityManager, procurement: Procurement): Promise<string[]> {
  const kommuner = procurement.kommuner?.isInitialized()
    ? procurement.kommuner.getItems()
    : (await em.populate(procurement, ['kommuner'])).kommuner.getItems();
  return kommuner.map((kommune) => kommune.id);
}

/**
 * A procurement belongs to the kommuner that buy: an editor of one of them (or an admin) keeps
 * it, and may name other buyers of a joint procurement.
 */
async function requireBuyerEditor(
  em: EntityManager,
  access: Access,
  procurement: Procurement,
  what: string,
) {
  await access.requireEditorOf({ kommuneIds: await buyerIds(em, procurement) }, what);
}

export async function createProcurement(
  em: EntityManager,
  access: Access,
  input: CreateProcurementInput,
) {
  const { kommuneIds, productIds, supplierIds, topicIds, winnerId, ...fields } = input;
  const procurement = applyChanges(new Procurement(), fields);
  await setRelations(em, procurement, { kommuneIds, productIds, supplierIds, topicIds, winnerId });
  await requireBuyerEditor(em, access, procurement, 'record a procurement for these kommuner');
  em.persist(procurement);
  await em.flush();
  return procurement;
}

export async function updateProcurement(
  em: EntityManager,
  access: Access,
  id: string,
  input: UpdateProcurementInput,
) {
  const procurement = await getByGlobalId(em, Procurement, id, 'id');
  const before = await buyerIds(em, procurement);
  await access.requireEditorOf({ kommuneIds: before }, 'change this procurement');
  const { kommuneIds, productIds, supplierIds, topicIds, winnerId, ...fields } = input;
  applyChanges(procurement, fields, ['title', 'procedure', 'status']);
  await setRelations(em, procurement, { kommuneIds, productIds, supplierIds, topicIds, winnerId });
  if (kommuneIds != null) {
    // No buyer is dropped but by its own editor, and the caller's kommune stays a buyer.
    const after = await buyerIds(em, procurement);
    for (const dropped of before.filter((kommuneId) => !after.includes(kommuneId))) {
      await access.requireEditorOf({ kommuneIds: [dropped] }, 'remove another kommune as buyer');
    }
    await access.requireEditorOf({ kommuneIds: after }, 'hand the procurement to other kommuner');
  }
  await em.flush();
  return procurement;
}

export async function addProcurementParticipant(
  em: EntityManager,
  access: Access,
  input: AddProcurementParticipantInput,
) {
  const participant = new ProcurementParticipant();
  participant.procurement = await getByGlobalId(
    em,
    Procurement,
    input.procurementId,
    'procurementId',
  );
  await requireBuyerEditor(em, access, participant.procurement, 'add people to this procurement');
  participant.person = await getByGlobalId(em, Person, input.personId, 'personId');
  participant.role = input.role;
  participant.kommune = await getOptionalByGlobalId(em, Kommune, input.kommuneId, 'kommuneId');
  participant.note = input.note?.trim() || null;
  em.persist(participant);
  await em.flush();
  return participant;
}

/** Removes a participant recorded by mistake. */
export async function removeProcurementParticipant(em: EntityManager, access: Access, id: string) {
  const participant = await getByGlobalId(em, ProcurementParticipant, id, 'id');
  const procurement = participant.procurement;
  await requireBuyerEditor(em, access, procurement, 'remove people from this procurement');
  em.remove(participant);
  await em.flush();
  return em.findOneOrFail(Procurement, procurement.id);
}
