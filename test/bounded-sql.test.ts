import { useTestApi } from './support/api';
import {
  buildAffiliation,
  buildGroup,
  buildKommune,
  buildMembership,
  buildPerson,
  buildTopic,
} from './support/factories';
import { MembershipRole } from '../src/modules/groups/groups.entity';

/**
 * Relations resolve in batches: the statements a nested query sends do not grow with the number
 * of rows it returns.
 */
describe('bounded SQL', () => {
  const t = useTestApi();

  beforeAll(async () => {
    const em = t.db.orm.em.fork();
    const kommuner = [await buildKommune(em), await buildKommune(em), await buildKommune(em)];
    const topic = await buildTopic(em);
    for (let g = 0; g < 55; g += 1) {
      const group = await buildGroup(em, { name: `Gruppe ${String(g).padStart(3, '0')}` });
      group.topics.add(topic);
      for (let m = 0; m < 4; m += 1) {
        const person = await buildPerson(em);
        await buildAffiliation(em, person, kommuner[(g + m) % 3], {
          validFrom: '2018-01-01',
          validTo: '2021-01-01',
        });
        await buildAffiliation(em, person, kommuner[(g + m + 1) % 3], { validFrom: '2021-01-01' });
        await buildMembership(em, group, person, {
          role: m === 0 ? MembershipRole.TOVHOLDER : MembershipRole.MEDLEM,
        });
      }
    }
    await em.flush();
    // Some 900 single writes, each refreshing the expert index for its person: a minute or more
    // on a busy 2-core machine. The test counts statements, not time.
  }, 300_000);

  const NESTED = `query ($first: Int!) {
    groups(first: $first) {
      totalCount
      edges { node {
        name
        topics { slug }
        members { role representingKommune { code } person {
          name
          affiliations(period: ALL) { validFrom kommune { code name region } }
          memberships { group { slug } }
        } }
      } }
    }
  }`;

  async function statementsFor(first: number) {
    t.api.resetStatements();
    const data = await t.api.ok(NESTED, { first });
    const groups = data.groups.edges;
    expect(groups).toHaveLength(first);
    for (const { node } of groups) {
      expect(node.members).toHaveLength(4);
      for (const member of node.members) expect(member.person.affiliations).toHaveLength(2);
    }
    return t.api.statements();
  }

  it('sends the same small number of statements for 5 groups and for 50', async () => {
    const five = await statementsFor(5);
    const fifty = await statementsFor(50);
    expect(fifty).toBe(five);
    expect(five).toBeLessThanOrEqual(12);
  });
});
