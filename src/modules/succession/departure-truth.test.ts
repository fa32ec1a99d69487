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
import { ClaimLevel, ExperienceClaim } from '../claims/claims.entity';
import type { Group } from '../groups/groups.entity';
import { MembershipRole } from '../groups/groups.entity';
import type { Person } from '../people/people.entity';
import type { Topic } from '../topics/topics.entity';

const DEPART = `mutation ($input: RecordDepartureInput!) {
  recordDeparture(input: $input) {
    endedClaims { validFrom validTo topic { labelDa } }
    knowledgeAtRisk { kind reason subject { ... on Group { name } ... on Topic { labelDa } } people { name } }
  }
}`;
const REVERT = `mutation ($id: ID!) { revertDeparture(personId: $id) { status } }`;
const CLAIMS = `query ($id: ID!) { person(id: $id) { claims { validTo topic { labelDa } } } }`;

/**
 * What a departure report and a leaver's profile say must be true: the departure is blamed for a
 * missing tovholder only where the leaver was it, and nothing of theirs reads as ongoing after.
 */
describe('a departure tells the truth', () => {
  const t = useTestApi();
  let leaver: Person;
  let topics: Record<'open' | 'later' | 'ended' | 'shared', Topic>;
  let groups: Record<'led' | 'neverLed' | 'ledByOther' | 'ledUntilNow', Group>;

  beforeAll(async () => {
    const em = t.db.orm.em.fork();
    const kommune = await buildKommune(em, { name: 'Norddjurs' });
    leaver = await buildPerson(em, { name: 'Lise Går' });
    const colleague = await buildPerson(em, { name: 'Kurt Bliver' });
    const formerLead = await buildPerson(em, { name: 'Tove Tidligere' });
    await buildAffiliation(em, leaver, kommune);
    groups = {
      led: await buildGroup(em, { name: 'Gruppen hun ledede' }),
      neverLed: await buildGroup(em, { name: 'Gruppen uden tovholder' }),
      ledByOther: await buildGroup(em, { name: 'Gruppen med en anden tovholder' }),
      ledUntilNow: await buildGroup(em, { name: 'Gruppen hvis tovholder også stopper' }),
    };
    await buildMembership(em, groups.led, leaver, { role: MembershipRole.TOVHOLDER });
    await buildMembership(em, groups.neverLed, leaver, { role: MembershipRole.MEDLEM });
    await buildMembership(em, groups.neverLed, colleague, { role: MembershipRole.MEDLEM });
    await buildMembership(em, groups.ledByOther, leaver, { role: MembershipRole.MEDLEM });
    await buildMembership(em, groups.ledByOther, colleague, { role: MembershipRole.KOORDINATOR });
    await buildMembership(em, groups.ledUntilNow, leaver, { role: MembershipRole.MEDLEM });
    await buildMembership(em, groups.ledUntilNow, formerLead, {
      role: MembershipRole.TOVHOLDER,
      validTo: '2025-03-01',
    });
    topics = {
      open: await buildTopic(em, { labelDa: 'Logning' }),
      later: await buildTopic(em, { labelDa: 'SLA' }),
      ended: await buildTopic(em, { labelDa: 'Migrering' }),
      shared: await buildTopic(em, { labelDa: 'Udbud' }),
    };
    const claim = (person: Person, topic: Topic, period: Partial<ExperienceClaim>) =>
      em.persist(
        Object.assign(new ExperienceClaim(), {
          person,
          topic,
          level: ClaimLevel.WORKING,
          ...period,
        }),
      );
    claim(leaver, topics.open, { validFrom: '2018-01-01' });
    claim(leaver, topics.later, { validFrom: '2019-01-01', validTo: '2030-01-01' });
    claim(leaver, topics.ended, { validFrom: '2010-01-01', validTo: '2012-06-01' });
    claim(leaver, topics.shared, { validFrom: '2020-01-01' });
    claim(colleague, topics.shared, { validFrom: '2020-01-01' });
    await em.flush();
  });

  it('blames the departure only for a tovholder the leaver was, and ends her ongoing claims', async () => {
    const { recordDeparture: report } = await t.api.ok(DEPART, {
      input: { personId: gid(leaver), date: '2025-03-01' },
    });
    const groupReasons = Object.fromEntries(
      report.knowledgeAtRisk
        .filter((risk: any) => risk.kind === 'GROUP_WITHOUT_COORDINATOR')
        .map((risk: any) => [risk.subject.name, risk.reason]),
    );
    expect(groupReasons).toEqual({
      'Gruppen hun ledede':
        'Gruppen hun ledede har ingen aktiv tovholder eller koordinator, efter at Lise Går er stoppet som tovholder',
      'Gruppen uden tovholder':
        'Gruppen uden tovholder har ingen aktiv tovholder eller koordinator og havde heller ingen, mens Lise Går var medlem i gruppen',
      'Gruppen hvis tovholder også stopper':
        'Gruppen hvis tovholder også stopper har ingen aktiv tovholder eller koordinator fra 2025-03-01',
    });
    for (const reason of Object.values(groupReasons)) {
      if (!String(reason).startsWith('Gruppen hun ledede')) expect(reason).not.toMatch(/efter at/);
    }
    const topicReasons = report.knowledgeAtRisk
      .filter((risk: any) => risk.kind === 'TOPIC_WITHOUT_HOLDER')
      .map((risk: any) => risk.subject.labelDa)
      .sort();
    expect(topicReasons).toEqual(['Logning', 'Migrering', 'SLA']); // Kurt still claims Udbud

    // Her ongoing claims end on the departure date; one that ended long ago keeps its end.
    expect(
      report.endedClaims.map((c: any) => `${c.topic.labelDa} ${c.validFrom}–${c.validTo}`),
    ).toEqual([
      'Logning 2018-01-01–2025-03-01',
      'SLA 2019-01-01–2025-03-01',
      'Udbud 2020-01-01–2025-03-01',
    ]);
    const claims = (await t.api.ok(CLAIMS, { id: gid(leaver) })).person.claims;
    expect(claims.filter((c: any) => c.validTo == null || c.validTo > '2025-03-01')).toEqual([]);
    expect(claims.find((c: any) => c.topic.labelDa === 'Migrering').validTo).toBe('2012-06-01');
    // …and so do the periods the expert search shows for her as a former holder.
    const experts = await t.api.ok(
      `{ experts(query: "logning", includeFormer: true) { edges { node { person { name } evidence { reason } } } } }`,
    );
    const reasons = experts.experts.edges
      .filter((edge: any) => edge.node.person.name === 'Lise Går')
      .flatMap((edge: any) => edge.node.evidence.map((e: any) => e.reason));
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.join(' | ')).not.toMatch(/–nu\)/);
    expect(reasons.join(' | ')).toContain('Logning (2018–2025)');

    // Nor can a claim be reopened, or an open one added, for her afterwards.
    const logning = await t.em.findOneOrFail(ExperienceClaim, {
      person: leaver.id,
      topic: topics.open.id,
    });
    const reopen = await t.api.fail(
      `mutation ($id: ID!) { updateExperienceClaim(id: $id, input: { validTo: null }) { id } }`,
      { id: gid(logning) },
    );
    expect(reopen.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'validTo' });
    const add = `mutation ($input: AddExperienceClaimInput!) { addExperienceClaim(input: $input) { validTo } }`;
    const fresh = { personId: gid(leaver), topicId: gid(topics.ended), level: 'BASIC' };
    await t.em.nativeUpdate(
      ExperienceClaim,
      { topic: topics.ended.id },
      { withdrawnAt: new Date() },
    );
    expect((await t.api.fail(add, { input: fresh })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'validTo',
    });
    expect(
      (await t.api.ok(add, { input: { ...fresh, validFrom: '2020-01-01', validTo: '2024-01-01' } }))
        .addExperienceClaim,
    ).toEqual({ validTo: '2024-01-01' });
    await t.em.nativeDelete(ExperienceClaim, { topic: topics.ended.id, validTo: '2024-01-01' });
    await t.em.nativeUpdate(ExperienceClaim, { topic: topics.ended.id }, { withdrawnAt: null });

    // Undoing the departure gives the claims back their earlier ends.
    await t.api.ok(REVERT, { id: gid(leaver) });
    const restored = (await t.api.ok(CLAIMS, { id: gid(leaver) })).person.claims;
    expect(Object.fromEntries(restored.map((c: any) => [c.topic.labelDa, c.validTo]))).toEqual({
      Logning: null,
      SLA: '2030-01-01',
      Migrering: '2012-06-01',
      Udbud: null,
    });
  });

  it('refuses a departure before a claim of hers begins, as before a seat that begins later', async () => {
    const later = Object.assign(new ExperienceClaim(), {
      person: leaver,
      topic: await buildTopic(t.em, { labelDa: 'Senere emne' }),
      level: ClaimLevel.BASIC,
      validFrom: '2021-01-01',
    });
    await t.em.persistAndFlush(later);
    const error = await t.api.fail(DEPART, {
      input: { personId: gid(leaver), date: '2020-06-01' },
    });
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'date' });
    await t.em.removeAndFlush(later);
  });

  it('names who took over a group or a topic handed over without a seat', async () => {
    const successor = await buildPerson(t.em, { name: 'Sofie Overtager' });
    const { recordDeparture: report } = await t.api.ok(DEPART, {
      input: {
        personId: gid(leaver),
        date: '2025-04-01',
        handovers: [
          { groupId: gid(groups.led), successorId: gid(successor) },
          { topicId: gid(topics.open), successorId: gid(successor) },
        ],
      },
    });
    const reasons = report.knowledgeAtRisk.map((risk: any) => risk.reason);
    expect(reasons).toContain(
      'Gruppen hun ledede har ingen aktiv tovholder eller koordinator, efter at Lise Går er stoppet som tovholder; Sofie Overtager har overtaget ansvaret for gruppen',
    );
    expect(reasons).toContain(
      'Ingen aktive i netværket angiver erfaring med Logning, efter at Lise Går er stoppet; Sofie Overtager har overtaget emnet',
    );
    await t.api.ok(REVERT, { id: gid(leaver) });
  });
});
