import type { EntityManager } from '@mikro-orm/postgresql';
import type { Access } from '../../auth/access';
import { ConflictError } from '../../common/errors';
import { getByGlobalId } from '../../common/lookup';
import { personLexemes, pruneVocabulary } from '../../search/vocabulary';
import { scrubPersonFromAudit } from '../audit/audit.service';
import { ContactVisibility, Person, PersonStatus } from '../people/people.entity';

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

/**
 * Erases a person on request (GDPR art. 17): name, contact details, bio and keys are replaced by
 * "tidligere medarbejder, <kommune>", in the audit too, the person leaves every search, and their
 * contributions (claims, seats, notes, requirements) stay, so the knowledge is not lost. The
 * erasure itself is audited (as every mutation is), without the erased values.
 */
export async function erasePerson(em: EntityManager, access: Access, personId: string) {
  const person = await getByGlobalId(em, Person, personId, 'personId', { lock: true });
  access.requireSelfOrAdmin(person.id, 'erase this person');
  if (person.status === PersonStatus.ERASED) {
    throw new ConflictError('The person’s data has already been erased', 'personId');
  }
  const names = await namesOf(em, person);
  const words = await personLexemes(em, person.id, names);
  person.name = await pseudonym(em, person.id);
  person.title = null;
  person.email = null;
  person.phone = null;
  person.bio = null;
  person.externalId = null;
  person.languages = [];
  person.openToQuestions = false;
  person.listedAsExpert = false;
  person.contactVisibility = ContactVisibility.PRIVATE;
  person.status = PersonStatus.ERASED;
  person.erasedAt = new Date();
  await em.flush();
  await replaceInFreeText(em, names, person.name);
  await pruneVocabulary(em, words);
  // The audit keeps history, not identities: the person's old values go from it as well.
  await scrubPersonFromAudit(em, person.id, {
    name: person.name,
    title: null,
    email: null,
    phone: null,
    bio: null,
    external_id: null,
  });
  return person;
}

/** Free text where people write each other's names: notes, comments, narratives, note bodies. */
const FREE_TEXT: [table: string, column: string][] = [
  ['membership', 'note'],
  ['handover', 'note'],
  ['departure', 'note'],
  ['procurement_participant', 'note'],
  ['product_adoption', 'note'],
  ['experience_claim', 'narrative'],
  ['claim_endorsement', 'comment'],
  ['knowledge_item', 'title'],
  ['knowledge_item', 'body'],
  ['procurement', 'description'],
  ['procurement', 'lessons_learned'],
];

/**
 * The full names a person has gone by here: today's, and earlier ones the audit remembers.
 * Only names of two words or more, so that replacing them cannot mangle ordinary words.
 */
async function namesOf(em: EntityManager, person: Person): Promise<string[]> {
  const rows = await em.execute<{ name: string }[]>(
    `select distinct v.name from (
       select ?::text as name
       union select c.before ->> 'name' from audit_change c where c.table_name = 'person' and c.row_id = ?
       union select c.after ->> 'name' from audit_change c where c.table_name = 'person' and c.row_id = ?
     ) v where v.name ~ '\\S+\\s+\\S+'`,
    [person.name, person.id, person.id],
  );
  // Longest first: "Ingrid Vandkunsten-Holm" before "Ingrid Vandkunsten", or "-Holm" would stay.
  return rows.map((row) => row.name).sort((a, b) => b.length - a.length);
}

/** A text as it stands inside JSON (escaped, without the quotes), in SQL. */
const AS_JSON_TEXT = 'substr(to_json(?::text)::text, 2, length(to_json(?::text)::text) - 2)';

/**
 * Replaces a person's names with their pseudonym in free text, and in the audit, whose JSON
 * holds the same texts and the arguments of past mutations. The free-text updates are audited
 * too, so the audit is done last, in the same transaction.
 */
async function replaceInFreeText(em: EntityManager, names: string[], pseudonym: string) {
  for (const name of names) {
    for (const [table, column] of FREE_TEXT) {
      await em.execute(
        `update "${table}" set "${column}" = replace("${column}", ?, ?) where strpos("${column}", ?) > 0`,
        [name, pseudonym, name],
      );
    }
    const texts = `with t as (select ${AS_JSON_TEXT} as name, ${AS_JSON_TEXT} as pseudonym)`;
    const bindings = [name, name, pseudonym, pseudonym];
    await em.execute(
      `${texts} update audit_change c set
         before = replace(c.before::text, t.name, t.pseudonym)::jsonb,
         after = replace(c.after::text, t.name, t.pseudonym)::jsonb
       from t where strpos(c.before::text, t.name) > 0 or strpos(c.after::text, t.name) > 0`,
      bindings,
    );
    await em.execute(
      `${texts} update audit_event e set arguments = replace(e.arguments::text, t.name, t.pseudonym)::jsonb
       from t where strpos(e.arguments::text, t.name) > 0`,
      bindings,
    );
  }
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
