import { useTestApi } from '../../../test/support/api';
import { buildGroup, buildMembership, buildPerson, gid } from '../../../test/support/factories';
import { MembershipRole } from '../groups/groups.entity';
import { PersonStatus } from '../people/people.entity';

const t = useTestApi();

const RECORD = `mutation ($input: RecordHandoverInput!) {
  recordHandover(input: $input) { id date role note fromPerson { name } toPerson { name } group { slug } membership { role } }
}`;

describe('handovers', () => {
  it('records a tovholder seat handed to a successor, visible on both people', async () => {
    const leaver = await buildPerson(t.em, { name: 'Afgående' });
    const successor = await buildPerson(t.em, { name: 'Efterfølger' });
    const group = await buildGroup(t.em);
    const seat = await buildMembership(t.em, group, leaver, { role: MembershipRole.TOVHOLDER });
    const { recordHandover } = await t.api.ok(RECORD, {
      input: {
        fromPersonId: gid(leaver),
        toPersonId: gid(successor),
        membershipId: gid(seat),
        date: '2024-01-01',
        note: 'Mødekalender og Jira',
      },
    });
    expect(recordHandover).toMatchObject({
      role: 'TOVHOLDER',
      group: { slug: group.slug },
      toPerson: { name: 'Efterfølger' },
    });
    const people = await t.api.ok(
      `query ($a: ID!, $b: ID!) {
      a: person(id: $a) { handoversGiven { toPerson { name } } }
      b: person(id: $b) { handoversReceived { fromPerson { name } note } }
    }`,
      { a: gid(leaver), b: gid(successor) },
    );
    expect(people.a.handoversGiven).toEqual([{ toPerson: { name: 'Efterfølger' } }]);
    expect(people.b.handoversReceived).toEqual([
      { fromPerson: { name: 'Afgående' }, note: 'Mødekalender og Jira' },
    ]);
  });

  it('refuses a handover to oneself, to someone who left, of nothing or of two things, and of another’s seat', async () => {
    const a = await buildPerson(t.em);
    const gone = await buildPerson(t.em, { status: PersonStatus.LEFT });
    const other = await buildPerson(t.em);
    const group = await buildGroup(t.em);
    const othersSeat = await buildMembership(t.em, group, other);
    const cases: [Record<string, unknown>, string][] = [
      [{ fromPersonId: gid(a), toPersonId: gid(a), groupId: gid(group) }, 'toPersonId'],
      [{ fromPersonId: gid(a), toPersonId: gid(gone), groupId: gid(group) }, 'toPersonId'],
      [{ fromPersonId: gid(a), toPersonId: gid(other) }, 'membershipId'],
      [
        {
          fromPersonId: gid(a),
          toPersonId: gid(other),
          groupId: gid(group),
          membershipId: gid(othersSeat),
        },
        'membershipId',
      ],
      [
        { fromPersonId: gid(a), toPersonId: gid(other), membershipId: gid(othersSeat) },
        'membershipId',
      ],
    ];
    for (const [input, field] of cases) {
      const error = await t.api.fail(RECORD, { input });
      expect([field, error.extensions?.code, error.extensions?.field]).toEqual([
        field,
        'BAD_USER_INPUT',
        field,
      ]);
    }
  });
});
