import type { EntityManager } from '@mikro-orm/postgresql';
import { createTestApi, type TestApi } from '../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../test/support/databases';
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
import { ExperienceClaim, ClaimLevel } from '../expertise/expertise.entity';
import { Affiliation, Person } from './people.entity';

let db: TestDatabase;
let api: TestApi;
let em: EntityManager;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await createTestApi(db.orm);
});
afterAll(() => db.drop());
beforeEach(() => {
  em = db.orm.em.fork();
});

const CREATE = `mutation ($input: CreatePersonInput!) {
  createPerson(input: $input) { id name title email languages openToQuestions listedAsExpert status }
}`;
const ADD_AFFILIATION = `mutation ($input: AddAffiliationInput!) {
  addAffiliation(input: $input) { id title validFrom validTo kommune { code } organization { slug } person { name } }
}`;

describe('people', () => {
  it('creates and updates a person', async () => {
    const { createPerson } = await api.ok(CREATE, {
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
    const { updatePerson } = await api.ok(
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
    const before = await em.fork().count(Person);
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '' }, 'name'],
      [{ name: 'A', email: 'not-an-email' }, 'email'],
      [{ name: 'A', phone: 'call me' }, 'phone'],
      [{ name: 'A', languages: ['dansk'] }, 'languages'],
      [{ name: 'A', bio: 'x'.repeat(20_001) }, 'bio'],
      [{ title: 'no name' }, 'name'],
    ];
    for (const [input, field] of cases) {
      const error = await api.fail(CREATE, { input });
      expect([field, error.extensions?.code, error.extensions?.field]).toEqual([
        field,
        'BAD_USER_INPUT',
        field,
      ]);
    }
    expect(await em.fork().count(Person)).toBe(before);
  });

  it('refuses a second person with the same e-mail', async () => {
    await buildPerson(em, { email: 'same@example.dk' });
    const error = await api.fail(CREATE, { input: { name: 'B', email: 'same@example.dk' } });
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });
  });

  it('keeps the kommune history: moving kommune ends one affiliation and starts another', async () => {
    const person = await buildPerson(em, { name: 'Lars Lyngsøe Højberg' });
    const rebild = await buildKommune(em, { name: 'Rebild' });
    const viborg = await buildKommune(em, { name: 'Viborg' });
    const first = await api.ok(ADD_AFFILIATION, {
      input: {
        personId: gid(person),
        kommuneId: gid(rebild),
        title: 'IT-konsulent',
        validFrom: '2015-01-01',
      },
    });
    await api.ok(`mutation ($input: EndInput!) { endAffiliation(input: $input) { validTo } }`, {
      input: { id: first.addAffiliation.id, on: '2023-06-01' },
    });
    await api.ok(ADD_AFFILIATION, {
      input: {
        personId: gid(person),
        kommuneId: gid(viborg),
        title: 'Projektleder',
        validFrom: '2023-06-01',
      },
    });
    const { person: read } = await api.ok(
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

    const rebildPeople = await api.ok(
      `query ($k: ID!) { now: people(kommuneId: $k) { totalCount } then: people(kommuneId: $k, asOf: "2020-01-01") { totalCount } }`,
      {
        k: gid(rebild),
      },
    );
    expect(rebildPeople).toEqual({ now: { totalCount: 0 }, then: { totalCount: 1 } });
  });

  it('validates affiliations: one employer, dates in order, no overlap with the same employer', async () => {
    const person = await buildPerson(em);
    const kommune = await buildKommune(em);
    const organization = await buildOrganization(em);
    const both = await api.fail(ADD_AFFILIATION, {
      input: {
        personId: gid(person),
        kommuneId: gid(kommune),
        organizationId: gid(organization),
        validFrom: '2020-01-01',
      },
    });
    expect(both.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kommuneId' });
    const reversed = await api.fail(ADD_AFFILIATION, {
      input: {
        personId: gid(person),
        kommuneId: gid(kommune),
        validFrom: '2020-01-01',
        validTo: '2019-01-01',
      },
    });
    expect(reversed.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'validTo' });
    await api.ok(ADD_AFFILIATION, {
      input: { personId: gid(person), kommuneId: gid(kommune), validFrom: '2020-01-01' },
    });
    const overlap = await api.fail(ADD_AFFILIATION, {
      input: { personId: gid(person), kommuneId: gid(kommune), validFrom: '2021-01-01' },
    });
    expect(overlap.extensions?.code).toBe('CONFLICT');
    const unknown = await api.fail(ADD_AFFILIATION, {
      input: {
        personId: gid(await buildPersonThenDelete()),
        kommuneId: gid(kommune),
        validFrom: '2020-01-01',
      },
    });
    expect(unknown.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'personId' });
  });

  async function buildPersonThenDelete() {
    const ghost = await buildPerson(em);
    await em.removeAndFlush(ghost);
    return ghost;
  }

  it('changes title from a date, ending the old affiliation', async () => {
    const person = await buildPerson(em);
    const kommune = await buildKommune(em);
    const affiliation = await buildAffiliation(em, person, kommune, {
      title: 'Konsulent',
      validFrom: '2018-01-01',
    });
    const { changeAffiliation } = await api.ok(
      `mutation ($input: ChangeAffiliationInput!) { changeAffiliation(input: $input) { title validFrom } }`,
      { input: { affiliationId: gid(affiliation), title: 'Afdelingsleder', from: '2022-01-01' } },
    );
    expect(changeAffiliation).toEqual({ title: 'Afdelingsleder', validFrom: '2022-01-01' });
    expect((await em.fork().findOneOrFail(Affiliation, affiliation.id)).validTo).toBe('2022-01-01');
  });

  it('filters people by group, topic, region, organisation, status and name', async () => {
    const region = `Region Test ${Date.now()}`;
    const kommune = await buildKommune(em, { region });
    const organization = await buildOrganization(em);
    const group = await buildGroup(em);
    const topic = await buildTopic(em);
    const anna = await buildPerson(em, { name: 'Anna Filtrering' });
    const bo = await buildPerson(em, { name: 'Bo Filtrering' });
    await buildAffiliation(em, anna, kommune);
    await buildAffiliation(em, bo, organization);
    await buildMembership(em, group, bo);
    em.persist(
      Object.assign(new ExperienceClaim(), { person: anna, topic, level: ClaimLevel.EXPERT }),
    );
    await em.flush();
    const TYPES: Record<string, string> = {
      region: 'String',
      search: 'String',
      status: 'PersonStatus',
    };
    const names = async (filter: Record<string, unknown>) => {
      const keys = Object.keys(filter);
      const declarations = keys.map((key) => `$${key}: ${TYPES[key] ?? 'ID'}`).join(', ');
      const args = keys.map((key) => `${key}: $${key}`).join(', ');
      const data = await api.ok(
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
