/**
 * The tables linking each kind of thing to its topics (MikroORM's pivot tables), and the column
 * naming the thing: the one place the search and the documents read them from.
 */
export const TOPIC_LINKS = {
  Group: { pivot: 'group_topics', owner: 'group_id' },
  Product: { pivot: 'product_topics', owner: 'product_id' },
  Procurement: { pivot: 'procurement_topics', owner: 'procurement_id' },
  Requirement: { pivot: 'requirement_topics', owner: 'requirement_id' },
  KnowledgeItem: { pivot: 'knowledge_item_topics', owner: 'knowledge_item_id' },
} as const;

export type TopicLinked = keyof typeof TOPIC_LINKS;

/** SQL selecting the ids of the `type` things linked to any of `topics` (an SQL uuid[] expression). */
export function linkedTo(type: TopicLinked, topics: string): string {
  const { pivot, owner } = TOPIC_LINKS[type];
  return `select ${owner} from ${pivot} where topic_id = any(${topics})`;
}
