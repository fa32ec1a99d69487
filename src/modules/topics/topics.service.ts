import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../../common/errors';
import {
  containsPattern,
  getByGlobalId,
  getOptionalByGlobalId,
  queryPage,
} from '../../common/lookup';
import { applyChanges } from '../../common/validation';
import { Topic } from './topics.entity';
import type { CreateTopicInput, TopicListArgs, UpdateTopicInput } from './topics.inputs';

/** The filters of a list of topics, by database id (resolvers decode the arguments' global ids). */
export type TopicFilter = TopicListArgs;

/** Lists topics by kind, parent, and label or alias. */
export function listTopics(em: EntityManager, args: TopicFilter) {
  const { parentId } = args;
  const qb = em.createQueryBuilder(Topic, 't');
  if (args.kind) qb.andWhere({ kind: args.kind });
  if (parentId) qb.andWhere({ parent: parentId });
  if (args.search) {
    const pattern = containsPattern(args.search);
    qb.andWhere(
      `(unaccent(t.label_da) ilike unaccent(?) or unaccent(t.label_en) ilike unaccent(?)
        or exists (select 1 from unnest(t.aliases) alias where unaccent(alias) ilike unaccent(?)))`,
      [pattern, pattern, pattern],
    );
  }
  qb.orderBy({ labelDa: 'asc' });
  return queryPage(qb, args);
}

export async function createTopic(em: EntityManager, input: CreateTopicInput) {
  const { parentId, ...fields } = input;
  const topic = applyChanges(new Topic(), fields);
  topic.aliases = (input.aliases ?? []).map((alias) => alias.trim()).filter(Boolean);
  topic.parent = await getOptionalByGlobalId(em, Topic, parentId, 'parentId');
  em.persist(topic);
  await em.flush();
  return topic;
}

export async function updateTopic(em: EntityManager, id: string, input: UpdateTopicInput) {
  const topic = await getByGlobalId(em, Topic, id, 'id');
  const { parentId, ...fields } = input;
  applyChanges(topic, fields, ['kind', 'labelDa', 'labelEn', 'aliases']);
  if (input.aliases) topic.aliases = input.aliases.map((alias) => alias.trim()).filter(Boolean);
  if (parentId !== undefined) {
    const parent = await getOptionalByGlobalId(em, Topic, parentId, 'parentId');
    // Walk up from the new parent: meeting the topic itself would make a cycle.
    for (
      let ancestor = parent;
      ancestor;
      ancestor = ancestor.parent ? await em.findOne(Topic, ancestor.parent.id) : null
    ) {
      if (ancestor.id === topic.id)
        throw new BadUserInputError('parentId', 'A topic cannot be placed under itself');
    }
    topic.parent = parent;
  }
  await em.flush();
  return topic;
}
