import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  RequirementImportance,
  RequirementKind,
  RequirementOrigin,
  RequirementSharing,
} from '../requirements/requirements.entity';
import { kommuneCode, RecordReader, textArray } from './import.fields';
import type { SourceRecord } from './import.parse';
import type { BatchOutcome, Importer, ImportRow, Rejection, RowOutcome } from './import.runner';

/**
 * The accepted names of each column or property (compared as `fieldKey`s): OS2kravmotor's own
 * (`name`, `description`, `domains`, `principles`, `type` …), the network's, and Danish.
 */
export const REQUIREMENT_COLUMNS = {
  externalId: ['externalId', 'id', 'kravId', 'requirementId'],
  title: ['title', 'name', 'navn', 'titel', 'overskrift'],
  text: ['text', 'description', 'beskrivelse', 'kravtekst'],
  rationale: ['rationale', 'begrundelse'],
  helpText: ['helpText', 'hjaelpetekst', 'vejledning'],
  importance: ['importance', 'vigtighed', 'prioritet'],
  kind: ['kind', 'art'],
  category: ['category', 'kategori'],
  subcategory: ['subcategory', 'underkategori'],
  kleDomains: ['kleDomains', 'domains', 'kle', 'domaener'],
  tags: ['tags', 'emneord'],
  architecturePrinciples: ['architecturePrinciples', 'principles', 'arkitekturprincipper'],
  relevantForSaas: ['relevantForSaas', 'saas'],
  relevantForOnPremise: ['relevantForOnPremise', 'onPremise'],
  type: ['type', 'origin', 'kravtype'],
  kommune: ['kommune', 'kommunekode', 'owningKommune'],
  authors: ['authors', 'forfattere', 'authorEmails'],
  topics: ['topics', 'emner', 'topicSlugs'],
} as const;

/** OS2kravmotor's requirement types; TOBESHARED is a local requirement its kommune asked to share. */
const TYPES = ['GLOBAL', 'COMMUNITY', 'LOCAL', 'TOBESHARED'] as const;
type KravmotorType = (typeof TYPES)[number];

/** How an OS2kravmotor type is kept: its origin and how widely the network shares it. */
const TYPE_MAPPING: Record<KravmotorType, [RequirementOrigin, RequirementSharing]> = {
  GLOBAL: [RequirementOrigin.GLOBAL, RequirementSharing.SHARED],
  COMMUNITY: [RequirementOrigin.COMMUNITY, RequirementSharing.SHARED],
  LOCAL: [RequirementOrigin.LOCAL, RequirementSharing.LOCAL],
  TOBESHARED: [RequirementOrigin.LOCAL, RequirementSharing.PROPOSED],
};

const SHARING_ORDER = [
  RequirementSharing.LOCAL,
  RequirementSharing.PROPOSED,
  RequirementSharing.SHARED,
];

const IMPORTANCE_WORDS: Record<string, RequirementImportance> = {
  valgfri: RequirementImportance.OPTIONAL,
  hoej: RequirementImportance.HIGH,
  absolut: RequirementImportance.ABSOLUTE,
  mindstekrav: RequirementImportance.ABSOLUTE,
};

const KIND_WORDS: Record<string, RequirementKind> = {
  funktionel: RequirementKind.FUNCTIONAL,
  nonfunktionel: RequirementKind.NON_FUNCTIONAL,
  ikkefunktionel: RequirementKind.NON_FUNCTIONAL,
};

const KLE = /^\d{2}(\.\d{2}){0,2}$/;

/** The values a row gives; a field left out stays as stored. */
interface RequirementFacts {
  title: string;
  text?: string;
  rationale?: string;
  help_text?: string;
  category?: string;
  subcategory?: string;
  importance?: RequirementImportance;
  kind?: RequirementKind;
  kle_domains?: string[];
  tags?: string[];
  architecture_principles?: string[];
  relevant_for_saas?: boolean;
  relevant_for_on_premise?: boolean;
  origin?: RequirementOrigin;
  sharing?: RequirementSharing;
  owning_kommune_id?: string;
  external_id?: string;
}

/** One valid row of a requirements file. */
export interface RequirementRow extends ImportRow {
  facts: RequirementFacts;
  /** The authors' person ids, when the row names authors. */
  authorIds?: string[];
  /** The topics the row links the requirement to (see {@link topicsOf}). */
  topicIds: string[];
  /** Whether the row names its topics, so that they replace the stored ones. */
  replacesTopics: boolean;
}

/** Topic ids by each lower-cased slug, label and alias of the taxonomy. */
type TopicNames = Map<string, string[]>;

async function topicNames(em: EntityManager): Promise<TopicNames> {
  const topics = await em.execute<{ id: string; names: string[] }[]>(
    `select id, array[slug, label_da, label_en] || aliases as names from topic`,
  );
  const names: TopicNames = new Map();
  for (const topic of topics) {
    for (const name of topic.names) {
      const key = name.trim().toLowerCase();
      names.set(key, [...new Set([...(names.get(key) ?? []), topic.id])]);
    }
  }
  return names;
}

/**
 * The topics a row links its requirement to: those its `topics` column names (by slug, label or
 * alias; an unknown one is a problem), and those whose slug, label or alias equals its category,
 * subcategory, a tag or an architecture principle ("Logning", "GDPR", "SLA" …), so that an
 * imported requirement meets the people who know its subject.
 */
function topicsOf(reader: RecordReader, names: TopicNames, facts: RequirementFacts) {
  const named = reader.list('topics', REQUIREMENT_COLUMNS.topics);
  const ids = new Set<string>();
  for (const name of named ?? []) {
    const found = names.get(name.trim().toLowerCase());
    if (found) found.forEach((id) => ids.add(id));
    else reader.problem(`topics "${name}" is not a topic's slug, label or alias`);
  }
  const words = [
    facts.category,
    facts.subcategory,
    ...(facts.tags ?? []),
    ...(facts.architecture_principles ?? []),
  ];
  for (const word of words) {
    names.get(word?.trim().toLowerCase() ?? '')?.forEach((id) => ids.add(id));
  }
  return { topicIds: [...ids], replacesTopics: named !== undefined };
}

function readRequirement(
  record: SourceRecord,
  kommuner: Map<string, string>,
  people: Map<string, string>,
  topics: TopicNames,
): { row?: RequirementRow; reader: RecordReader } {
  const C = REQUIREMENT_COLUMNS;
  const reader = new RecordReader(record.fields);
  if (record.problem) reader.problem(record.problem);
  const externalId = reader.text('externalId', C.externalId);
  const title = reader.required('title', C.title);
  const text = reader.longText('text', C.text);
  const kle = reader.list('kleDomains', C.kleDomains);
  const badKle = kle?.find((number) => !KLE.test(number));
  if (badKle)
    reader.problem(`kleDomains "${badKle}" is not a KLE number like 17, 17.01 or 17.01.05`);
  const type = reader.oneOf('type', C.type, TYPES);
  const code = reader.text('kommune', C.kommune);
  const owner = code ? kommuner.get(kommuneCode(code)) : undefined;
  if (code && !owner) reader.problem(`kommune "${code}" is not a known kommune code`);
  const emails = reader.list('authors', C.authors);
  const unknown = emails?.filter((email) => !people.has(email.toLowerCase())) ?? [];
  if (unknown.length > 0)
    reader.problem(`authors ${unknown.join(', ')}: no person has that e-mail`);
  const facts: RequirementFacts = {
    title: title ?? '',
    text,
    rationale: reader.longText('rationale', C.rationale),
    help_text: reader.longText('helpText', C.helpText),
    category: reader.text('category', C.category),
    subcategory: reader.text('subcategory', C.subcategory),
    importance: reader.oneOf(
      'importance',
      C.importance,
      Object.values(RequirementImportance),
      IMPORTANCE_WORDS,
    ),
    kind: reader.oneOf('kind', C.kind, Object.values(RequirementKind), KIND_WORDS),
    kle_domains: kle,
    tags: reader.list('tags', C.tags),
    architecture_principles: reader.list('architecturePrinciples', C.architecturePrinciples),
    relevant_for_saas: reader.boolean('relevantForSaas', C.relevantForSaas),
    relevant_for_on_premise: reader.boolean('relevantForOnPremise', C.relevantForOnPremise),
    origin: type ? TYPE_MAPPING[type][0] : undefined,
    sharing: type ? TYPE_MAPPING[type][1] : undefined,
    owning_kommune_id: owner,
    external_id: externalId,
  };
  const { topicIds, replacesTopics } = topicsOf(reader, topics, facts);
  if (reader.problems.length > 0 || !title) return { reader };
  return {
    reader,
    row: {
      line: record.line,
      key: externalId ?? `${title.toLowerCase()} (${code ? kommuneCode(code) : 'no kommune'})`,
      facts,
      authorIds: emails?.map((email) => people.get(email.toLowerCase()) as string),
      topicIds,
      replacesTopics,
    },
  };
}

interface StoredRequirement {
  id: string;
  title: string;
  text: string;
  rationale: string | null;
  help_text: string | null;
  category: string | null;
  subcategory: string | null;
  importance: string;
  kind: string;
  kle_domains: string[];
  tags: string[];
  architecture_principles: string[];
  relevant_for_saas: boolean | null;
  relevant_for_on_premise: boolean | null;
  origin: string | null;
  sharing: RequirementSharing;
  sharing_changed_at: string | null;
  owning_kommune_id: string | null;
  external_id: string | null;
  author_ids: string[];
  topic_ids: string[];
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, index) => item === b[index]);

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item) => b.includes(item));

/** The facts a row would change on the stored requirement (nothing when it is unchanged). */
function changesTo(stored: StoredRequirement, facts: RequirementFacts): Partial<RequirementFacts> {
  const changes: Partial<RequirementFacts> = {};
  for (const [key, value] of Object.entries(facts) as [keyof RequirementFacts, unknown][]) {
    if (value === undefined) continue;
    const current = stored[key as keyof StoredRequirement];
    if (key === 'sharing') {
      // Once the network's sharing workflow has moved a requirement (shared it, or declined
      // sharing it, with a note why), that decision stands: an export still calling it
      // TOBESHARED must not propose it again. Otherwise an import shares more widely, never less.
      if (stored.sharing_changed_at !== null) continue;
      const from = SHARING_ORDER.indexOf(current as RequirementSharing);
      if (SHARING_ORDER.indexOf(value as RequirementSharing) > from)
        changes.sharing = value as never;
      continue;
    }
    const same = Array.isArray(value)
      ? sameList(value as string[], current as string[])
      : value === current;
    if (!same) (changes as Record<string, unknown>)[key] = value;
  }
  return changes;
}

const COLUMNS = `id uuid, title text, text text, rationale text, help_text text, category text,
  subcategory text, importance text, kind text, kle_domains text[], tags text[],
  architecture_principles text[], relevant_for_saas boolean, relevant_for_on_premise boolean,
  origin text, sharing text, owning_kommune_id uuid, external_id text, sharing_note text`;

/** The note kept with sharing an import raised, as the sharing workflow keeps one with its steps. */
const SHARING_NOTES: Partial<Record<RequirementSharing, string>> = {
  [RequirementSharing.PROPOSED]: 'Importeret som foreslået til deling (OS2kravmotor-eksport)',
  [RequirementSharing.SHARED]: 'Importeret som delt (OS2kravmotor-eksport)',
};

/**
 * Requirements from an OS2kravmotor-style export. A requirement is found by `externalId`, else
 * by its title (case-insensitive) within its owning kommune. Only the fields a row gives are
 * compared and written; lists (KLE domains, tags, principles, authors, topics) replace the stored
 * ones. Topics found from the category, tags and principles are added, never removed: a topic
 * linked in the network stays. Sharing is raised only on a requirement the sharing workflow has
 * never moved, and then with a note and `sharing_changed_at`, as the workflow would.
 */
export const requirementsImporter: Importer<RequirementRow> = {
  async prepare(em, records) {
    const kommuner = await em.execute<{ id: string; code: string }[]>(
      `select id, code from kommune`,
    );
    const people = await peopleByEmail(em, records);
    const topics = await topicNames(em);
    const codes = new Map(kommuner.map((row) => [row.code, row.id]));
    const rows: RequirementRow[] = [];
    const rejected: Rejection[] = [];
    const first = new Map<string, number>();
    for (const record of records) {
      const { row, reader } = readRequirement(record, codes, people, topics);
      if (!row) {
        rejected.push({
          line: record.line,
          key: reader.text('externalId', REQUIREMENT_COLUMNS.externalId) ?? null,
          reason: reader.problems.join('; '),
        });
        continue;
      }
      const earlier = first.get(row.key);
      if (earlier) {
        rejected.push({
          line: row.line,
          key: row.key,
          reason: `duplicate key: ${row.key} is already on line ${earlier}`,
        });
        continue;
      }
      first.set(row.key, row.line);
      rows.push(row);
    }
    return { rows, rejected };
  },

  async write(em, rows, beforeWrite) {
    const stored = await em.execute<StoredRequirement[]>(
      `select r.id, r.title, r.text, r.rationale, r.help_text, r.category, r.subcategory,
         r.importance, r.kind, r.kle_domains, r.tags, r.architecture_principles,
         r.relevant_for_saas, r.relevant_for_on_premise, r.origin, r.sharing,
         r.sharing_changed_at, r.owning_kommune_id, r.external_id,
         array(select a.person_id from requirement_authors a where a.requirement_id = r.id) as author_ids,
         array(select t.topic_id from requirement_topics t where t.requirement_id = r.id) as topic_ids
       from requirement r
       where r.external_id = any(?::text[]) or lower(r.title) = any(?::text[])`,
      [
        textArray(rows.flatMap((row) => (row.facts.external_id ? [row.facts.external_id] : []))),
        textArray(
          rows.filter((row) => !row.facts.external_id).map((row) => row.facts.title.toLowerCase()),
        ),
      ],
    );
    const outcomes = new Map<RequirementRow, BatchOutcome>();
    const inserts: object[] = [];
    const updates: object[] = [];
    const authorSets: LinkSet[] = [];
    /** Topic links to write; `replace` drops the requirement's other links first. */
    const topicSets: LinkSet[] = [];
    for (const row of rows) {
      const { facts } = row;
      const found = facts.external_id
        ? stored.find((r) => r.external_id === facts.external_id)
        : stored.find(
            (r) =>
              r.title.toLowerCase() === facts.title.toLowerCase() &&
              r.owning_kommune_id === (facts.owning_kommune_id ?? null),
          );
      if (!found) {
        if (!facts.text) {
          outcomes.set(row, { rejected: 'text is missing (needed for a new requirement)' });
          continue;
        }
        const id = randomUUID();
        inserts.push({
          ...facts,
          id,
          importance: facts.importance ?? RequirementImportance.NORMAL,
          kind: facts.kind ?? RequirementKind.NON_FUNCTIONAL,
          sharing: facts.sharing ?? RequirementSharing.LOCAL,
          kle_domains: facts.kle_domains ?? [],
          tags: facts.tags ?? [],
          architecture_principles: facts.architecture_principles ?? [],
        });
        if (row.authorIds?.length)
          authorSets.push({ requirement_id: id, ids: row.authorIds, replace: true });
        if (row.topicIds.length > 0)
          topicSets.push({ requirement_id: id, ids: row.topicIds, replace: false });
        outcomes.set(row, 'created');
        continue;
      }
      const changes = changesTo(found, facts);
      const authorsChange = row.authorIds && !sameSet(row.authorIds, found.author_ids);
      if (authorsChange) {
        authorSets.push({
          requirement_id: found.id,
          ids: row.authorIds as string[],
          replace: true,
        });
      }
      const topicsChange = row.replacesTopics
        ? !sameSet(row.topicIds, found.topic_ids)
        : row.topicIds.some((id) => !found.topic_ids.includes(id));
      if (topicsChange) {
        topicSets.push({
          requirement_id: found.id,
          ids: row.topicIds,
          replace: row.replacesTopics,
        });
      }
      const changed = Object.keys(changes).length > 0;
      const note = changes.sharing ? { sharing_note: SHARING_NOTES[changes.sharing] } : {};
      if (changed) updates.push({ id: found.id, ...changes, ...note });
      outcomes.set(
        row,
        changed || authorsChange || topicsChange ? 'updated' : ('unchanged' satisfies RowOutcome),
      );
    }

    if (inserts.length > 0) {
      await beforeWrite();
      await em.execute(
        `insert into requirement (id, title, text, rationale, help_text, category, subcategory,
           importance, kind, kle_domains, tags, architecture_principles, relevant_for_saas,
           relevant_for_on_premise, origin, sharing, owning_kommune_id, external_id)
         select id, title, text, rationale, help_text, category, subcategory, importance, kind,
           kle_domains, tags, architecture_principles, relevant_for_saas, relevant_for_on_premise,
           origin, sharing, owning_kommune_id, external_id
         from jsonb_to_recordset(?::jsonb) as x(${COLUMNS})`,
        [JSON.stringify(inserts)],
      );
    }
    if (updates.length > 0) {
      await beforeWrite();
      // A column the row left out is absent from its JSON: then the stored value stays.
      const set = COLUMNS.split(',')
        .map((column) => column.trim().split(/\s+/)[0])
        .filter((column) => column !== 'id')
        .map(
          (column) =>
            `${column} = case when jsonb_exists(j, '${column}') then x.${column} else r.${column} end`,
        );
      // Raising sharing is a step of its own: it is dated, as the sharing workflow dates its steps.
      set.push(
        `sharing_changed_at = case when jsonb_exists(j, 'sharing') then now() else r.sharing_changed_at end`,
      );
      await em.execute(
        `update requirement r set ${set.join(', ')}, updated_at = now()
         from jsonb_array_elements(?::jsonb) as j, lateral jsonb_to_record(j) as x(${COLUMNS})
         where r.id = x.id`,
        [JSON.stringify(updates)],
      );
    }
    if (authorSets.length > 0) {
      await beforeWrite();
      await writeLinks(em, 'requirement_authors', 'person_id', authorSets);
    }
    if (topicSets.length > 0) {
      await beforeWrite();
      await writeLinks(em, 'requirement_topics', 'topic_id', topicSets);
    }
    return outcomes;
  },
};

/** Links of one requirement to write: its people or topics, and whether they replace the rest. */
interface LinkSet {
  requirement_id: string;
  ids: string[];
  replace: boolean;
}

/**
 * Writes requirements' links to authors or topics: adds each set's ids and, where the set
 * replaces, drops the requirement's other links.
 */
async function writeLinks(
  em: EntityManager,
  table: 'requirement_authors' | 'requirement_topics',
  column: 'person_id' | 'topic_id',
  sets: LinkSet[],
) {
  const json = JSON.stringify(sets);
  await em.execute(
    `delete from ${table} l
     using jsonb_to_recordset(?::jsonb) as x(requirement_id uuid, ids uuid[], replace boolean)
     where x.replace and l.requirement_id = x.requirement_id and l.${column} <> all(x.ids)`,
    [json],
  );
  await em.execute(
    `insert into ${table} (requirement_id, ${column})
     select x.requirement_id, unnest(x.ids)
     from jsonb_to_recordset(?::jsonb) as x(requirement_id uuid, ids uuid[])
     on conflict do nothing`,
    [json],
  );
}

/** The people the records name as authors, by lower-cased e-mail. */
async function peopleByEmail(em: EntityManager, records: SourceRecord[]) {
  const emails = new Set<string>();
  for (const record of records) {
    const reader = new RecordReader(record.fields);
    for (const email of reader.list('authors', REQUIREMENT_COLUMNS.authors) ?? []) {
      emails.add(email.toLowerCase());
    }
  }
  if (emails.size === 0) return new Map<string, string>();
  const rows = await em.execute<{ id: string; email: string }[]>(
    `select id, lower(email) as email from person where lower(email) = any(?::text[])`,
    [textArray([...emails])],
  );
  return new Map(rows.map((row) => [row.email, row.id]));
}
