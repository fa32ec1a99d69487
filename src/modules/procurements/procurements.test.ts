import { useTestApi } from '../../../test/support/api';
import {
  buildKommune,
  buildOrganization,
  buildPerson,
  buildProduct,
  buildTopic,
  gid,
} from '../../../test/support/factories';
import { Procurement } from './procurements.entity';

const t = useTestApi();

const CREATE = `mutation ($input: CreateProcurementInput!) {
  createProcurement(input: $input) { id title year procedure status kommuner { name } products { slug } suppliers { slug } winner { slug } topics { slug } }
}`;

describe('procurements', () => {
  it('records a joint procurement with suppliers, winner and participants', async () => {
    const favrskov = await buildKommune(t.em, { name: 'Favrskov' });
    const norddjurs = await buildKommune(t.em, { name: 'Norddjurs' });
    const a = await buildOrganization(t.em, { slug: 'leverandoer-a' });
    const b = await buildOrganization(t.em, { slug: 'leverandoer-b' });
    const product = await buildProduct(t.em);
    const topic = await buildTopic(t.em);
    const { createProcurement: p } = await t.api.ok(CREATE, {
      input: {
        title: 'Fælles udbud af ESDH',
        year: 2021,
        procedure: 'UDBUD',
        status: 'AWARDED',
        kommuneIds: [gid(favrskov), gid(norddjurs)],
        productIds: [gid(product)],
        supplierIds: [gid(a), gid(b)],
        winnerId: gid(b),
        topicIds: [gid(topic)],
      },
    });
    expect(p).toMatchObject({ year: 2021, winner: { slug: 'leverandoer-b' } });
    expect(p.kommuner.map((k: { name: string }) => k.name).sort()).toEqual([
      'Favrskov',
      'Norddjurs',
    ]);
    const person = await buildPerson(t.em, { name: 'Udbudskonsulent' });
    const added = await t.api.ok(
      `mutation ($input: AddProcurementParticipantInput!) { addProcurementParticipant(input: $input) { id role person { name } procurement { title } } }`,
      {
        input: {
          procurementId: p.id,
          personId: gid(person),
          role: 'PROCUREMENT_CONSULTANT',
          kommuneId: gid(favrskov),
        },
      },
    );
    expect(added.addProcurementParticipant).toMatchObject({
      role: 'PROCUREMENT_CONSULTANT',
      procurement: { title: 'Fælles udbud af ESDH' },
    });
    const list = await t.api.ok(
      `query ($k: ID) { procurements(kommuneId: $k, year: 2021) { edges { node { participants { role } } } } }`,
      {
        k: gid(norddjurs),
      },
    );
    expect(list.procurements.edges).toEqual([
      { node: { participants: [{ role: 'PROCUREMENT_CONSULTANT' }] } },
    ]);
    const { kommune } = await t.api.ok(
      `query ($id: ID!) { kommune(id: $id) { procurements { title } } }`,
      { id: gid(favrskov) },
    );
    expect(kommune.procurements).toEqual([{ title: 'Fælles udbud af ESDH' }]);
    // The person's page lists the part from the person's side.
    const parts = await t.api.ok(
      `query ($id: ID!) { person(id: $id) { procurementParticipations { role procurement { title } } } }`,
      { id: gid(person) },
    );
    expect(parts.person.procurementParticipations).toEqual([
      { role: 'PROCUREMENT_CONSULTANT', procurement: { title: 'Fælles udbud af ESDH' } },
    ]);
    const removed = await t.api.ok(
      `mutation ($id: ID!) { removeProcurementParticipant(id: $id) { participants { id } } }`,
      {
        id: added.addProcurementParticipant.id,
      },
    );
    expect(removed.removeProcurementParticipant.participants).toEqual([]);
  });

  it('refuses a procurement without kommuner, a bad year, and unknown suppliers, writing nothing', async () => {
    const kommune = await buildKommune(t.em);
    const before = await t.em.fork().count(Procurement);
    const none = await t.api.fail(CREATE, {
      input: { title: 'X', procedure: 'UDBUD', kommuneIds: [] },
    });
    expect(none.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kommuneIds' });
    const year = await t.api.fail(CREATE, {
      input: { title: 'X', procedure: 'UDBUD', kommuneIds: [gid(kommune)], year: 1066 },
    });
    expect(year.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
    const ghost = await buildOrganization(t.em);
    await t.em.removeAndFlush(ghost);
    const unknown = await t.api.fail(CREATE, {
      input: {
        title: 'X',
        procedure: 'UDBUD',
        kommuneIds: [gid(kommune)],
        supplierIds: [gid(ghost)],
      },
    });
    expect(unknown.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'supplierIds' });
    expect(await t.em.fork().count(Procurement)).toBe(before);
  });

  it('updates status and lessons learned', async () => {
    const kommune = await buildKommune(t.em);
    const { createProcurement } = await t.api.ok(CREATE, {
      input: { title: 'Markedsdialog', procedure: 'MARKEDSDIALOG', kommuneIds: [gid(kommune)] },
    });
    const { updateProcurement } = await t.api.ok(
      `mutation ($id: ID!, $input: UpdateProcurementInput!) { updateProcurement(id: $id, input: $input) { status lessonsLearned } }`,
      {
        id: createProcurement.id,
        input: { status: 'COMPLETED', lessonsLearned: 'Afklar SLA tidligt' },
      },
    );
    expect(updateProcurement).toEqual({
      status: 'COMPLETED',
      lessonsLearned: 'Afklar SLA tidligt',
    });
  });
});
