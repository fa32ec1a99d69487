import { useTestApi } from '../../../test/support/api';
import {
  buildAffiliation,
  buildGroup,
  buildKommune,
  buildMembership,
  buildPerson,
  buildTopic,
  gid,
} from '../../../test/support/factories';
import { RecordingIndex } from '../../../test/support/recording-index';
import type { Identity } from '../../auth/identity';
import { OutboxWorker, setOutboxEnabled } from '../../search/outbox';
import { ClaimLevel, ExperienceClaim } from '../claims/claims.entity';
import { KnowledgeItem, KnowledgeKind } from '../knowledge/knowledge.entity';
import { Person } from '../people/people.entity';
import { useErasureKey } from './tombstone';
import { TEST_ERASURE_KEY } from '../../../test/support/erasure-key';

const t = useTestApi();

const EXPORT = `query ($id: ID!) { exportPersonData(personId: $id) }`;
const ERASE = `mutation ($id: ID!) {
  erasePerson(personId: $id) {
    person { name title email phone bio status listedAsExpert erasedAt }
    notReplaced { table column reason }
  }
}`;

/** A person at a kommune with a seat, a claim and a note: someone with knowledge to keep. */
let people = 0;
async function somebody(name = 'Ingrid Østergaard') {
  people += 1;
  const kommune = await buildKommune(t.em, { officialName: 'Gribskov Kommune' });
  const person = await buildPerson(t.em, {
    name,
    title: 'IT-arkitekt',
    email: `ingrid.${people}@gribskov.dk`,
    phone: '+45 7249 6000',
    bio: 'Arbejder med rammearkitektur og integrationer.',
    externalId: `hr-${people}`,
  });
  await buildAffiliation(t.em, person, kommune);
  const group = await buildGroup(t.em, { name: 'Arkitekturnetværket' });
  await buildMembership(t.em, group, person);
  const topic = await buildTopic(t.em, { labelDa: 'Integrationsplatform' });
  const claim = Object.assign(new ExperienceClaim(), {
    person,
    topic,
    level: ClaimLevel.EXPERT,
    narrative: 'Har ført integrationsplatformen i drift.',
  });
  const note = Object.assign(new KnowledgeItem(), {
    kind: KnowledgeKind.LESSON,
    title: 'Erfaringer med integrationsplatformen',
    body: 'Start med de få integrationer, der betyder mest.',
  });
  note.authors.add(person);
  await t.em.persistAndFlush([claim, note]);
  return { kommune, person, group, topic, claim, note };
}

const as = (personId: string | undefined, role: Identity['role'] = 'member'): Identity => ({
  subject: `test-${role}-${personId ?? 'none'}`,
  role,
  personId,
});

describe('GDPR: export and erasure', () => {
  it('exports everything held about a person, to the person and to admins only', async () => {
    const { person, kommune } = await somebody();
    const data = (await t.api.as(as(person.id)).ok(EXPORT, { id: gid(person) })).exportPersonData;
    expect(data.person).toMatchObject({
      name: 'Ingrid Østergaard',
      email: 'ingrid.1@gribskov.dk',
      external_id: 'hr-1',
    });
    expect(data.person).not.toHaveProperty('search_vector');
    expect(data.affiliations).toEqual([expect.objectContaining({ kommune: kommune.officialName })]);
    expect(data.memberships).toEqual([expect.objectContaining({ group: 'Arkitekturnetværket' })]);
    expect(data.experienceClaims).toEqual([
      expect.objectContaining({ topic: 'Integrationsplatform', level: 'EXPERT' }),
    ]);
    expect(data.knowledgeItemsAuthored).toEqual([
      expect.objectContaining({ title: 'Erfaringer med integrationsplatformen' }),
    ]);
    expect(data.endorsementsGiven).toEqual([]);
    expect((await t.api.ok(EXPORT, { id: gid(person) })).exportPersonData.person.name).toBe(
      'Ingrid Østergaard',
    );

    const other = await buildPerson(t.em);
    const forbidden = await t.api.as(as(other.id, 'editor')).fail(EXPORT, { id: gid(person) });
    expect(forbidden.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await t.api.as(null).fail(EXPORT, { id: gid(person) });
    expect(anonymous.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('erases the person but keeps their contributions, and takes them out of every search', async () => {
    const { person, kommune, claim, note, group } = await somebody('Ingrid Vandkunsten');
    // Colleagues write about her by name; the erasure must reach that too.
    note.body = 'Spørg Ingrid Vandkunsten-Holm om integrationerne.';
    await t.em.flush();
    // A change through the API, so the audit holds the name and e-mail before the erasure.
    await t.api
      .as(as(person.id))
      .ok(
        `mutation ($id: ID!) { updatePerson(id: $id, input: { name: "Ingrid Vandkunsten-Holm" }) { id } }`,
        { id: gid(person) },
      );
    await setOutboxEnabled(t.em, true);
    try {
      const erasure = (await t.api.as(as(person.id)).ok(ERASE, { id: gid(person) })).erasePerson;
      expect(erasure.notReplaced).toEqual([]);
      const erasePerson = erasure.person;
      expect(erasePerson).toMatchObject({
        name: `tidligere medarbejder, ${kommune.officialName}`,
        title: null,
        email: null,
        phone: null,
        bio: null,
        status: 'ERASED',
        listedAsExpert: false,
        erasedAt: expect.any(String),
      });

      // The audit shows that the person was changed and erased, by whom, but not who they were.
      const audit = await t.api.ok(
        `query ($id: ID!) {
          auditEvents(filter: { entityId: $id }) {
            edges { node { action actor { subject } changes { before after } } }
          }
        }`,
        { id: gid(person) },
      );
      const actions = audit.auditEvents.edges.map((edge: any) => edge.node.action);
      expect(actions).toEqual(['erasePerson', 'updatePerson']);
      expect(JSON.stringify(audit)).not.toMatch(/Vandkunsten|ingrid\.\d+@|hr-\d/);

      // The knowledge stays, under the pseudonym.
      const em = t.em.fork();
      expect(await em.count(ExperienceClaim, { id: claim.id, withdrawnAt: null })).toBe(1);
      const kept = await t.api.ok(
        `query ($note: ID!, $group: ID!) {
          knowledgeItem(id: $note) { authors { name } }
          group(id: $group) { members { person { name } } }
        }`,
        { note: gid(note), group: gid(group) },
      );
      expect(kept.knowledgeItem.authors).toEqual([{ name: erasePerson.name }]);
      const body = (await em.fork().findOneOrFail(KnowledgeItem, note.id)).body;
      expect(body).toBe(`Spørg ${erasePerson.name} om integrationerne.`);
      expect(kept.group.members).toEqual([{ person: { name: erasePerson.name } }]);

      // Gone from the built-in search, the expert search and the vocabulary …
      const member = t.api.as(as(undefined));
      const found = await member.ok(
        `{ search(query: "Vandkunsten") { totalCount }
           experts(query: "integrationsplatform") { edges { node { person { id } } } } }`,
      );
      expect(found.search.totalCount).toBe(0);
      expect(found.experts.edges.map((edge: any) => edge.node.person.id)).not.toContain(
        gid(person),
      );
      const [{ count }] = await em.execute(
        `select count(*)::int as count from search_lexeme where lexeme like 'vandkunst%'`,
      );
      expect(count).toBe(0);

      // … and from an external engine, through the outbox: its document is removed.
      const index = new RecordingIndex();
      index.documents.set(`Person_${person.id}`, {} as never);
      await new OutboxWorker(t.db.orm.em, index).drainOnce();
      expect(index.documents.has(`Person_${person.id}`)).toBe(false);
    } finally {
      await setOutboxEnabled(t.em, false);
    }

    const again = await t.api.fail(ERASE, { id: gid(person) });
    expect(again.extensions?.code).toBe('CONFLICT');
  });

  it('lets only the person themself or an admin erase', async () => {
    const { person, kommune } = await somebody();
    const editor = { ...as(undefined, 'editor'), kommuneCode: kommune.code };
    for (const caller of [as(undefined), editor]) {
      const error = await t.api.as(caller).fail(ERASE, { id: gid(person) });
      expect(error.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await t.api.as(null).fail(ERASE, { id: gid(person) })).extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const { erasePerson } = await t.api.ok(ERASE, { id: gid(person) });
    expect(erasePerson.person.status).toBe('ERASED');
  });
});

/** A person's values that erasure must leave nowhere, and the texts colleagues wrote about her. */
const SOLVEJ = {
  name: 'Solvej Markussen-Brink',
  email: 'Solvej.MB@hjoerring.dk',
  oldPhone: '+45 7233 3300',
  phone: '+45 7233 3301',
  title: 'Chefkonsulent for sensorflåden',
  employmentTitle: 'Sensoransvarlig i Hjørring',
  bio: 'Har bygget sensorflåden op fra bunden i Vendsyssel.',
  externalId: 'hr-solvej-7731',
  /** Faroese: a code of two letters is in many texts, but as a JSON string only in hers. */
  language: 'fo',
};

/** Every form in which one of her values could still be read. */
const LEFTOVERS = [
  SOLVEJ.name,
  'Markussen',
  // Her first name is in no text but her name and e-mail address: it must be gone as well.
  'Solvej',
  SOLVEJ.email.toLowerCase(),
  '7233 3300',
  '72333300',
  '7233 3301',
  '72 33 33 01',
  '72333301',
  SOLVEJ.title,
  SOLVEJ.employmentTitle,
  SOLVEJ.bio,
  SOLVEJ.externalId,
  `"${SOLVEJ.language}"`,
];

/** The first erased value a text holds, without regard to case. */
const leftover = (text: string) =>
  LEFTOVERS.find((value) => text.toLowerCase().includes(value.toLowerCase()));

/**
 * Builds, through the API (so the audit holds every value), a person with every kind of data:
 * profile, an earlier phone number, an employment with its own title, a seat, a claim, notes by
 * her and about her, a requirement, a procurement and her part in it, a requirement's use, a
 * handover and a departure, with colleagues' texts that name her by name, e-mail and phone.
 */
async function solvejWithEverything() {
  const kommune = await buildKommune(t.em, { officialName: 'Hjørring Kommune' });
  const group = await buildGroup(t.em, { name: 'Netværket for vejsensorer' });
  const topic = await buildTopic(t.em, { labelDa: 'Vejsensorer' });
  const colleague = await buildPerson(t.em, { name: 'Kaj Kollega' });
  const api = t.api;
  const id = (
    await api.ok(`mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id } }`, {
      input: {
        name: SOLVEJ.name,
        email: SOLVEJ.email,
        phone: SOLVEJ.oldPhone,
        title: SOLVEJ.title,
        bio: SOLVEJ.bio,
        externalId: SOLVEJ.externalId,
        languages: ['da', SOLVEJ.language],
        listedAsExpert: true,
      },
    })
  ).createPerson.id as string;
  await api.ok(
    `mutation ($id: ID!) { updatePerson(id: $id, input: { phone: "${SOLVEJ.phone}" }) { id } }`,
    {
      id,
    },
  );
  const mentions = `${SOLVEJ.name} (${SOLVEJ.email}, tlf. 72 33 33 01)`;
  await api.ok(`mutation ($input: AddAffiliationInput!) { addAffiliation(input: $input) { id } }`, {
    input: {
      personId: id,
      kommuneId: gid(kommune),
      title: SOLVEJ.employmentTitle,
      validFrom: '2020-01-01',
    },
  });
  await api.ok(`mutation ($input: AddMembershipInput!) { addMembership(input: $input) { id } }`, {
    input: { personId: id, groupId: gid(group), note: `${SOLVEJ.name} tager referat` },
  });
  await api.ok(
    `mutation ($input: AddExperienceClaimInput!) { addExperienceClaim(input: $input) { id } }`,
    {
      input: {
        personId: id,
        topicId: gid(topic),
        level: 'EXPERT',
        narrative: 'Har sat vejsensorer op.',
      },
    },
  );
  const note = `mutation ($input: CreateKnowledgeItemInput!) { createKnowledgeItem(input: $input) { id } }`;
  await api.ok(note, {
    input: {
      kind: 'NOTE',
      authorIds: [gid(colleague)],
      title: 'Hvem ved noget om vejsensorer?',
      body: `Spørg ${mentions}.`,
    },
  });
  await api.ok(note, {
    input: {
      kind: 'LESSON',
      authorIds: [id],
      title: 'Vejsensorer i drift',
      body: 'Kalibrér om vinteren.',
    },
  });
  const requirement = (
    await api.ok(
      `mutation ($input: CreateRequirementInput!) { createRequirement(input: $input) { id } }`,
      {
        input: {
          title: 'Sensordata skal kunne eksporteres',
          text: `Kontakt ${SOLVEJ.email} for formatet.`,
          rationale: `Formuleret af ${SOLVEJ.name}.`,
          authorIds: [id],
          owningKommuneId: gid(kommune),
        },
      },
    )
  ).createRequirement.id;
  const procurement = (
    await api.ok(
      `mutation ($input: CreateProcurementInput!) { createProcurement(input: $input) { id } }`,
      {
        input: {
          title: 'Udbud af vejsensorer',
          procedure: 'UDBUD',
          kommuneIds: [gid(kommune)],
          description: `Ledet af ${mentions}.`,
          lessonsLearned: `Ring til ${SOLVEJ.phone} før næste udbud.`,
        },
      },
    )
  ).createProcurement.id;
  await api.ok(
    `mutation ($input: AddProcurementParticipantInput!) { addProcurementParticipant(input: $input) { id } }`,
    {
      input: {
        personId: id,
        procurementId: procurement,
        role: 'PROJECT_LEAD',
        note: `${SOLVEJ.name} førte pennen`,
      },
    },
  );
  await api.ok(
    `mutation ($input: RecordRequirementUsageInput!) { recordRequirementUsage(input: $input) { id } }`,
    {
      input: {
        requirementId: requirement,
        procurementId: procurement,
        lessons: `Spørg ${SOLVEJ.name}.`,
      },
    },
  );
  await api.ok(`mutation ($input: RecordHandoverInput!) { recordHandover(input: $input) { id } }`, {
    input: {
      fromPersonId: id,
      toPersonId: gid(colleague),
      groupId: gid(group),
      note: `Skriv til ${SOLVEJ.email}`,
    },
  });
  await api.ok(
    `mutation ($input: RecordDepartureInput!) { recordDeparture(input: $input) { person { id } } }`,
    { input: { personId: id, date: '2099-12-31', note: `${SOLVEJ.name} går på pension` } },
  );
  return { id, topic };
}

describe('GDPR: erasure is complete', () => {
  it('replaces her name, e-mail and phone in what colleagues wrote, so no search finds it by her', async () => {
    const kommune = await buildKommune(t.em, { officialName: 'Brønderslev Kommune' });
    const person = await buildPerson(t.em, {
      name: 'Gunvor Lykkegaard',
      email: 'gunvor.l@99xx.dk',
      phone: '99 45 45 45',
    });
    await buildAffiliation(t.em, person, kommune);
    const colleague = await buildPerson(t.em, { name: 'Bent Kollega' });
    const note = Object.assign(new KnowledgeItem(), {
      kind: KnowledgeKind.NOTE,
      title: 'Hvem kender brobygning?',
      body: 'Skriv til gunvor.l@99xx.dk eller ring på +45 99454545; Gunvor  Lykkegaard ved det.',
    });
    note.authors.add(colleague);
    await t.em.persistAndFlush(note);

    const { erasePerson } = await t.api.ok(ERASE, { id: gid(person) });
    expect(erasePerson.notReplaced).toEqual([]);
    const body = (await t.em.fork().findOneOrFail(KnowledgeItem, note.id)).body;
    const pseudonym = erasePerson.person.name;
    expect(body).toBe(`Skriv til ${pseudonym} eller ring på ${pseudonym}; ${pseudonym} ved det.`);
    const found = await t.api
      .as(as(undefined))
      .ok(
        `{ first: search(query: "Gunvor") { totalCount } mail: search(query: "gunvor.l") { totalCount } }`,
      );
    expect(found).toEqual({ first: { totalCount: 0 }, mail: { totalCount: 0 } });
  });

  it('leaves a namesake their own name, and a colleague the switchboard number they share', async () => {
    const kommune = await buildKommune(t.em, { officialName: 'Læsø Kommune' });
    const shared = { name: 'Anna Navnesøster', phone: '+45 9849 1000' };
    const [erased, namesake] = [await buildPerson(t.em, shared), await buildPerson(t.em, shared)];
    await buildAffiliation(t.em, erased, kommune);
    await t.api.ok(ERASE, { id: gid(erased) });
    const kept = await t.em.fork().findOneOrFail(Person, namesake.id);
    expect({ name: kept.name, phone: kept.phone }).toEqual(shared);
  });

  it('leaves none of the erased values in any table, nor readable through the API', async () => {
    const { id, topic } = await solvejWithEverything();
    const erasure = (await t.api.ok(ERASE, { id })).erasePerson;
    expect(erasure.notReplaced).toEqual([]);

    // Every column of every table that can hold text, from the catalogue: a table added later
    // is searched without anyone adding it here.
    const columns = await t.em.execute<{ table_name: string; column_name: string }[]>(
      `select c.table_name, c.column_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
         and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'tsvector')
              or c.data_type = 'ARRAY')`,
    );
    expect(columns.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const [row] = await t.em.execute<{ hits: string[] }[]>(
        `select array(select v from unnest(?::text[]) v
           where exists (select 1 from "${table}" x where strpos(lower(x."${column}"::text), lower(v)) > 0)) as hits`,
        [`{${LEFTOVERS.map((value) => JSON.stringify(value)).join(',')}}`],
      );
      for (const value of row.hits) found.push(`${table}.${column}: ${value}`);
    }
    expect(found).toEqual([]);

    // Nor through the API, as admin: the person, every employment, the audit, every search.
    const read = await t.api.ok(
      `query ($id: ID!) {
        person: node(id: $id) {
          ... on Person {
            name title email phone bio externalId languages
            affiliations(period: ALL) { title unit }
            memberships(period: ALL) { note }
            handoversGiven { note }
            authoredKnowledge { title body }
          }
        }
        audit: auditEvents(first: 100) { edges { node { arguments changes { before after } } } }
        exported: exportPersonData(personId: $id)
      }`,
      { id },
    );
    expect(leftover(JSON.stringify(read))).toBeUndefined();
    expect(read.person.affiliations).toEqual([{ title: null, unit: null }]);
    expect(read.person.languages).toEqual([]);
    for (const query of LEFTOVERS.filter((value) => !value.startsWith('"'))) {
      const { search } = await t.api.ok(
        `query ($q: String!) { search(query: $q, first: 100) { totalCount edges { node { snippet } } } }`,
        { q: query },
      );
      expect(leftover(JSON.stringify(search))).toBeUndefined();
      // Other words may find other things (her e-mail's domain, "Hjørring", is her pseudonym's).
      if (/^(Solvej|Markussen)/.test(query)) expect([query, search.totalCount]).toEqual([query, 0]);
    }
    const experts = await t.api.ok(
      `query ($q: String!) { experts(query: $q) { edges { node { person { id name } } } } }`,
      { q: topic.labelDa },
    );
    expect(experts.experts.edges.map((edge: any) => edge.node.person.id)).not.toContain(id);
  });

  it('keeps an import from creating her again, and says why the row is skipped', async () => {
    const person = await buildPerson(t.em, {
      name: 'Ejnar Tombstone',
      email: 'ejnar.t@hjoerring.dk',
      externalId: 'hr-ejnar-1',
    });
    await t.api.ok(ERASE, { id: gid(person) });
    const [{ digests }] = await t.em.execute<{ digests: string }[]>(
      `select string_agg(encode(digest, 'escape'), ' ') as digests from erased_person_key`,
    );
    expect(digests).not.toMatch(/ejnar|hr-ejnar/i);

    const IMPORT = `mutation ($content: String!, $dryRun: Boolean) {
      importPeople(content: $content, format: CSV, dryRun: $dryRun) {
        created updated unchanged rejected { line } skipped { line key reason }
      }
    }`;
    const file = [
      'externalId;name;email',
      'hr-ejnar-1;Ejnar Tombstone;ejnar.t@hjoerring.dk',
      ';Ejnar Tombstone; EJNAR.T@hjoerring.dk ',
      ' hr-ejnar-1 ;Ejnar T.;',
      'hr-new-2;Ny Kollega;ny.kollega@hjoerring.dk',
    ].join('\n');
    for (const dryRun of [true, false]) {
      const { importPeople } = await t.api.ok(IMPORT, { content: file, dryRun });
      expect(importPeople).toMatchObject({ created: 1, updated: 0, unchanged: 0, rejected: [] });
      expect(importPeople.skipped.map((row: any) => row.line)).toEqual([2, 3, 4]);
      expect(importPeople.skipped[0].reason).toMatch(/erased on request/);
    }
    const [{ count }] = await t.em.execute<{ count: number }[]>(
      `select count(*)::int as count from person where name like 'Ejnar%'`,
    );
    expect(count).toBe(0);

    // An e-mail address that passed to a colleague with their own, living external id is theirs.
    const heir = await buildPerson(t.em, { name: 'Ejnar Arving', externalId: 'hr-heir-3' });
    const { importPeople } = await t.api.ok(IMPORT, {
      content: 'externalId;name;email\nhr-heir-3;Ejnar Arving;ejnar.t@hjoerring.dk',
    });
    expect(importPeople).toMatchObject({ updated: 1, skipped: [] });
    expect((await t.em.fork().findOneOrFail(Person, heir.id)).email).toBe('ejnar.t@hjoerring.dk');
  });
});

describe('GDPR: the tombstone key', () => {
  afterEach(() => useErasureKey(TEST_ERASURE_KEY));

  it('refuses to import with another key than the one the tombstones were written with', async () => {
    const person = await buildPerson(t.em, { name: 'Edel Nøgle', externalId: 'hr-key-1' });
    await t.api.ok(ERASE, { id: gid(person) });
    useErasureKey('another-erasure-key-0123456789abcdefghijkl');
    const result = await t.api.run(
      `mutation { importPeople(content: "externalId;name\\nhr-key-1;Edel Nøgle", format: CSV) { created } }`,
    );
    expect(result.errors?.length).toBe(1);
    const [{ count }] = await t.em.execute<{ count: number }[]>(
      `select count(*)::int as count from person where name = 'Edel Nøgle'`,
    );
    expect(count).toBe(0);
  });
});
