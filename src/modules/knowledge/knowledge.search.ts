import { searchable } from '../../search/descriptor';
import { KnowledgeItem } from './knowledge.entity';

/** Knowledge notes in the general search, by title and body, and by their topics. */
export const knowledgeSearch = searchable('KnowledgeItem', () => KnowledgeItem, {
  title: 'x.title',
  body: 'x.body',
  topics: 'linked',
});
