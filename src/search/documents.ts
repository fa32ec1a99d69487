import type { EntityManager } from '@mikro-orm/postgresql';
import type { DocumentRef, DocumentType, SearchDocument } from './search-index';
import { TOPIC_LINKS, type TopicLinked } from './topic-links';

/** Labels and aliases of the topics a thing is linked to. */
const topicTerms = (type: TopicLinked, alias: string) => {
  const { pivot, owner } = TOPIC_LINKS[type];
  return `coalesce((
  select array_agg(term) from ${pivot} x join topic t on t.id = x.topic_id,
    unnest(array[t.label_da, t.label_en] || t.aliases) as term
  where x.${owner} = ${alias}.id), '{}')`;
};

/** One mapper per type: the SQL that turns rows into documents. */
const MAPPERS: Record<DocumentType, string> = {
  Person: `select p.id, p.name as title, concat_ws(' – ', p.title, p.bio) as text,
      coalesce((select array_agg(t.label_da) from experience_claim c join topic t on t.id = c.topic_id
        where c.person_id = p.id and c.withdrawn_at is null), '{}') as topics, p.updated_at, false
    from person p where p.status <> 'ERASED'`,
  Group: `select g.id, g.name, coalesce(g.description, ''), ${topicTerms('Group', 'g')}, g.updated_at, true
    from "group" g where true`,
  Product: `select p.id, p.name, concat_ws(' – ', p.summary_da, p.summary),
      array_remove(array[p.name_en], null) || p.aliases || ${topicTerms('Product', 'p')}, p.updated_at, true
    from product p where true`,
  Procurement: `select p.id, p.title, concat_ws(' – ', p.description, p.lessons_learned), ${topicTerms('Procurement', 'p')}, p.updated_at, false
    from procurement p where true`,
  Requirement: `select r.id, r.title, concat_ws(' – ', r.text, r.rationale, r.subcategory, search_join(r.tags)), ${topicTerms('Requirement', 'r')}, r.updated_at,
      r.sharing = 'SHARED'
    from requirement r where true`,
  KnowledgeItem: `select k.id, k.title, k.body, ${topicTerms('KnowledgeItem', 'k')}, k.updated_at, false
    from knowledge_item k where true`,
  Topic: `select t.id, t.label_da, concat_ws(' – ', t.label_en, t.description), array[t.label_da, t.label_en] || t.aliases, t.updated_at, true
    from topic t where true`,
};

export const DOCUMENT_TYPES = Object.keys(MAPPERS) as DocumentType[];

interface Row {
  id: string;
  title: string;
  text: string;
  topics: string[];
  updated_at: Date;
  public: boolean;
}

const toDocument = (type: DocumentType, row: Row): SearchDocument => ({
  id: `${type}_${row.id}`,
  type,
  entityId: row.id,
  title: row.title,
  text: row.text,
  topics: row.topics,
  updatedAt: new Date(row.updated_at).getTime(),
  public: row.public,
});

const columns = (sql: string) =>
  `select * from (${sql}) as source (id, title, text, topics, updated_at, public)`;

/**
 * The current documents for some entities. A reference with no document (deleted, or a person
 * erased) is returned in `missing`, to be removed from the engine.
 */
export async function loadDocuments(
  em: EntityManager,
  refs: DocumentRef[],
): Promise<{ documents: SearchDocument[]; missing: DocumentRef[] }> {
  const documents: SearchDocument[] = [];
  const missing: DocumentRef[] = [];
  for (const type of DOCUMENT_TYPES) {
    const ids = [...new Set(refs.filter((ref) => ref.type === type).map((ref) => ref.id))];
    if (ids.length === 0) continue;
    const rows = (await em
      .getConnection()
      .execute(`${columns(MAPPERS[type])} where id = any(?::uuid[])`, [
        `{${ids.join(',')}}`,
      ])) as Row[];
    const found = new Set(rows.map((row) => row.id));
    documents.push(...rows.map((row) => toDocument(type, row)));
    missing.push(...ids.filter((id) => !found.has(id)).map((id) => ({ type, id })));
  }
  return { documents, missing };
}

/** Every document, in batches (keyset paging by id), for a rebuild. */
export async function* allDocuments(
  em: EntityManager,
  batchSize = 1000,
): AsyncGenerator<SearchDocument[]> {
  for (const type of DOCUMENT_TYPES) {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = (await em
        .getConnection()
        .execute(`${columns(MAPPERS[type])} where id > ? order by id limit ?`, [
          after,
          batchSize,
        ])) as Row[];
      if (rows.length === 0) break;
      yield rows.map((row) => toDocument(type, row));
      after = rows[rows.length - 1].id;
    }
  }
}

/** Synonyms from the topic taxonomy: every label and alias of a topic stands for the others. */
export async function topicSynonyms(em: EntityManager): Promise<Record<string, string[]>> {
  const topics = (await em
    .getConnection()
    .execute(`select array[label_da, label_en] || aliases as terms from topic`)) as {
    terms: string[];
  }[];
  const synonyms: Record<string, Set<string>> = {};
  for (const { terms } of topics) {
    const unique = [...new Set(terms.map((term) => term.toLowerCase()))];
    for (const term of unique) {
      synonyms[term] ??= new Set();
      for (const other of unique) if (other !== term) synonyms[term].add(other);
    }
  }
  return Object.fromEntries(Object.entries(synonyms).map(([term, others]) => [term, [...others]]));
}
