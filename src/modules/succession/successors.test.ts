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
import { ClaimLevel, ExperienceClaim } from '../expertise/expertise.entity';
import { MembershipRole } from '../groups/groups.entity';
import type { Membership } from '../groups/groups.entity';
import type { Person } from '../people/people.entity';
import { PersonStatus } from '../people/people.entity';

const CANDIDATES = `query ($person: ID, $seat: ID, $first: Int) {
  successorCandidates(personId: $person, membershipId: $seat, first: $first) { score reasons person { name } }
}`;

describe('successor candidates', () => {
  const t = useTestApi();
  let leaver: Person;
  let seat: Membership;

  beforeAll(async () => {
    const em = t.db.orm.em.fork();
    const kommune = await buildKommune(em, { name: 'Favrskov' });
    const other = await buildKommune(em, { name: 'Odder' });
    const [t1, t2] = [
      await buildTopic(em, { labelDa: 'Logning' }),
      await buildTopic(em, { labelDa: 'SLA' }),
    ];
    const group = await buildGroup(em, { name: 'Driftsgruppen' });
    group.topics.add(t1, t2);
    leaver = await buildPerson(em, { name: 'Lone Leaver' });
    const obvious = await buildPerson(em, { name: 'Anne Oplagt', openToQuestions: true });
    const partial = await buildPerson(em, { name: 'Bent Delvis' });
    const busy = await buildPerson(em, { name: 'Erik Travl' });
    const gone = await buildPerson(em, { name: 'Dorte Stoppet', status: PersonStatus.LEFT });
    await buildPerson(em, { name: 'Carl Udenfor' });
    for (const person of [leaver, obvious]) await buildAffiliation(em, person, kommune);
    await buildAffiliation(em, partial, other);
    seat = await buildMembership(em, group, leaver, { role: MembershipRole.TOVHOLDER });
    await buildMembership(em, group, obvious, { role: MembershipRole.MEDLEM });
    await buildMembership(em, group, gone, { role: MembershipRole.MEDLEM });
    for (let i = 0; i < 3; i += 1) {
      await buildMembership(em, await buildGroup(em), busy, { role: MembershipRole.TOVHOLDER });
    }
    const claim = (person: Person, topic: typeof t1) =>
      em.persist(
        Object.assign(new ExperienceClaim(), { person, topic, level: ClaimLevel.WORKING }),
      );
    claim(leaver, t1);
    claim(obvious, t1);
    claim(obvious, t2);
    claim(partial, t1);
    claim(busy, t1);
    claim(busy, t2);
    claim(gone, t1);
    await em.flush();
  });

  const names = (data: any) => data.successorCandidates.map((c: any) => c.person.name);

  it('puts the obvious candidate first, with the reasons, and leaves out who shares nothing or has left', async () => {
    const data = await t.api.ok(CANDIDATES, { person: gid(leaver) });
    expect(names(data)[0]).toBe('Anne Oplagt');
    expect(names(data)).toEqual(expect.arrayContaining(['Bent Delvis', 'Erik Travl']));
    expect(names(data)).not.toContain('Carl Udenfor');
    expect(names(data)).not.toContain('Dorte Stoppet');
    expect(names(data)).not.toContain('Lone Leaver');
    const anne = data.successorCandidates[0];
    expect(anne.reasons).toEqual(
      expect.arrayContaining([
        'Deler 2 af 2 emner: Logning, SLA',
        'Samme kommune: Favrskov',
        'Vil gerne svare på spørgsmål',
      ]),
    );
    const erik = data.successorCandidates.find((c: any) => c.person.name === 'Erik Travl');
    expect(erik.reasons).toContain(
      'Har allerede 3 roller som tovholder, koordinator eller formand',
    );
    const scores = data.successorCandidates.map((c: any) => c.score);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
  });

  it('for a seat, favours who already sits in the group', async () => {
    const data = await t.api.ok(CANDIDATES, { seat: gid(seat), first: 1 });
    expect(data.successorCandidates).toHaveLength(1);
    expect(data.successorCandidates[0].person.name).toBe('Anne Oplagt');
    expect(data.successorCandidates[0].reasons[0]).toBe('Sidder allerede i gruppen');
  });

  it('asks for exactly one of person and seat, and a sensible first', async () => {
    expect((await t.api.fail(CANDIDATES, {})).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'personId',
    });
    expect(
      (await t.api.fail(CANDIDATES, { person: gid(leaver), seat: gid(seat) })).extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'personId',
    });
    expect(
      (await t.api.fail(CANDIDATES, { person: gid(leaver), first: 0 })).extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'first',
    });
  });
});
