import { searchable } from '../../search/descriptor';
import { KnowledgeItem } from './knowledge.entity';

/** Knowledge notes in the general search, by title and body, and by their topics. */
export const knowledgeSearch = searchable({
  type: 'KnowledgeItem',
  key: 'KNOWLEDGE_ITEM',
  entity: () => KnowledgeItem,
  table: 'knowledge_item',
  title: 'x.title',
  body: 'x.body',
  topicLinks: { pivot: 'knowledge_item_topics', owner: 'knowledge_item_id' },
});
