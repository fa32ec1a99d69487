import { toGlobalId } from '../src/common/global-id';
import { ContactVisibility } from '../src/modules/people/people.entity';
import { MembershipRole } from '../src/modules/groups/groups.entity';
import { useTestApi } from './support/api';
import {
  buildAffiliation,
  buildGroup,
  buildKommune,
  buildMembership,
  buildOrganization,
  buildPerson,
  buildTopic,
  gid,
} from './support/factories';

/**
 * `person(id)` with its affiliations and `group(id)` with its members read in one statement (see
 * `getPersonWithAffiliations`, `getGroupWithMembers`): the answers must be those the loaders give,
 * which they still do when the nested field has arguments.
 */
describe('lean reads', () => {
  const t = useTestApi();
  let personId: string;
  let groupId: string;
  let kommuneCode: string;

  beforeAll(async () => {
    const em = t.db.orm.em.fork();
    const [before, now] = [await buildKommune(em), await buildKommune(em)];
    const supplier = await buildOrganization(em);
    const person = await buildPerson(em, {
      title: 'Projektleder',
      bio: 'Om mig.',
      email: 'lean@example.dk',
      contactVisibility: ContactVisibility.COLLEAGUES,
    });
    await buildAffiliation(em, person, before, { validFrom: '2015-01-01', validTo: '2019-01-01' });
    await buildAffiliation(em, person, now, { validFrom: '2019-01-01', title: 'Konsulent' });
    await buildAffiliation(em, person, supplier, { validFrom: '2021-06-01', unit: 'Drift' });
    personId = gid(person);
    kommuneCode = now.code;

    const group = await buildGroup(em);
    group.topics.add(await buildTopic(em));
    const roles = [MembershipRole.MEDLEM, MembershipRole.TOVHOLDER, MembershipRole.SEKRETAER];
    for (const [index, role] of roles.entries()) {
      await buildMembership(em, group, await buildPerson(em), {
        role,
        validFrom: `202${index}-01-01`,
        representingKommune: now,
      });
    }
    await buildMembership(em, group, person, { validFrom: '2016-01-01', validTo: '2018-01-01' });
    await buildMembership(em, group, await buildPerson(em), { validFrom: '2099-01-01' });
    await em.flush();
    groupId = gid(group);
  });

  const PERSON = (args: string) => `query ($id: ID!) {
    person(id: $id) {
      id name title bio status email
      affiliations${args} { id title unit validFrom validTo isCurrent
        kommune { id code name } organization { id slug }
        person { id name } }
      memberships(period: ALL) { role group { slug } }
    }
  }`;

  it('answers person(id) with its affiliations in one statement, as the loaders do', async () => {
    t.api.resetStatements();
    const lean = await t.api.ok(PERSON(''), { id: personId });
    // The person with affiliations, employers and themself; then memberships, then their groups.
    expect(t.api.statements()).toBe(3);
    const loaded = await t.api.ok(PERSON('(period: CURRENT)'), { id: personId });
    expect(lean).toEqual(loaded);
    expect(lean.person.affiliations.map((a: any) => a.validFrom)).toEqual([
      '2021-06-01',
      '2019-01-01',
    ]);
    expect(lean.person.affiliations[0].organization).not.toBeNull();
    expect(lean.person.affiliations[1].kommune).not.toBeNull();
  });

  it('shows contact details to a colleague from the same rows', async () => {
    const colleague = t.api.as({ subject: 'colleague', role: 'member', kommuneCode });
    expect((await colleague.ok(PERSON(''), { id: personId })).person.email).toBe('lean@example.dk');
    const stranger = t.api.as({ subject: 'stranger', role: 'member' });
    expect((await stranger.ok(PERSON(''), { id: personId })).person.email).toBeNull();
  });

  const GROUP = (args: string) => `query ($id: ID!) {
    group(id: $id) {
      id name kind validFrom topics { slug }
      members${args} { id role validFrom isCurrent note
        person { id name title } group { slug } representingKommune { code } }
      activeCoordinator { role person { name } }
      busFactor
    }
  }`;

  it('answers group(id) with its members in one statement, as the loaders do', async () => {
    t.api.resetStatements();
    const lean = await t.api.ok(GROUP(''), { id: groupId });
    const leanStatements = t.api.statements();
    t.api.resetStatements();
    const loaded = await t.api.ok(GROUP('(period: CURRENT)'), { id: groupId });
    expect(leanStatements).toBeLessThan(t.api.statements());
    expect(lean).toEqual(loaded);
    expect(lean.group.members.map((m: any) => m.role)).toEqual([
      'TOVHOLDER',
      'SEKRETAER',
      'MEDLEM',
    ]);
    expect(lean.group.activeCoordinator.role).toBe('TOVHOLDER');
  });

  it('reads the topics of such a group with one statement more, not reading the group again', async () => {
    // The group is read-only until its topics are asked for; then it is made managed from its row.
    t.api.resetStatements();
    const withTopics = await t.api.ok(
      `query ($id: ID!) { group(id: $id) { name topics { slug } } }`,
      {
        id: groupId,
      },
    );
    const statements = t.api.statements();
    t.api.resetStatements();
    const without = await t.api.ok(`query ($id: ID!) { group(id: $id) { name } }`, { id: groupId });
    expect(statements - t.api.statements()).toBe(1);
    expect(withTopics.group.name).toBe(without.group.name);
    expect(withTopics.group.topics).toHaveLength(1);
  });

  it('reads only the columns of members’ people the operation can show, all where it asks more', async () => {
    const em = t.db.orm.em.fork();
    const group = await buildGroup(em);
    const member = await buildPerson(em, { title: 'Arkitekt', bio: 'Kender kravmotoren.' });
    await buildMembership(em, group, member, { validFrom: '2020-01-01' });
    await em.flush();
    const [id, memberId] = [gid(group), gid(member)];
    const sql: string[] = [];
    const listener = (query: { sql: string }) => sql.push(query.sql);
    const knex = t.db.orm.em.getConnection().getKnex();
    knex.on('query', listener);
    /** The text of the statement that read the group with its members. */
    const groupStatement = () => sql.find((text) => text.includes('m."role"')) ?? '';
    try {
      // Fields of the card only, through an interface too: the card's columns.
      const card = await t.api.ok(
        `query ($id: ID!) { group(id: $id) { members { person { name title status ... on Node { id } } } } }`,
        { id },
      );
      expect(card.group.members).toEqual([
        { person: { id: memberId, name: member.name, title: 'Arkitekt', status: 'ACTIVE' } },
      ]);
      expect(groupStatement()).toContain('p."name"');
      expect(groupStatement()).not.toContain('p."bio"');
      // More of a member, through a fragment: every column.
      sql.length = 0;
      const more = await t.api.ok(
        `query ($id: ID!) { group(id: $id) { members { person { name ...About } } } }
         fragment About on Person { bio }`,
        { id },
      );
      expect(more.group.members[0].person.bio).toBe('Kender kravmotoren.');
      expect(groupStatement()).toContain('p."bio"');
      // More of another person in the same operation: every column too.
      sql.length = 0;
      const elsewhere = await t.api.ok(
        `query ($id: ID!, $person: ID!) {
           group(id: $id) { members { person { name } } }
           person(id: $person) { email }
         }`,
        { id, person: memberId },
      );
      expect(elsewhere.group.members[0].person.name).toBe(member.name);
      expect(groupStatement()).toContain('p."email"');
    } finally {
      knex.off('query', listener);
    }
  });

  it('keeps the errors of a missing or malformed ID', async () => {
    const missing = toGlobalId('Person', '00000000-0000-4000-8000-000000000000');
    const notFound = await t.api.fail(PERSON(''), { id: missing });
    expect(notFound.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(notFound.message).toBe(`Person ${missing} was not found`);
    const malformed = await t.api.fail(GROUP(''), { id: personId });
    expect(malformed.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('shows members’ people only to signed-in callers', async () => {
    const anonymous = await t.api.as(null).run(GROUP(''), { id: groupId });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
