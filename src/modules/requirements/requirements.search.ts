import { searchable } from '../../search/descriptor';
import { Requirement } from './requirements.entity';

/** Requirements in the general search, by title, text, rationale, subcategory and tags, and topics. */
export const requirementSearch = searchable('Requirement', () => Requirement, {
  title: 'x.title',
  body: "concat_ws(' – ', x.text, x.rationale, x.subcategory, search_join(x.tags))",
  topics: 'linked',
});
