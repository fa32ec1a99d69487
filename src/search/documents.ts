import type { EntityManager } from '@mikro-orm/postgresql';
import { anonymousSql } from '../access/visibility';
import type { SearchDescriptor } from './descriptor';
import { SEARCH_DESCRIPTORS } from './registry';
import type { DocumentRef, DocumentType, SearchDocument } from './search-index';

/** SQL (`text[]`): the labels and aliases of the topics a thing is linked to. */
const topicTerms = ({ pivot, owner }: { pivot: string; owner: string }) => `coalesce((
  select array_agg(term) from ${pivot} l join topic t on t.id = l.topic_id,
    unnest(array[t.label_da, t.label_en] || t.aliases) as term
  where l.${owner} = x.id), '{}')`;

/**
 * The SQL that turns a type's rows into documents (id, title, text, topics, updated_at, public),
 * from its descriptor; whether anonymous callers may find it is the visibility policy's answer.
 */
function mapper(descriptor: SearchDescriptor): string {
  const terms = [descriptor.terms, descriptor.topicLinks && topicTerms(descriptor.topicLinks)]
    .filter(Boolean)
    .join(' || ');
  return `select x.id, ${descriptor.title}, ${descriptor.body}, ${terms || `'{}'::text[]`}, x.updated_at,
      ${anonymousSql(descriptor.type, 'x')}
    from ${descriptor.table} x where ${descriptor.where ?? 'true'}`;
}

const MAPPERS = new Map<DocumentType, string>(
  SEARCH_DESCRIPTORS.map((descriptor) => [descriptor.type, mapper(descriptor)]),
);

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
  for (const [type, sql] of MAPPERS) {
    const ids = [...new Set(refs.filter((ref) => ref.type === type).map((ref) => ref.id))];
    if (ids.length === 0) continue;
    const rows = await em
      .getConnection()
      .execute<Row[]>(`${columns(sql)} where id = any(?::uuid[])`, [`{${ids.join(',')}}`]);
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
  for (const [type, sql] of MAPPERS) {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await em
        .getConnection()
        .execute<Row[]>(`${columns(sql)} where id > ? order by id limit ?`, [after, batchSize]);
      if (rows.length === 0) break;
      yield rows.map((row) => toDocument(type, row));
      after = rows[rows.length - 1].id;
    }
  }
}

/** Synonyms from the topic taxonomy: every label and alias of a topic stands for the others. */
export async function topicSynonyms(em: EntityManager): Promise<Record<string, string[]>> {
  const topics = await em
    .getConnection()
    .execute<{ terms: string[] }[]>(
      `select array[label_da, label_en] || aliases as terms from topic`,
    );
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
