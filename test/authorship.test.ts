import type { Identity } from '../src/auth/identity';
import { ContactVisibility } from '../src/modules/people/people.entity';
import { useTestApi } from './support/api';
import { buildAffiliation, buildKommune, buildPerson, gid } from './support/factories';

/**
 * Authorship counts as a person's evidence in the expert search, so one rule decides who may put
 * a name on a contribution, for notes and requirements alike: yourself, or, for anyone else, an
 * editor of where that person works (or an admin).
 */
const t = useTestApi();

async function world() {
  const em = t.db.orm.em.fork();
  const aarhus = await buildKommune(em, { name: 'Aarhus-forfatter' });
  const odense = await buildKommune(em, { name: 'Odense-forfatter' });
  const colleague = await buildPerson(em, { name: 'Kollega i Aarhus' });
  await buildAffiliation(em, colleague, aarhus);
  const stranger = await buildPerson(em, { name: 'Fremmed i Odense' });
  await buildAffiliation(em, stranger, odense);
  const editor: Identity = {
    subject: 'editor-aarhus',
    role: 'editor',
    kommuneCode: aarhus.code,
    personId: colleague.id,
  };
  return { aarhus, odense, colleague, stranger, editor };
}

const CREATE_REQUIREMENT = `mutation ($authors: [ID!], $kommune: ID) {
  createRequirement(input: { title: "Krav om logning", text: "Tekst", authorIds: $authors, owningKommuneId: $kommune }) { id }
}`;
const UPDATE_REQUIREMENT = `mutation ($id: ID!, $authors: [ID!]) {
  updateRequirement(id: $id, input: { authorIds: $authors }) { id authors { name } }
}`;
const CREATE_NOTE = `mutation ($authors: [ID!]!, $kommune: ID) {
  createKnowledgeItem(input: { kind: LESSON, title: "Note", body: "Tekst", authorIds: $authors, kommuneId: $kommune }) { id }
}`;

describe('who may name whom as an author', () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world();
  });

  it('refuses an editor naming a person of another kommune, on requirements as on notes', async () => {
    const editor = t.api.as(w.editor);
    const forRequirement = await editor.fail(CREATE_REQUIREMENT, {
      authors: [gid(w.stranger)],
      kommune: gid(w.aarhus),
    });
    const forNote = await editor.fail(CREATE_NOTE, {
      authors: [gid(w.stranger)],
      kommune: gid(w.aarhus),
    });
    for (const error of [forRequirement, forNote]) {
      expect(error.extensions?.code).toBe('FORBIDDEN');
      expect(error.message).toContain('name this person as author');
    }
    // Adding the stranger to an own requirement is refused as well; the colleague is not.
    const { createRequirement } = await editor.ok(CREATE_REQUIREMENT, {
      authors: [gid(w.colleague)],
      kommune: gid(w.aarhus),
    });
    const added = await editor.fail(UPDATE_REQUIREMENT, {
      id: createRequirement.id,
      authors: [gid(w.colleague), gid(w.stranger)],
    });
    expect(added.extensions?.code).toBe('FORBIDDEN');
    await editor.ok(CREATE_NOTE, { authors: [gid(w.colleague)], kommune: gid(w.aarhus) });
  });

  it('lets an admin, and an editor of the person’s own kommune, name them', async () => {
    const odenseEditor: Identity = {
      subject: 'e-odense',
      role: 'editor',
      kommuneCode: w.odense.code,
    };
    const own = await t.api.as(odenseEditor).ok(CREATE_REQUIREMENT, {
      authors: [gid(w.stranger)],
      kommune: gid(w.odense),
    });
    expect(own.createRequirement.id).toBeDefined();
    const { createRequirement } = await t.api.ok(CREATE_REQUIREMENT, {
      authors: [gid(w.stranger), gid(w.colleague)],
      kommune: gid(w.aarhus),
    });
    // An unchanged author list on a requirement of the editor's kommune needs no more.
    const updated = await t.api.as(w.editor).ok(UPDATE_REQUIREMENT, {
      id: createRequirement.id,
      authors: [gid(w.colleague), gid(w.stranger)],
    });
    expect(updated.updateRequirement.authors).toHaveLength(2);
  });
});

describe('e-mail addresses', () => {
  it('are one person’s whatever their case, and a clash does not show the address', async () => {
    const em = t.db.orm.em.fork();
    await buildPerson(em, {
      name: 'Privat Person',
      email: 'Privat.Person@Example.dk',
      contactVisibility: ContactVisibility.PRIVATE,
    });
    const error = await t.api.fail(
      `mutation { createPerson(input: { name: "Anden", email: "privat.person@example.dk" }) { id } }`,
    );
    expect(error.extensions).toEqual({ code: 'CONFLICT', field: 'email' });
    expect(error.message.toLowerCase()).not.toContain('privat.person');
    expect(JSON.stringify(error)).not.toMatch(/privat\.person/i);
  });
});
