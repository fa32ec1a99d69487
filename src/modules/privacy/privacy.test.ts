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
import { ClaimLevel, ExperienceClaim } from '../expertise/expertise.entity';
import { KnowledgeItem, KnowledgeKind } from '../knowledge/knowledge.entity';

const t = useTestApi();

const EXPORT = `query ($id: ID!) { exportPersonData(personId: $id) }`;
const ERASE = `mutation ($id: ID!) {
  erasePerson(personId: $id) { name title email phone bio status listedAsExpert erasedAt }
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
      const { erasePerson } = await t.api.as(as(person.id)).ok(ERASE, { id: gid(person) });
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
    expect(erasePerson.status).toBe('ERASED');
  });
});
