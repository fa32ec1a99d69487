import type { EntityManager } from '@mikro-orm/postgresql';
import { createTestApi, type TestApi } from '../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../test/support/databases';
import { buildGroup, buildMembership, buildPerson, gid } from '../../../test/support/factories';
import { MembershipRole } from '../groups/groups.entity';
import { PersonStatus } from '../people/people.entity';

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

const RECORD = `mutation ($input: RecordHandoverInput!) {
  recordHandover(input: $input) { id date role note fromPerson { name } toPerson { name } group { slug } membership { role } }
}`;

describe('handovers', () => {
  it('records a tovholder seat handed to a successor, visible on both people', async () => {
    const leaver = await buildPerson(em, { name: 'Afgående' });
    const successor = await buildPerson(em, { name: 'Efterfølger' });
    const group = await buildGroup(em);
    const seat = await buildMembership(em, group, leaver, { role: MembershipRole.TOVHOLDER });
    const { recordHandover } = await api.ok(RECORD, {
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
    const people = await api.ok(
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
    const a = await buildPerson(em);
    const gone = await buildPerson(em, { status: PersonStatus.LEFT });
    const other = await buildPerson(em);
    const group = await buildGroup(em);
    const othersSeat = await buildMembership(em, group, other);
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
      const error = await api.fail(RECORD, { input });
      expect([field, error.extensions?.code, error.extensions?.field]).toEqual([
        field,
        'BAD_USER_INPUT',
        field,
      ]);
    }
  });
});
