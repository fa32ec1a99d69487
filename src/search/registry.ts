import { groupSearch } from '../modules/groups/groups.search';
import { knowledgeSearch } from '../modules/knowledge/knowledge.search';
import { personSearch } from '../modules/people/people.search';
import { procurementSearch } from '../modules/procurements/procurements.search';
import { productSearch } from '../modules/products/products.search';
import { requirementSearch } from '../modules/requirements/requirements.search';
import { topicSearch } from '../modules/topics/topics.search';

/**
 * Every kind of thing the general search finds, one descriptor each (declared by the module that
 * owns it), in the order the API lists them. The engines, the documents and the GraphQL search
 * types are derived from this list, so a new searchable entity is added here and nowhere else.
 */
export const SEARCH_DESCRIPTORS = [
  personSearch,
  groupSearch,
  productSearch,
  procurementSearch,
  requirementSearch,
  knowledgeSearch,
  topicSearch,
] as const;

export type SearchDescriptorOf = (typeof SEARCH_DESCRIPTORS)[number];

/** The GraphQL types that become search documents. */
export type DocumentType = SearchDescriptorOf['type'];

/** The members of the GraphQL `SearchType` enum. */
export type SearchTypeName = SearchDescriptorOf['key'];

/** Each `SearchType` member's GraphQL type. */
export const SEARCH_TYPES = Object.fromEntries(
  SEARCH_DESCRIPTORS.map((descriptor) => [descriptor.key, descriptor.type]),
) as { [D in SearchDescriptorOf as D['key']]: D['type'] };

const BY_TYPE = new Map<string, SearchDescriptorOf>(
  SEARCH_DESCRIPTORS.map((descriptor) => [descriptor.type, descriptor]),
);

/** Whether a type name (say, from an external index) is that of a searchable type. */
export function isDocumentType(type: string): type is DocumentType {
  return BY_TYPE.has(type);
}

/** The descriptor of a document type. */
export function descriptorOf(type: DocumentType): SearchDescriptorOf {
  return BY_TYPE.get(type)!;
}
