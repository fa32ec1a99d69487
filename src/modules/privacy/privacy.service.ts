import type { EntityManager } from '@mikro-orm/postgresql';
import type { Access } from '../../auth/access';
import { ConflictError } from '../../common/errors';
import { getByGlobalId } from '../../common/lookup';
import { personLexemes, pruneVocabulary } from '../../search/vocabulary';
import { scrubPersonFromAudit } from '../audit/public';
import { ContactVisibility, Person, PersonStatus } from '../people/people.entity';
import type { ErasedTerms, ErasureGap } from './erase-text';
import { forgetSeededValues, replaceInAllText } from './erase-text';
import { addTombstones } from './tombstone';

/**
 * Everything held about a person, one section per kind of record: its name in the export and
 * the query that gives its rows as JSON (`subject.id` is the person's id). Records that name the person
 * in another role (endorser, the one handing over …) are included too.
 */
const SECTIONS: Record<string, string> = {
  affiliations: `select to_jsonb(a) || jsonb_build_object('kommune', k.official_name, 'organization', o.name)
    from affiliation a left join kommune k on k.id = a.kommune_id
    left join organization o on o.id = a.organization_id where a.person_id = subject.id`,
  memberships: `select to_jsonb(m) || jsonb_build_object('group', g.name)
    from membership m join "group" g on g.id = m.group_id where m.person_id = subject.id`,
  experienceClaims: `select to_jsonb(c) || jsonb_build_object('topic', t.label_da)
    from experience_claim c join topic t on t.id = c.topic_id where c.person_id = subject.id`,
  endorsementsGiven: `select to_jsonb(e) from claim_endorsement e where e.endorser_id = subject.id`,
  endorsementsReceived: `select to_jsonb(e) from claim_endorsement e
    join experience_claim c on c.id = e.claim_id where c.person_id = subject.id`,
  procurementParticipations: `select to_jsonb(pp) || jsonb_build_object('procurement', p.title)
    from procurement_participant pp join procurement p on p.id = pp.procurement_id
    where pp.person_id = subject.id`,
  requirementsAuthored: `select jsonb_build_object('id', r.id, 'title', r.title)
    from requirement_authors ra join requirement r on r.id = ra.requirement_id
    where ra.person_id = subject.id`,
  knowledgeItemsAuthored: `select jsonb_build_object('id', k.id, 'title', k.title, 'kind', k.kind)
    from knowledge_item_authors ka join knowledge_item k on k.id = ka.knowledge_item_id
    where ka.person_id = subject.id`,
  handoversGiven: `select to_jsonb(h) from handover h where h.from_person_id = subject.id`,
  handoversReceived: `select to_jsonb(h) from handover h where h.to_person_id = subject.id`,
  departures: `select to_jsonb(d) from departure d where d.person_id = subject.id`,
  changesMade: `select jsonb_build_object('action', e.action, 'occurredAt', e.occurred_at)
    from audit_event e where e.actor_person_id = subject.id`,
};

/** The person's data as one JSON document (GDPR art. 15 and 20): the person or an admin. */
export async function exportPersonData(em: EntityManager, access: Access, personId: string) {
  access.requireSignedIn('export personal data');
  const person = await getByGlobalId(em, Person, personId, 'personId');
  access.requireSelfOrAdmin(person.id, 'export this person’s data');
  const sections = Object.entries(SECTIONS)
    .map(
      ([name, sql]) =>
        `'${name}', coalesce((select jsonb_agg(x.row) from (${sql}) as x (row)), '[]'::jsonb)`,
    )
    .join(',\n      ');
  const [row] = await em.execute<{ data: Record<string, unknown> }[]>(
    `with subject as (select ?::uuid as id)
     select jsonb_build_object(
      'exportedAt', now(),
      'person', (select to_jsonb(p) - 'search_vector' from person p where p.id = subject.id),
      ${sections}) as data
     from subject`,
    [person.id],
  );
  return row.data;
}

/** What an erasure did: the erased person, and where their name, e-mail or phone stays. */
export interface PersonErasureResult {
  person: Person;
  notReplaced: ErasureGap[];
}

/**
 * Erases a person on request (GDPR art. 17). Their name becomes "tidligere medarbejder,
 * <kommune>"; title, contact details, bio, keys and languages are cleared, and so are the titles
 * of their employments; their name, e-mail and phone are replaced in every text the network
 * holds (what colleagues wrote, the audit, any table added later); they leave every search and its
 * vocabulary; and a tombstone (keyed hashes of their external ids and e-mail addresses) keeps
 * imports from creating them again. Their contributions (claims, seats, notes, requirements)
 * stay, so the knowledge is not lost. The erasure itself is audited, without the erased values.
 */
export async function erasePerson(
  em: EntityManager,
  access: Access,
  personId: string,
): Promise<PersonErasureResult> {
  const person = await getByGlobalId(em, Person, personId, 'personId', { lock: true });
  access.requireSelfOrAdmin(person.id, 'erase this person');
  if (person.status === PersonStatus.ERASED) {
    throw new ConflictError('The person’s data has already been erased', 'personId');
  }
  const held = await heldValues(em, person);
  const terms: ErasedTerms = { names: held.names, emails: held.emails, phones: held.phones };
  const words = await personLexemes(em, person.id, [
    ...held.names,
    ...held.emails,
    ...held.phones,
    ...held.titles,
  ]);
  await addTombstones(em, [
    ...held.externalIds.map((externalId) => ({ externalId })),
    ...held.emails.map((email) => ({ email })),
  ]);
  const affiliations = await em.execute<{ id: string }[]>(
    `update affiliation set title = null where person_id = ? returning id`,
    [person.id],
  );
  const name = await pseudonym(em, person.id);
  Object.assign(person, { name, ...ERASED_PERSON });
  person.openToQuestions = false;
  person.listedAsExpert = false;
  person.contactVisibility = ContactVisibility.PRIVATE;
  person.status = PersonStatus.ERASED;
  person.erasedAt = new Date();
  await em.flush();
  await forgetSeededValues(em, terms, {
    [person.id]: [...ERASED_FIELDS, 'name'],
    ...Object.fromEntries(affiliations.map((a) => [a.id, ['title']])),
  });
  // The free-text rewrites are audited too, so the audit is rewritten last (by both).
  const notReplaced = await replaceInAllText(em, terms, name);
  await pruneVocabulary(em, words);
  // The audit keeps history, not identities: the person's old values go from it as well.
  await scrubPersonFromAudit(em, person.id, {
    person: { ...auditColumns(ERASED_PERSON), name },
    affiliation: { title: null },
  });
  return { person, notReplaced };
}

/**
 * The person's own data that erasure clears, besides the name (the README's list). The audit's
 * images of the person get the same values (see {@link scrubPersonFromAudit}), and so does the
 * seed's memory, so a field added here leaves them too.
 */
const ERASED_PERSON = {
  title: null,
  email: null,
  phone: null,
  bio: null,
  externalId: null,
  languages: [] as string[],
} satisfies Partial<Person>;

const ERASED_FIELDS = Object.keys(ERASED_PERSON);

/** The fields as the audit names them: the table's columns (`externalId` → `external_id`). */
const auditColumns = (fields: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(fields).map(([field, value]) => [
      field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      value,
    ]),
  );

/**
 * The values a person has held here, today's and earlier ones the audit remembers: full names
 * (of two words or more, so replacing them cannot mangle ordinary words; longest first, so
 * "Ingrid Vandkunsten-Holm" goes before "Ingrid Vandkunsten"), e-mail addresses, phone numbers,
 * external ids and titles (their own and their employments').
 */
async function heldValues(em: EntityManager, person: Person) {
  const rows = await em.execute<{ kind: string; value: string }[]>(
    `with history as (
       select c.before as image from audit_change c where c.table_name = 'person' and c.row_id = ?
       union all select c.after from audit_change c where c.table_name = 'person' and c.row_id = ?
       union all select to_jsonb(p) - 'search_vector' from person p where p.id = ?
     ), employments as (
       select c.before as image from audit_change c
        where c.table_name = 'affiliation' and c.refs @> array[?::uuid]
       union all select c.after from audit_change c
        where c.table_name = 'affiliation' and c.refs @> array[?::uuid]
       union all select to_jsonb(a) from affiliation a where a.person_id = ?
     )
     select distinct v.kind, v.value from (
       select k.kind, h.image ->> k.kind as value
       from history h cross join unnest(array['name', 'email', 'phone', 'external_id', 'title']) k(kind)
       union all select 'title', e.image ->> 'title' from employments e
     ) v where coalesce(trim(v.value), '') <> ''`,
    [person.id, person.id, person.id, person.id, person.id, person.id],
  );
  const of = (kind: string) => rows.filter((row) => row.kind === kind).map((row) => row.value);
  return {
    names: of('name')
      .filter((name) => /\S+\s+\S+/.test(name))
      .sort((a, b) => b.length - a.length),
    emails: of('email'),
    phones: of('phone'),
    externalIds: of('external_id'),
    titles: of('title'),
  };
}

/** "tidligere medarbejder, <where they worked last>". */
async function pseudonym(em: EntityManager, personId: string): Promise<string> {
  const [last] = await em.execute<{ employer: string | null }[]>(
    `select coalesce(k.official_name, o.name) as employer
       from affiliation a left join kommune k on k.id = a.kommune_id
       left join organization o on o.id = a.organization_id
      where a.person_id = ? order by a.valid_to desc nulls first, a.valid_from desc limit 1`,
    [personId],
  );
  return last?.employer ? `tidligere medarbejder, ${last.employer}` : 'tidligere medarbejder';
}
