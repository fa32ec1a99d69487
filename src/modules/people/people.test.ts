import { useTestApi } from '../../../test/support/api';
import {
  buildAffiliation,
  buildGroup,
  buildKommune,
  buildMembership,
  buildOrganization,
  buildPerson,
  buildTopic,
  gid,
} from '../../../test/support/factories';
import { ExperienceClaim, ClaimLevel } from '../claims/claims.entity';
import { Affiliation, Person } from './people.entity';

const t = useTestApi();

const CREATE = `mutation ($input: CreatePersonInput!) {
  createPerson(input: $input) { id name title email languages openToQuestions listedAsExpert status }
}`;
const ADD_AFFILIATION = `mutation ($input: AddAffiliationInput!) {
  addAffiliation(input: $input) { id title validFrom validTo kommune { code } organization { slug } person { name } }
}`;

describe('people', () => {
  it('creates and updates a person', async () => {
    const { createPerson } = await t.api.ok(CREATE, {
      input: {
        name: ' Charlotte George ',
        title: 'Projektleder',
        email: 'cg@example.dk',
        languages: ['da', 'en'],
      },
    });
    expect(createPerson).toMatchObject({
      name: 'Charlotte George',
      title: 'Projektleder',
      languages: ['da', 'en'],
      openToQuestions: false,
      listedAsExpert: true,
      status: 'ACTIVE',
    });
    const { updatePerson } = await t.api.ok(
      `mutation ($id: ID!, $input: UpdatePersonInput!) { updatePerson(id: $id, input: $input) { title bio openToQuestions } }`,
      {
        id: createPerson.id,
        input: { title: null, bio: 'Erfaren med OS2-fællesskabet', openToQuestions: true },
      },
    );
    expect(updatePerson).toEqual({
      title: null,
      bio: 'Erfaren med OS2-fællesskabet',
      openToQuestions: true,
    });
  });

  it('rejects bad profiles with the field named, and writes nothing', async () => {
    const before = await t.em.fork().count(Person);
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '' }, 'name'],
      [{ name: 'A', email: 'not-an-email' }, 'email'],
      [{ name: 'A', phone: 'call me' }, 'phone'],
      [{ name: 'A', languages: ['dansk'] }, 'languages'],
      [{ name: 'A', bio: 'x'.repeat(20_001) }, 'bio'],
      [{ title: 'no name' }, 'name'],
    ];
    for (const [input, field] of cases) {
      const error = await t.api.fail(CREATE, { input });
      expect([field, error.extensions?.code, error.extensions?.field]).toEqual([
        field,
        'BAD_USER_INPUT',
        field,
      ]);
    }
    expect(await t.em.fork().count(Person)).toBe(before);
  });

  it('refuses a second person with the same e-mail', async () => {
    await buildPerson(t.em, { email: 'same@example.dk' });
    const error = await t.api.fail(CREATE, { input: { name: 'B', email: 'same@example.dk' } });
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });
  });

  it('keeps the kommune history: moving kommune ends one affiliation and starts another', async () => {
    const person = await buildPerson(t.em, { name: 'Lars Lyngsøe Højberg' });
    const rebild = await buildKommune(t.em, { name: 'Rebild' });
    const viborg = await buildKommune(t.em, { name: 'Viborg' });
    const first = await t.api.ok(ADD_AFFILIATION, {
      input: {
        personId: gid(person),
        kommuneId: gid(rebild),
        title: 'IT-konsulent',
        validFrom: '2015-01-01',
      },
    });
    await t.api.ok(`mutation ($input: EndInput!) { endAffiliation(input: $input) { validTo } }`, {
      input: { id: first.addAffiliation.id, on: '2023-06-01' },
    });
    await t.api.ok(ADD_AFFILIATION, {
      input: {
        personId: gid(person),
        kommuneId: gid(viborg),
        title: 'Projektleder',
        validFrom: '2023-06-01',
      },
    });
    const { person: read } = await t.api.ok(
      `query ($id: ID!) { person(id: $id) {
        now: affiliations { kommune { name } title }
        then: affiliations(asOf: "2020-01-01") { kommune { name } }
        history: affiliations(period: ALL) { kommune { name } validFrom validTo }
        former: affiliations(period: PAST) { kommune { name } }
      } }`,
      { id: gid(person) },
    );
    expect(read.now).toEqual([{ kommune: { name: 'Viborg' }, title: 'Projektleder' }]);
    expect(read.then).toEqual([{ kommune: { name: 'Rebild' } }]);
    expect(read.history.map((a: { kommune: { name: string } }) => a.kommune.name)).toEqual([
      'Viborg',
      'Rebild',
    ]);
    expect(read.former).toEqual([{ kommune: { name: 'Rebild' } }]);

    const rebildPeople = await t.api.ok(
      `query ($k: ID!) { now: people(kommuneId: $k) { totalCount } then: people(kommuneId: $k, asOf: "2020-01-01") { totalCount } }`,
      {
        k: gid(rebild),
      },
    );
    expect(rebildPeople).toEqual({ now: { totalCount: 0 }, then: { totalCount: 1 } });
  });

  it('validates affiliations: one employer, dates in order, no overlap with the same employer', async () => {
    const person = await buildPerson(t.em);
    const kommune = await buildKommune(t.em);
    const organization = await buildOrganization(t.em);
    const both = await t.api.fail(ADD_AFFILIATION, {
      input: {
        personId: gid(person),
        kommuneId: gid(kommune),
        organizationId: gid(organization),
        validFrom: '2020-01-01',
      },
    });
    expect(both.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kommuneId' });
    const reversed = await t.api.fail(ADD_AFFILIATION, {
      input: {
        personId: gid(person),
        kommuneId: gid(kommune),
        validFrom: '2020-01-01',
        validTo: '2019-01-01',
      },
    });
    expect(reversed.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'validTo' });
    await t.api.ok(ADD_AFFILIATION, {
      input: { personId: gid(person), kommuneId: gid(kommune), validFrom: '2020-01-01' },
    });
    const overlap = await t.api.fail(ADD_AFFILIATION, {
      input: { personId: gid(person), kommuneId: gid(kommune), validFrom: '2021-01-01' },
    });
    expect(overlap.extensions?.code).toBe('CONFLICT');
    const unknown = await t.api.fail(ADD_AFFILIATION, {
      input: {
        personId: gid(await buildPersonThenDelete()),
        kommuneId: gid(kommune),
        validFrom: '2020-01-01',
      },
    });
    expect(unknown.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'personId' });
  });

  async function buildPersonThenDelete() {
    const ghost = await buildPerson(t.em);
    await t.em.removeAndFlush(ghost);
    return ghost;
  }

  it('changes title from a date, ending the old affiliation', async () => {
    const person = await buildPerson(t.em);
    const kommune = await buildKommune(t.em);
    const affiliation = await buildAffiliation(t.em, person, kommune, {
      title: 'Konsulent',
      validFrom: '2018-01-01',
    });
    const { changeAffiliation } = await t.api.ok(
      `mutation ($input: ChangeAffiliationInput!) { changeAffiliation(input: $input) { title validFrom } }`,
      { input: { affiliationId: gid(affiliation), title: 'Afdelingsleder', from: '2022-01-01' } },
    );
    expect(changeAffiliation).toEqual({ title: 'Afdelingsleder', validFrom: '2022-01-01' });
    expect((await t.em.fork().findOneOrFail(Affiliation, affiliation.id)).validTo).toBe(
      '2022-01-01',
    );
  });

  it('filters people by group, topic, region, organisation, status and name', async () => {
    const region = `Region Test ${Date.now()}`;
    const kommune = await buildKommune(t.em, { region });
    const organization = await buildOrganization(t.em);
    const group = await buildGroup(t.em);
    const topic = await buildTopic(t.em);
    const anna = await buildPerson(t.em, { name: 'Anna Filtrering' });
    const bo = await buildPerson(t.em, { name: 'Bo Filtrering' });
    await buildAffiliation(t.em, anna, kommune);
    await buildAffiliation(t.em, bo, organization);
    await buildMembership(t.em, group, bo);
    t.em.persist(
      Object.assign(new ExperienceClaim(), { person: anna, topic, level: ClaimLevel.EXPERT }),
    );
    await t.em.flush();
    const TYPES: Record<string, string> = {
      region: 'String',
      search: 'String',
      status: 'PersonStatus',
    };
    const names = async (filter: Record<string, unknown>) => {
      const keys = Object.keys(filter);
      const declarations = keys.map((key) => `$${key}: ${TYPES[key] ?? 'ID'}`).join(', ');
      const args = keys.map((key) => `${key}: $${key}`).join(', ');
      const data = await t.api.ok(
        `query (${declarations}) { people(${args}) { edges { node { name } } } }`,
        filter,
      );
      return data.people.edges.map((edge: { node: { name: string } }) => edge.node.name);
    };
    expect(await names({ groupId: gid(group) })).toEqual(['Bo Filtrering']);
    expect(await names({ topicId: gid(topic) })).toEqual(['Anna Filtrering']);
    expect(await names({ organizationId: gid(organization) })).toEqual(['Bo Filtrering']);
    expect(await names({ region })).toEqual(['Anna Filtrering']);
    expect(await names({ search: 'filtrering' })).toEqual(['Anna Filtrering', 'Bo Filtrering']);
    expect(await names({ search: 'filtrering', status: 'LEFT' })).toEqual([]);
  });
});
