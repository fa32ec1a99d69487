import { searchable } from '../../search/descriptor';
import { Requirement } from './requirements.entity';

/** Requirements in the general search, by title, text, rationale, subcategory and tags, and topics. */
export const requirementSearch = searchable({
  type: 'Requirement',
  key: 'REQUIREMENT',
  entity: () => Requirement,
  table: 'requirement',
  title: 'x.title',
  body: "concat_ws(' – ', x.text, x.rationale, x.subcategory, search_join(x.tags))",
  topicLinks: { pivot: 'requirement_topics', owner: 'requirement_id' },
});
