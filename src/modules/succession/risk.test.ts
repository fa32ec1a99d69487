import { useTestApi } from '../../../test/support/api';
import { toGlobalId } from '../../common/global-id';
import { ExperienceClaim } from '../claims/claims.entity';
import { Group, Membership } from '../groups/groups.entity';
import { Kommune } from '../kommuner/kommuner.entity';
import { Person } from '../people/people.entity';
import { Product } from '../products/products.entity';
import { Topic } from '../topics/topics.entity';

const RISKS = `query ($scope: RiskScope, $horizon: Int) {
  knowledgeAtRisk(scope: $scope, horizonDays: $horizon) {
    kind reason people { name } suggestedSuccessors { name }
    subject { __typename ... on Topic { slug } ... on Product { slug } ... on Group { slug } ... on Membership { id } ... on ExperienceClaim { id } }
  }
}`;
const RISK_KEYS = `query ($scope: RiskScope) {
  knowledgeAtRisk(scope: $scope) { kind subject { __typename id ... on Topic { slug } ... on Product { slug } ... on Group { slug } } }
}`;
const key = (item: any) => `${item.kind}:${item.subject.slug ?? item.subject.id}`;

describe('knowledge at risk on the demo network', () => {
  const t = useTestApi('seeded');
  const gidOf = async (entity: any, where: object, type: string) => {
    const found = (await t.em.findOneOrFail(entity, where)) as { id: string };
    return toGlobalId(type, found.id);
  };

  it('names what rests on one person, with suggested successors, before and after that person leaves', async () => {
    const topic = await gidOf(Topic, { slug: 'nonfunktionelle-krav' }, 'Topic');
    const before = (await t.api.ok(RISKS, { scope: { topicId: topic } })).knowledgeAtRisk;
    const single = before.find((item: any) => key(item) === 'BUS_FACTOR_ONE:nonfunktionelle-krav');
    expect(single.people).toEqual([{ name: 'Henrik Bojsen' }]);
    expect(single.suggestedSuccessors.length).toBeGreaterThan(0);
    expect(single.suggestedSuccessors).not.toContainEqual({ name: 'Henrik Bojsen' });

    const henrik = await gidOf(Person, { name: 'Henrik Bojsen' }, 'Person');
    await t.api.ok(
      `mutation ($input: RecordDepartureInput!) { recordDeparture(input: $input) { person { status } } }`,
      {
        input: { personId: henrik, date: '2025-05-01' },
      },
    );
    const after = (await t.api.ok(RISKS, { scope: { topicId: topic } })).knowledgeAtRisk.map(key);
    expect(after).toContain('BUS_FACTOR_ZERO:nonfunktionelle-krav');
    expect(after).toContain('GROUP_WITHOUT_COORDINATOR:kravredaktionen');
    await t.api.ok(`mutation ($id: ID!) { revertDeparture(personId: $id) { status } }`, {
      id: henrik,
    });
  });

  it('scopes by product and group, and lists groups without a coordinator', async () => {
    const product = await gidOf(Product, { slug: 'os2kravmotor' }, 'Product');
    const byProduct = (
      await t.api.ok(RISKS, { scope: { productId: product } })
    ).knowledgeAtRisk.map(key);
    expect(byProduct).toEqual(
      expect.arrayContaining(['BUS_FACTOR_ONE:os2kravmotor', 'BUS_FACTOR_ONE:kravredaktionen']),
    );
    const group = await gidOf(Group, { slug: 'os2skoledata-koordinationsgruppe' }, 'Group');
    const byGroup = (await t.api.ok(RISKS, { scope: { groupId: group } })).knowledgeAtRisk.map(key);
    expect(byGroup).toContain('GROUP_WITHOUT_COORDINATOR:os2skoledata-koordinationsgruppe');
    const everything = (await t.api.ok(RISKS, {})).knowledgeAtRisk.map(key);
    expect(everything).toEqual(
      expect.arrayContaining([
        'BUS_FACTOR_ZERO:os2skoledata-styregruppe',
        'GROUP_WITHOUT_COORDINATOR:3k',
      ]),
    );
  });

  it('without a scope lists everything that any kommune, product, group or topic scope lists', async () => {
    const unscoped = new Set((await t.api.ok(RISK_KEYS, {})).knowledgeAtRisk.map(key));
    // The example from the demo network: OS2kravmotor's own topics.
    const product = await gidOf(Product, { slug: 'os2kravmotor' }, 'Product');
    const byProduct = (await t.api.ok(RISK_KEYS, { scope: { productId: product } }))
      .knowledgeAtRisk;
    expect(byProduct.map(key)).toEqual(
      expect.arrayContaining([
        'BUS_FACTOR_ONE:udbud',
        'BUS_FACTOR_ONE:markedsdialog',
        'BUS_FACTOR_ONE:kravmotor',
      ]),
    );
    const ids = async (sql: string) =>
      ((await t.em.getConnection().execute(sql)) as { id: string }[]).map((row) => row.id);
    const withPeople = await ids(
      'select distinct kommune_id as id from affiliation where kommune_id is not null',
    );
    const withAdoptions = await ids('select distinct kommune_id as id from product_adoption');
    const scopes: [string, string, { id: string }[]][] = [
      // Kommuner with nobody and nothing in the network have nothing to list.
      [
        'kommuneId',
        'Kommune',
        await t.em.find(Kommune, {
          $or: [{ id: { $in: withPeople } }, { id: { $in: withAdoptions } }],
        }),
      ],
      ['productId', 'Product', await t.em.find(Product, {})],
      ['groupId', 'Group', await t.em.find(Group, {})],
      ['topicId', 'Topic', await t.em.find(Topic, {})],
    ];
    const missing: string[] = [];
    for (const [field, type, subjects] of scopes) {
      for (const subject of subjects) {
        const scope = { [field]: toGlobalId(type, subject.id) };
        for (const item of (await t.api.ok(RISK_KEYS, { scope })).knowledgeAtRisk) {
          if (!unscoped.has(key(item))) missing.push(`${type} ${subject.id}: ${key(item)}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('lists seats ending within the horizon and claims unconfirmed for 24 months', async () => {
    const em = t.em.fork();
    const seat = await em.findOneOrFail(Membership, {
      person: { name: 'Lars Lyngsøe Højberg' },
      validTo: null,
    });
    const inThirtyDays = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    seat.validTo = inThirtyDays;
    const claim = await em.findOneOrFail(ExperienceClaim, {
      person: { name: 'Anders Kollin' },
      topic: { slug: 'agil-udvikling' },
    });
    claim.confirmedOn = '2020-01-01';
    await em.flush();
    const within = (await t.api.ok(RISKS, { horizon: 90 })).knowledgeAtRisk;
    const ending = within.find((item: any) => item.kind === 'MEMBERSHIP_ENDING');
    expect(ending.people).toEqual([{ name: 'Lars Lyngsøe Højberg' }]);
    expect(ending.reason).toContain(inThirtyDays);
    expect(within.map(key)).toContain(`STALE_CLAIM:${toGlobalId('ExperienceClaim', claim.id)}`);
    const soon = (await t.api.ok(RISKS, { horizon: 10 })).knowledgeAtRisk.map(
      (item: any) => item.kind,
    );
    expect(soon).not.toContain('MEMBERSHIP_ENDING');
  });

  it('refuses two scopes at once and a bad horizon', async () => {
    const product = await gidOf(Product, { slug: 'os2kravmotor' }, 'Product');
    const group = await gidOf(Group, { slug: 'kravredaktionen' }, 'Group');
    expect(
      (await t.api.fail(RISKS, { scope: { productId: product, groupId: group } })).extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'scope',
    });
    expect((await t.api.fail(RISKS, { horizon: -1 })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'horizonDays',
    });
    expect((await t.api.fail(RISKS, { scope: { topicId: product } })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'topicId',
    });
  });
});
