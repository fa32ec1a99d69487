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
import { MembershipRole } from '../groups/groups.entity';
import { KnowledgeItem, KnowledgeKind } from '../knowledge/knowledge.entity';
import type { Person } from '../people/people.entity';
import { PersonStatus } from '../people/people.entity';
import { Handover } from '../succession/succession.entity';
import { TopicKind } from '../topics/topics.entity';
import { ClaimEndorsement, ClaimLevel, ExperienceClaim } from '../claims/claims.entity';

const EXPERTS = `query ($q: String, $topics: [ID!], $filter: ExpertFilter, $former: Boolean, $first: Int, $after: String) {
  experts(query: $q, topicIds: $topics, filter: $filter, includeFormer: $former, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      score
      person { name status }
      successors { name }
      evidence { kind role weight relevance recency contribution reason subject { __typename } }
    } }
  }
}`;

describe('expert search', () => {
  const t = useTestApi();
  const people: Record<string, Person> = {};
  let topicId: string;
  let kommuneId: string;

  beforeAll(async () => {
    const em = t.db.orm.em.fork();
    const aarhus = await buildKommune(em, { name: 'Aarhus', region: 'Region Midtjylland' });
    const odense = await buildKommune(em, { name: 'Odense', region: 'Region Syddanmark' });
    kommuneId = gid(aarhus);
    const topic = await buildTopic(em, {
      slug: 'leverandoerstyring',
      kind: TopicKind.PROCUREMENT,
      labelDa: 'Leverandørstyring',
      labelEn: 'Supplier management',
      aliases: ['styring af leverandører', 'vendor management'],
    });
    topicId = gid(topic);
    const group = await buildGroup(em, {
      name: 'Koordinationsgruppen for leverandørsamarbejdet',
      validFrom: '2016-01-01',
    });
    group.topics.add(topic);
    const other = await buildGroup(em, { name: 'Styregruppen for mødekalenderen' });

    people.tovholder = await buildPerson(em, { name: 'Tove Tovholder', openToQuestions: true });
    people.medlem = await buildPerson(em, { name: 'Mads Medlem' });
    people.skribent = await buildPerson(em, { name: 'Signe Skribent' });
    people.udenfor = await buildPerson(em, { name: 'Ulla Udenfor' });
    people.hemmelig = await buildPerson(em, { name: 'Hanne Hemmelig', listedAsExpert: false });
    people.tidligere = await buildPerson(em, { name: 'Tage Tidligere', status: PersonStatus.LEFT });
    people.efterfoelger = await buildPerson(em, { name: 'Ebbe Efterfølger' });

    await buildAffiliation(em, people.tovholder, aarhus, { validFrom: '2015-01-01' });
    await buildAffiliation(em, people.medlem, odense, { validFrom: '2015-01-01' });
    await buildAffiliation(em, people.tidligere, aarhus, {
      validFrom: '2010-01-01',
      validTo: '2023-01-01',
    });
    await buildMembership(em, group, people.tovholder, {
      role: MembershipRole.TOVHOLDER,
      validFrom: '2016-01-01',
    });
    await buildMembership(em, group, people.medlem, {
      role: MembershipRole.MEDLEM,
      validFrom: '2022-01-01',
    });
    await buildMembership(em, group, people.hemmelig, {
      role: MembershipRole.TOVHOLDER,
      validFrom: '2016-01-01',
    });
    await buildMembership(em, group, people.tidligere, {
      role: MembershipRole.TOVHOLDER,
      validFrom: '2016-01-01',
      validTo: '2023-01-01',
    });
    await buildMembership(em, other, people.udenfor, { role: MembershipRole.FORMAND });
    const claim = Object.assign(new ExperienceClaim(), {
      person: people.tovholder,
      topic,
      level: ClaimLevel.EXPERT,
      narrative: 'Har ført opfølgningsmøder med leverandøren i seks år.',
    });
    em.persist(claim);
    em.persist(Object.assign(new ClaimEndorsement(), { claim, endorser: people.medlem }));
    const note = Object.assign(new KnowledgeItem(), {
      kind: KnowledgeKind.LESSON,
      title: 'Leverandørstyring kræver faste møder',
      body: 'Aftal møder og eskalering med leverandøren fra start.',
      occurredOn: '2024-01-01',
    });
    note.authors.add(people.skribent);
    em.persist(note);
    em.persist(
      Object.assign(new Handover(), {
        fromPerson: people.tidligere,
        toPerson: people.efterfoelger,
        date: '2023-01-01',
        group,
      }),
    );
    await em.flush();
  });

  const names = (data: any) => data.experts.edges.map((edge: any) => edge.node.person.name);

  it('ranks the tovholder with an endorsed expert claim first, then others by their evidence', async () => {
    const data = await t.api.ok(EXPERTS, { q: 'leverandørstyring' });
    // The member of the group on the topic outranks the author of one note, who outranks nobody else.
    expect(names(data)).toEqual(['Tove Tovholder', 'Mads Medlem', 'Signe Skribent']);
    const top = data.experts.edges[0].node;
    expect(top.evidence.map((e: any) => e.kind).sort()).toEqual(['CLAIM', 'MEMBERSHIP']);
    const claim = top.evidence.find((e: any) => e.kind === 'CLAIM');
    expect(claim.reason).toMatch(
      /indgående erfaring med Leverandørstyring.*anbefalet af 1 kollega/,
    );
    expect(claim.subject.__typename).toBe('ExperienceClaim');
    const seat = top.evidence.find((e: any) => e.kind === 'MEMBERSHIP');
    expect(seat.reason).toMatch(
      /^Tovholder i Koordinationsgruppen for leverandørsamarbejdet \(2016–nu\)/,
    );
    expect(seat.subject.__typename).toBe('Group');
    for (const evidence of top.evidence) {
      expect(evidence.contribution).toBeCloseTo(
        evidence.weight * evidence.relevance * evidence.recency,
        5,
      );
    }
    expect(top.score).toBeCloseTo(
      top.evidence.reduce((sum: number, e: any) => sum + e.contribution, 0),
      5,
    );
  });

  it('finds the same people by topic alone, by an English query and by a spelling without æ/ø/å', async () => {
    const byTopic = names(await t.api.ok(EXPERTS, { topics: [topicId] }));
    expect(byTopic[0]).toBe('Tove Tovholder');
    expect(names(await t.api.ok(EXPERTS, { q: 'supplier management' }))[0]).toBe('Tove Tovholder');
    expect(names(await t.api.ok(EXPERTS, { q: 'leverandoerstyring' }))[0]).toBe('Tove Tovholder');
  });

  it('ranks a query of many words, each a term of its own', async () => {
    // Twelve words and the topic they name: more terms than the smallest statement holds.
    const q =
      'leverandørstyring budget drift kontrakt licens møde plan proces rapport risiko test udvikling';
    const found = names(await t.api.ok(EXPERTS, { q }));
    expect(found[0]).toBe('Tove Tovholder');
    expect(found).toEqual(names(await t.api.ok(EXPERTS, { q: 'leverandørstyring' })));
  });

  it('never lists people who did not consent, nor unrelated people', async () => {
    const found = names(await t.api.ok(EXPERTS, { q: 'leverandørstyring', former: true }));
    expect(found).not.toContain('Hanne Hemmelig');
    expect(found).not.toContain('Ulla Udenfor');
  });

  it('lists people who left only when asked, ranked lower, with their successors', async () => {
    expect(names(await t.api.ok(EXPERTS, { q: 'leverandørstyring' }))).not.toContain(
      'Tage Tidligere',
    );
    const data = await t.api.ok(EXPERTS, { q: 'leverandørstyring', former: true });
    const former = data.experts.edges.find(
      (edge: any) => edge.node.person.name === 'Tage Tidligere',
    ).node;
    expect(former.person.status).toBe('LEFT');
    expect(former.successors).toEqual([{ name: 'Ebbe Efterfølger' }]);
    expect(names(data).indexOf('Tage Tidligere')).toBeGreaterThan(
      names(data).indexOf('Tove Tovholder'),
    );
    const active = await t.api.ok(EXPERTS, {
      q: 'leverandørstyring',
      former: true,
      filter: { activeOnly: true },
    });
    expect(names(active)).not.toContain('Tage Tidligere');
  });

  it('filters by kommune, region, topic claim and openness to questions', async () => {
    const byKommune = names(
      await t.api.ok(EXPERTS, { q: 'leverandørstyring', filter: { kommuneId } }),
    );
    expect(byKommune).toEqual(['Tove Tovholder']);
    const formerByKommune = names(
      await t.api.ok(EXPERTS, { q: 'leverandørstyring', former: true, filter: { kommuneId } }),
    );
    expect(formerByKommune).toEqual(['Tove Tovholder', 'Tage Tidligere']);
    expect(
      names(
        await t.api.ok(EXPERTS, {
          q: 'leverandørstyring',
          filter: { region: 'Region Syddanmark' },
        }),
      ),
    ).toEqual(['Mads Medlem']);
    expect(names(await t.api.ok(EXPERTS, { q: 'leverandørstyring', filter: { topicId } }))).toEqual(
      ['Tove Tovholder'],
    );
    expect(
      names(await t.api.ok(EXPERTS, { q: 'leverandørstyring', filter: { openToQuestions: true } })),
    ).toEqual(['Tove Tovholder']);
  });

  it('pages through the ranking', async () => {
    const first = await t.api.ok(EXPERTS, { q: 'leverandørstyring', first: 2 });
    expect(first.experts.totalCount).toBe(3);
    expect(first.experts.pageInfo.hasNextPage).toBe(true);
    const second = await t.api.ok(EXPERTS, {
      q: 'leverandørstyring',
      first: 2,
      after: first.experts.pageInfo.endCursor,
    });
    expect(names(second)).toEqual(['Signe Skribent']);
    const past = await t.api.ok(EXPERTS, {
      q: 'leverandørstyring',
      first: 2,
      after: second.experts.pageInfo.endCursor,
    });
    expect(past.experts).toMatchObject({ totalCount: 3, edges: [] });
  });

  it('asks for a query or topics, and rejects bad ones', async () => {
    expect((await t.api.fail(EXPERTS, {})).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'query',
    });
    expect((await t.api.fail(EXPERTS, { q: 'x'.repeat(501) })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'query',
    });
    expect((await t.api.fail(EXPERTS, { topics: ['nope'] })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'topicIds',
    });
    expect(
      (await t.api.fail(EXPERTS, { q: 'x', filter: { kommuneId: topicId } })).extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'kommuneId',
    });
    expect((await t.api.ok(EXPERTS, { q: 'zzzqqq' })).experts.totalCount).toBe(0);
  });

  it('sends a bounded number of statements however many people it returns', async () => {
    // Query analysis (2), ranking (1), people (1), successors (2), one per kind of evidence subject (≤ 5).
    const BOUND = 11;
    for (const first of [1, 10]) {
      t.api.resetStatements();
      const data = await t.api.ok(EXPERTS, { q: 'leverandørstyring', first, former: true });
      expect(data.experts.edges.length).toBe(Math.min(first, 4));
      expect(t.api.statements()).toBeLessThanOrEqual(BOUND);
    }
  });
});
