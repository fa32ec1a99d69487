import type { Access } from '../../auth/access';
import { requireAuthorship } from '../../auth/owners';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, ForbiddenError } from '../../common/errors';
import {
  containsPattern,
  getAllByGlobalIds,
  getByGlobalId,
  getOptionalByGlobalId,
  queryPage,
} from '../../common/lookup';
import { applyChanges } from '../../common/validation';
import { today } from '../../db/base.entity';
import { Group } from '../groups/groups.entity';
import { Kommune } from '../kommuner/kommuner.entity';
import { Person } from '../people/people.entity';
import { Procurement } from '../procurements/procurements.entity';
import { Product } from '../products/products.entity';
import { Requirement } from '../requirements/requirements.entity';
import { Topic } from '../topics/topics.entity';
import { KnowledgeItem } from './knowledge.entity';
import type {
  CreateKnowledgeItemInput,
  KnowledgeListArgs,
  UpdateKnowledgeItemInput,
} from './knowledge.inputs';

/** The filters of a list of knowledge notes, by database id (resolvers decode the arguments' global ids). */
export type KnowledgeFilter = KnowledgeListArgs;

/** Lists knowledge notes by kind, topic, subject, author and text; newest first. */
export function listKnowledge(em: EntityManager, args: KnowledgeFilter) {
  const { topicId, productId, groupId, kommuneId, authorId } = args;
  const qb = em.createQueryBuilder(KnowledgeItem, 'k');
  if (args.kind) qb.andWhere({ kind: args.kind });
  if (topicId) {
    qb.andWhere(
      'k.id in (select kt.knowledge_item_id from knowledge_item_topics kt where kt.topic_id = ?)',
      [topicId],
    );
  }
  if (authorId) {
    qb.andWhere(
      'k.id in (select ka.knowledge_item_id from knowledge_item_authors ka where ka.person_id = ?)',
      [authorId],
    );
  }
  if (productId) qb.andWhere({ product: productId });
  if (groupId) qb.andWhere({ group: groupId });
  if (kommuneId) qb.andWhere({ kommune: kommuneId });
  if (args.search) {
    const pattern = containsPattern(args.search);
    qb.andWhere({ $or: [{ title: { $ilike: pattern } }, { body: { $ilike: pattern } }] });
  }
  qb.orderBy({ occurredOn: 'desc nulls last', createdAt: 'desc' });
  return queryPage(qb, args);
}

/**
 * A note is its authors' to write: one of them, an editor of the note's kommune, or an admin
 * may create or change it.
 */
async function requireNoteEditor(access: Access, item: KnowledgeItem, what: string) {
  const authors = item.authors.getItems().map((author) => author.id);
  const self = authors.find((id) => access.isPerson(id));
  await access.requireEditorOf({ kommuneIds: [item.kommune?.id] }, what, self);
}

/**
 * A note is not put in someone else's name (see {@link requireAuthorship}), nor under someone
 * else's kommune: the note's kommune must be the caller's (admins may file it anywhere).
 */
async function requireAttribution(
  em: EntityManager,
  access: Access,
  authors: readonly Person[],
  kommuneId?: string,
) {
  await requireAuthorship(em, access, authors);
  if (kommuneId && !access.has('admin') && !(await access.worksFor({ kommuneIds: [kommuneId] }))) {
    throw new ForbiddenError('A note can only be filed under your own kommune');
  }
}

export async function createKnowledgeItem(
  em: EntityManager,
  access: Access,
  input: CreateKnowledgeItemInput,
) {
  if (input.authorIds.length === 0) {
    throw new BadUserInputError('authorIds', 'A knowledge note needs at least one author');
  }
  const item = applyChanges(new KnowledgeItem(), {
    kind: input.kind,
    title: input.title,
    body: input.body,
    url: input.url,
    occurredOn: input.occurredOn,
  });
  item.authors.set(await getAllByGlobalIds(em, Person, input.authorIds, 'authorIds'));
  item.topics.set(await getAllByGlobalIds(em, Topic, input.topicIds ?? [], 'topicIds'));
  item.product = await getOptionalByGlobalId(em, Product, input.productId, 'productId');
  item.group = await getOptionalByGlobalId(em, Group, input.groupId, 'groupId');
  item.procurement = await getOptionalByGlobalId(
    em,
    Procurement,
    input.procurementId,
    'procurementId',
  );
  item.requirement = await getOptionalByGlobalId(
    em,
    Requirement,
    input.requirementId,
    'requirementId',
  );
  item.kommune = await getOptionalByGlobalId(em, Kommune, input.kommuneId, 'kommuneId');
  await requireNoteEditor(access, item, 'write a note in these authors’ names');
  await requireAttribution(em, access, item.authors.getItems(), item.kommune?.id);
  item.verifiedOn = today();
  em.persist(item);
  await em.flush();
  return item;
}

export async function updateKnowledgeItem(
  em: EntityManager,
  access: Access,
  id: string,
  input: UpdateKnowledgeItemInput,
) {
  const item = await getByGlobalId(em, KnowledgeItem, id, 'id');
  await item.authors.loadItems();
  await requireNoteEditor(access, item, 'change this note');
  const { authorIds, topicIds, ...fields } = input;
  applyChanges(item, fields, ['kind', 'title', 'body']);
  if (authorIds != null) {
    if (authorIds.length === 0)
      throw new BadUserInputError('authorIds', 'A knowledge note needs at least one author');
    const authors = await getAllByGlobalIds(em, Person, authorIds, 'authorIds');
    await requireAuthorship(em, access, authors, item.authors.getItems());
    item.authors.set(authors);
  }
  if (topicIds != null) item.topics.set(await getAllByGlobalIds(em, Topic, topicIds, 'topicIds'));
  item.verifiedOn = today();
  await em.flush();
  return item;
}
