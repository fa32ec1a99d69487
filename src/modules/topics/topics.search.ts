import { searchable } from '../../search/descriptor';
import { Topic } from './topics.entity';

/**
 * Topics in the general search, by their labels, aliases and description; a topic the query names
 * is a hit by itself, first.
 */
export const topicSearch = searchable('Topic', () => Topic, {
  title: 'x.label_da',
  body: "concat_ws(' – ', x.label_en, array_to_string(x.aliases, ', '), x.description)",
  terms: 'array[x.label_da, x.label_en] || x.aliases',
  topics: 'self',
});
