import type { Identity } from '../src/auth/identity';
import { KnowledgeItem, KnowledgeKind } from '../src/modules/knowledge/knowledge.entity';
import { ContactVisibility } from '../src/modules/people/people.entity';
import { Requirement, RequirementSharing } from '../src/modules/requirements/requirements.entity';
import { toGlobalId } from '../src/common/global-id';
import { useTestApi } from './support/api';
import {
  buildAffiliation,
  buildGroup,
  buildKommune,
  buildMembership,
  buildPerson,
  buildProduct,
  gid,
} from './support/factories';

/** What each kind of caller may read, field by field (mutations: see permissions.test.ts). */
const t = useTestApi();

const member = (kommuneCode?: string, personId?: string): Identity => ({
  subject: `member-${kommuneCode}-${personId}`,
  role: 'member',
  kommuneCode,
  personId,
});

async function network() {
  const em = t.db.orm.em.fork();
  const aarhus = await buildKommune(em, { name: 'Århus-test' });
  const odense = await buildKommune(em, { name: 'Odense-test' });
  const person = await buildPerson(em, {
    name: 'Søren Skovbo',
    email: 'soren.skovbo@example.dk',
    phone: '+45 8940 2000',
  });
  await buildAffiliation(em, person, aarhus);
  const product = await buildProduct(em, { name: 'OS2skovbo' });
  const group = await buildGroup(em, { name: 'Skovbo-styregruppen', product });
  await buildMembership(em, group, person);
  const shared = Object.assign(new Requirement(), {
    title: 'Skovbo-krav om logning',
    text: 'Delt krav.',
    sharing: RequirementSharing.SHARED,
    owningKommune: aarhus,
  });
  const local = Object.assign(new Requirement(), {
    title: 'Skovbo-krav om intern drift',
    text: 'Lokalt krav.',
    sharing: RequirementSharing.LOCAL,
    owningKommune: aarhus,
  });
  const note = Object.assign(new KnowledgeItem(), {
    kind: KnowledgeKind.LESSON,
    title: 'Skovbo-erfaringer',
    body: 'Intern note.',
  });
  note.authors.add(person);
  await em.persistAndFlush([shared, local, note]);
  return { aarhus, odense, person, product, group, shared, local, note };
}

describe('reading the network', () => {
  let world: Awaited<ReturnType<typeof network>>;
  beforeAll(async () => {
    world = await network();
  });

  it('lets anonymous callers read public data: products, groups and their seats, kommuner, topics, shared requirements, counts', async () => {
    const data = await t.api.as(null).ok(
      `query ($group: ID!, $kommune: ID!) {
        group(id: $group) { name busFactor members { role representingKommune { id } } product { name } }
        kommune(id: $kommune) { requirements { title } }
        requirements(kommuneId: $kommune) { totalCount edges { node { title sharing } } }
        topics(first: 1) { totalCount }
      }`,
      { group: gid(world.group), kommune: gid(world.aarhus) },
    );
    expect(data.group).toMatchObject({
      name: 'Skovbo-styregruppen',
      members: [{ role: 'MEDLEM' }],
      product: { name: 'OS2skovbo' },
    });
    expect(data.kommune.requirements).toEqual([{ title: 'Skovbo-krav om logning' }]);
    expect(data.requirements.totalCount).toBe(1);
    expect(data.requirements.edges[0].node.sharing).toBe('SHARED');
  });

  it('hides unshared requirements from anonymous callers as if they did not exist', async () => {
    const anonymous = t.api.as(null);
    const error = await anonymous.fail(`query ($id: ID!) { requirement(id: $id) { title } }`, {
      id: gid(world.local),
    });
    expect(error.extensions?.code).toBe('NOT_FOUND');
    expect(
      (await anonymous.ok(`query ($id: ID!) { node(id: $id) { id } }`, { id: gid(world.local) }))
        .node,
    ).toBeNull();
    const signedIn = await t.api
      .as(member())
      .ok(`query ($id: ID!) { requirement(id: $id) { title } }`, { id: gid(world.local) });
    expect(signedIn.requirement.title).toBe('Skovbo-krav om intern drift');
  });

  it.each([
    ['people', '{ people { totalCount } }'],
    ['person', 'query ($person: ID!) { person(id: $person) { name } }'],
    ['a person as node', 'query ($person: ID!) { node(id: $person) { id } }'],
    [
      'a seat’s person',
      'query ($group: ID!) { group(id: $group) { members { person { name } } } }',
    ],
    ['a group’s notes', 'query ($group: ID!) { group(id: $group) { knowledge { title } } }'],
    ['a seat’s note', 'query ($group: ID!) { group(id: $group) { members { note } } }'],
    ['a data export', 'query ($made: ID!) { exportPersonData(personId: $made) }'],
    ['experts', '{ experts(query: "logning") { totalCount } }'],
    ['procurements', '{ procurements { totalCount } }'],
    ['knowledge notes', '{ knowledgeItems { totalCount } }'],
    ['knowledge at risk', '{ knowledgeAtRisk { kind } }'],
    ['successors', 'query ($person: ID!) { successorCandidates(personId: $person) { score } }'],
    ['the audit', '{ auditEvents { totalCount } }'],
  ])('refuses %s to anonymous callers with UNAUTHENTICATED', async (_name, query) => {
    const result = await t.api.as(null).run(query, {
      person: gid(world.person),
      group: gid(world.group),
      // Made up: an anonymous caller must not learn whether a person exists.
      made: toGlobalId('Person', '00000000-0000-4000-8000-000000000000'),
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('searches only public things for anonymous callers, everything for members', async () => {
    const query = `{ search(query: "skovbo") { totalCount edges { node { node { __typename } } } } }`;
    const types = async (identity: Identity | null) =>
      (await t.api.as(identity).ok(query)).search.edges
        .map((edge: any) => edge.node.node.__typename)
        .sort();
    expect(await types(null)).toEqual(['Group', 'Product', 'Requirement']);
    expect(await types(member())).toEqual(
      ['Group', 'KnowledgeItem', 'Person', 'Product', 'Requirement', 'Requirement'].sort(),
    );
  });

  it('shows e-mail and phone as the person allows', async () => {
    const query = `query ($id: ID!) { person(id: $id) { email phone contactVisibility } }`;
    const contact = async (identity: Identity) =>
      (await t.api.as(identity).ok(query, { id: gid(world.person) })).person.email;
    const em = t.db.orm.em.fork();
    const set = (visibility: ContactVisibility) =>
      em.nativeUpdate('Person', { id: world.person.id }, { contactVisibility: visibility });

    const colleague = member(world.aarhus.code);
    const stranger = member(world.odense.code);
    const self = member(undefined, world.person.id);
    const admin: Identity = { subject: 'admin', role: 'admin' };

    // COLLEAGUES, the default: people at the same kommune see it.
    expect(await contact(colleague)).toBe('soren.skovbo@example.dk');
    expect(await contact(stranger)).toBeNull();
    await set(ContactVisibility.MEMBERS);
    expect(await contact(stranger)).toBe('soren.skovbo@example.dk');
    await set(ContactVisibility.PRIVATE);
    expect(await contact(colleague)).toBeNull();
    expect(await contact(self)).toBe('soren.skovbo@example.dk');
    expect(await contact(admin)).toBe('soren.skovbo@example.dk');
    await set(ContactVisibility.COLLEAGUES);
  });
});
