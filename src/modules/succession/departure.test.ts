import { useTestApi } from '../../../test/support/api';
import { toGlobalId } from '../../common/global-id';
import { Group, Membership } from '../groups/groups.entity';
import { Affiliation, Person, PersonStatus } from '../people/people.entity';
import { Departure } from './departure.entity';
import { Handover } from './succession.entity';

const DEPART = `mutation ($input: RecordDepartureInput!) {
  recordDeparture(input: $input) {
    person { name status departedOn }
    endedAffiliations { validTo kommune { name } }
    endedMemberships { role validTo group { slug } }
    handovers { role toPerson { name } group { slug } }
    knowledgeAtRisk { kind reason subject { __typename ... on Group { slug } ... on Topic { slug } } people { name } }
    endedClaims { validTo }
  }
}`;
const REVERT = `mutation ($id: ID!) { revertDeparture(personId: $id) { name status departedOn } }`;
const KRAVREDAKTION = `{ groupBySlug(slug: "kravredaktionen") { activeCoordinator { role person { name } } } }`;

describe('departures on the demo network', () => {
  const t = useTestApi('seeded');
  const id = async (name: string) => {
    const person = await t.em.findOneOrFail(Person, { name });
    return toGlobalId('Person', person.id);
  };
  const seatOf = async (name: string, slug: string) => {
    const seat = await t.em.findOneOrFail(Membership, {
      person: { name },
      group: { slug },
      validTo: null,
    });
    return toGlobalId('Membership', seat.id);
  };
  const counts = async () => {
    const em = t.em.fork();
    return {
      memberships: await em.count(Membership),
      openMemberships: await em.count(Membership, { validTo: null }),
      openAffiliations: await em.count(Affiliation, { validTo: null }),
      handovers: await em.count(Handover),
      departures: await em.count(Departure),
      left: await em.count(Person, { status: PersonStatus.LEFT }),
    };
  };

  it('the tovholder leaves without a successor: seats end, and the group and his topics are at risk', async () => {
    const henrik = await id('Henrik Bojsen');
    const { recordDeparture: report } = await t.api.ok(DEPART, {
      input: { personId: henrik, date: '2025-01-01', note: 'Ny stilling uden for kommunen' },
    });
    expect(report.person).toEqual({
      name: 'Henrik Bojsen',
      status: 'LEFT',
      departedOn: '2025-01-01',
    });
    expect(report.endedAffiliations).toEqual([
      { validTo: '2025-01-01', kommune: { name: 'Syddjurs' } },
    ]);
    expect(report.endedMemberships.map((m: any) => m.group.slug)).toContain('kravredaktionen');
    expect(report.handovers).toEqual([]);
    const risks = report.knowledgeAtRisk.map((risk: any) => `${risk.kind}:${risk.subject.slug}`);
    expect(risks).toContain('GROUP_WITHOUT_COORDINATOR:kravredaktionen');
    expect(risks).toContain('TOPIC_WITHOUT_HOLDER:nonfunktionelle-krav');
    expect(risks).not.toContain('TOPIC_WITHOUT_HOLDER:governance'); // Michel still claims it
    // The departure is blamed only where Henrik was the tovholder; in OS2kle he was a member.
    const reasonFor = (slug: string) =>
      report.knowledgeAtRisk.find((risk: any) => risk.subject.slug === slug).reason;
    expect(reasonFor('kravredaktionen')).toBe(
      'Kravredaktionen (OS2kravmotor) har ingen aktiv tovholder eller koordinator, efter at Henrik Bojsen er stoppet som tovholder',
    );
    expect(reasonFor('os2kle-koordinationsgruppe')).toBe(
      'Koordinationsgruppen for OS2kle har ingen aktiv tovholder eller koordinator og havde heller ingen, mens Henrik Bojsen var medlem i gruppen',
    );
    // His claims end with him: none reads "(2018–nu)" any more.
    expect(report.endedClaims.length).toBeGreaterThan(0);
    expect(report.endedClaims.every((claim: any) => claim.validTo === '2025-01-01')).toBe(true);
    expect((await t.api.ok(KRAVREDAKTION)).groupBySlug.activeCoordinator).toBeNull();

    // His knowledge stays attributed and findable, as a former holder.
    const profile = await t.api.ok(
      `query ($id: ID!) { person(id: $id) { authoredKnowledge { title } claims { validTo topic { slug } } } }`,
      {
        id: henrik,
      },
    );
    expect(profile.person.authoredKnowledge.map((k: any) => k.title)).toContain(
      'Leverandørstyring: afstem aftaler og kommunikation',
    );
    expect(profile.person.claims.length).toBeGreaterThan(0);
    expect(profile.person.claims.filter((claim: any) => claim.validTo == null)).toEqual([]);
    const found = await t.api.ok(
      `{ search(query: "afstem aftaler", types: [KNOWLEDGE_ITEM]) { edges { node { node { ... on KnowledgeItem { authors { name status } } } } } } }`,
    );
    expect(found.search.edges[0].node.node.authors).toEqual([
      { name: 'Henrik Bojsen', status: 'LEFT' },
    ]);
    const experts = await t.api.ok(
      `{ experts(query: "kravmotoren", includeFormer: true) { edges { node { person { name status } evidence { reason } } } } }`,
    );
    expect(experts.experts.edges[0].node.person).toEqual({ name: 'Henrik Bojsen', status: 'LEFT' });
    const evidence = experts.experts.edges[0].node.evidence.map((e: any) => e.reason).join(' | ');
    expect(evidence).toContain('2018–2025');
    expect(evidence).not.toContain('–nu)');

    expect((await t.api.ok(REVERT, { id: henrik })).revertDeparture).toEqual({
      name: 'Henrik Bojsen',
      status: 'ACTIVE',
      departedOn: null,
    });
    expect((await t.api.ok(KRAVREDAKTION)).groupBySlug.activeCoordinator).toEqual({
      role: 'TOVHOLDER',
      person: { name: 'Henrik Bojsen' },
    });
  });

  it('the tovholder leaves with a successor, who takes over the seat and is shown as the one to ask', async () => {
    const henrik = await id('Henrik Bojsen');
    const jon = await id('Jon Badstue Pedersen');
    const before = await counts();
    const { recordDeparture: report } = await t.api.ok(DEPART, {
      input: {
        personId: henrik,
        date: '2025-02-01',
        handovers: [
          {
            membershipId: await seatOf('Henrik Bojsen', 'kravredaktionen'),
            successorId: jon,
            note: 'Kravarkivet ligger i Jira',
          },
        ],
      },
    });
    expect(report.handovers).toEqual([
      {
        role: 'TOVHOLDER',
        toPerson: { name: 'Jon Badstue Pedersen' },
        group: { slug: 'kravredaktionen' },
      },
    ]);
    expect(report.knowledgeAtRisk.map((risk: any) => risk.subject.slug)).not.toContain(
      'kravredaktionen',
    );
    expect((await t.api.ok(KRAVREDAKTION)).groupBySlug.activeCoordinator).toEqual({
      role: 'TOVHOLDER',
      person: { name: 'Jon Badstue Pedersen' },
    });
    const { person } = await t.api.ok(
      `query ($id: ID!) { person(id: $id) { successors { name } } }`,
      { id: henrik },
    );
    expect(person.successors).toEqual([{ name: 'Jon Badstue Pedersen' }]);
    const experts = await t.api.ok(
      `{ experts(query: "kravredaktion", includeFormer: true) { edges { node { person { name } successors { name } } } } }`,
    );
    const former = experts.experts.edges.find(
      (edge: any) => edge.node.person.name === 'Henrik Bojsen',
    ).node;
    expect(former.successors).toEqual([{ name: 'Jon Badstue Pedersen' }]);

    await t.api.ok(REVERT, { id: henrik });
    expect(await counts()).toEqual(before);
    expect((await t.api.ok(KRAVREDAKTION)).groupBySlug.activeCoordinator.person.name).toBe(
      'Henrik Bojsen',
    );
  });

  it('refuses bad departures with a clear error, writing nothing', async () => {
    const henrik = await id('Henrik Bojsen');
    const lars = await id('Lars Lyngsøe Højberg');
    const rasmus = await id('Rasmus Frey');
    await t.api.ok(DEPART, { input: { personId: rasmus, date: '2025-01-01' } });
    const before = await counts();
    const group = await t.em.findOneOrFail(Group, { slug: 'kravredaktionen' });
    const ghost = toGlobalId('Person', '00000000-0000-4000-8000-000000000000');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ personId: henrik, date: '2010-01-01' }, 'BAD_USER_INPUT', 'date'],
      [
        {
          personId: henrik,
          date: '2025-03-01',
          handovers: [{ groupId: toGlobalId('Group', group.id), successorId: rasmus }],
        },
        'BAD_USER_INPUT',
        'successorId',
      ],
      [
        {
          personId: henrik,
          date: '2025-03-01',
          handovers: [{ groupId: toGlobalId('Group', group.id), successorId: henrik }],
        },
        'BAD_USER_INPUT',
        'successorId',
      ],
      [
        { personId: henrik, date: '2025-03-01', handovers: [{ successorId: lars }] },
        'BAD_USER_INPUT',
        'handovers',
      ],
      [
        {
          personId: henrik,
          date: '2025-03-01',
          handovers: [
            {
              membershipId: await seatOf(
                'Lars Lyngsøe Højberg',
                'os2skoledata-koordinationsgruppe',
              ),
              successorId: lars,
            },
          ],
        },
        'BAD_USER_INPUT',
        'membershipId',
      ],
      [
        {
          personId: henrik,
          date: '2025-03-01',
          handovers: [{ groupId: toGlobalId('Group', group.id), successorId: ghost }],
        },
        'NOT_FOUND',
        'successorId',
      ],
      [{ personId: ghost, date: '2025-03-01' }, 'NOT_FOUND', 'personId'],
      [{ personId: rasmus, date: '2025-03-01' }, 'CONFLICT', 'personId'],
      [{ personId: 'nope', date: '2025-03-01' }, 'BAD_USER_INPUT', 'personId'],
    ];
    for (const [input, code, field] of cases) {
      const error = await t.api.fail(DEPART, { input });
      expect([JSON.stringify(input), error.extensions?.code, error.extensions?.field]).toEqual([
        JSON.stringify(input),
        code,
        field,
      ]);
    }
    expect(await counts()).toEqual(before);
    expect((await t.api.fail(REVERT, { id: henrik })).extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'personId',
    });
  });

  it('bus factors show what rests on one person, and drop to nobody when they leave', async () => {
    const BUS = `{
      groupBySlug(slug: "kravredaktionen") { busFactor }
      topicBySlug(slug: "nonfunktionelle-krav") { busFactor }
      productBySlug(slug: "os2kravmotor") { busFactor }
      governance: topicBySlug(slug: "governance") { busFactor }
    }`;
    const before = await t.api.ok(BUS);
    expect(before).toEqual({
      groupBySlug: { busFactor: 1 },
      topicBySlug: { busFactor: 1 },
      productBySlug: { busFactor: 1 },
      governance: { busFactor: 2 },
    });
    const henrik = await id('Henrik Bojsen');
    await t.api.ok(DEPART, { input: { personId: henrik, date: '2025-04-01' } });
    expect(await t.api.ok(BUS)).toEqual({
      groupBySlug: { busFactor: 0 },
      topicBySlug: { busFactor: 0 },
      productBySlug: { busFactor: 0 },
      governance: { busFactor: 1 },
    });
    await t.api.ok(REVERT, { id: henrik });

    // One statement for the bus factors of a whole list.
    t.api.resetStatements();
    await t.api.ok(`{ groups(first: 1) { edges { node { busFactor } } } }`);
    const one = t.api.statements();
    t.api.resetStatements();
    await t.api.ok(`{ groups(first: 9) { edges { node { busFactor } } } }`);
    expect(t.api.statements()).toBe(one);
  });
});
