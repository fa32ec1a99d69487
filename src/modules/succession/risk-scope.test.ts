import { useTestApi } from '../../../test/support/api';
import {
  buildAffiliation,
  buildGroup,
  buildKommune,
  buildMembership,
  buildPerson,
  buildProduct,
  buildTopic,
  gid,
} from '../../../test/support/factories';
import { ClaimLevel, ExperienceClaim } from '../claims/claims.entity';
import { MembershipRole } from '../groups/groups.entity';
import { AdoptionStatus, ProductAdoption } from '../products/products.entity';

const RISKS = `query ($scope: RiskScope) {
  knowledgeAtRisk(scope: $scope, horizonDays: 365) {
    kind reason people { name }
    subject { id ... on Topic { labelDa } ... on Product { name } ... on Group { name } }
  }
}`;
const key = (item: any) =>
  `${item.kind}:${item.subject.labelDa ?? item.subject.name ?? item.subject.id}`;

/**
 * Knowledge at risk without a scope covers everything: whatever a kommune, product, group or
 * topic scope lists, the unscoped answer lists too, with the same reason and people.
 */
describe('knowledge at risk: no scope is a superset of every scope', () => {
  const t = useTestApi();
  const scopes: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    const em = t.db.orm.em.fork();
    const kommune = await buildKommune(em, { name: 'Hedensted' });
    const person = await buildPerson(em, { name: 'Ene Person' });
    await buildAffiliation(em, person, kommune);
    // A product whose tags nobody claims: its topics rest on the one member of its group.
    const product = await buildProduct(em, { name: 'OS2tagget' });
    const tagOnly = await buildTopic(em, { labelDa: 'Kun et produktmærke' });
    product.topics.add(tagOnly);
    const group = await buildGroup(em, { name: 'Produktets gruppe', product });
    const groupTopic = await buildTopic(em, { labelDa: 'Kun et gruppeemne' });
    group.topics.add(groupTopic);
    await buildMembership(em, group, person, { role: MembershipRole.MEDLEM });
    // A product the kommune runs that nobody in the network knows.
    const unknown = await buildProduct(em, { name: 'OS2ukendt' });
    const unknownTag = await buildTopic(em, { labelDa: 'Emne ingen kender' });
    unknown.topics.add(unknownTag);
    em.persist(
      Object.assign(new ProductAdoption(), {
        kommune,
        product: unknown,
        status: AdoptionStatus.IN_PRODUCTION,
        validFrom: '2021-01-01',
      }),
    );
    // A claim on a topic, and a group that has ended (nothing of it is at risk any more).
    const claimed = await buildTopic(em, { labelDa: 'Kun et krav' });
    em.persist(
      Object.assign(new ExperienceClaim(), {
        person,
        topic: claimed,
        level: ClaimLevel.EXPERT,
        validFrom: '2020-01-01',
      }),
    );
    const ended = await buildGroup(em, {
      name: 'Nedlagt gruppe',
      product,
      validFrom: '2015-01-01',
      validTo: '2018-01-01',
    });
    ended.topics.add(groupTopic);
    await em.flush();
    Object.assign(scopes, {
      kommune: { kommuneId: gid(kommune) },
      product: { productId: gid(product) },
      adopted: { productId: gid(unknown) },
      group: { groupId: gid(group) },
      endedGroup: { groupId: gid(ended) },
      productTag: { topicId: gid(tagOnly) },
      groupTopic: { topicId: gid(groupTopic) },
      unknownTag: { topicId: gid(unknownTag) },
      claimed: { topicId: gid(claimed) },
    });
  });

  it('lists under no scope everything each kind of scope lists', async () => {
    const everything = (await t.api.ok(RISKS, {})).knowledgeAtRisk;
    const unscoped = new Map<string, unknown>(everything.map((item: any) => [key(item), item]));
    const listed: Record<string, string[]> = {};
    for (const [name, scope] of Object.entries(scopes)) {
      const items = (await t.api.ok(RISKS, { scope })).knowledgeAtRisk;
      listed[name] = items.map(key).sort();
      for (const item of items) expect([name, unscoped.get(key(item))]).toEqual([name, item]);
    }
    // Each kind of scope found what it should, so the superset above is not empty talk.
    expect(listed.product).toEqual(
      expect.arrayContaining([
        'BUS_FACTOR_ONE:OS2tagget',
        'BUS_FACTOR_ONE:Produktets gruppe',
        'BUS_FACTOR_ONE:Kun et produktmærke',
        'GROUP_WITHOUT_COORDINATOR:Produktets gruppe',
      ]),
    );
    expect(listed.kommune).toEqual(
      expect.arrayContaining([
        'BUS_FACTOR_ZERO:OS2ukendt',
        'BUS_FACTOR_ONE:Kun et krav',
        'BUS_FACTOR_ONE:Produktets gruppe',
      ]),
    );
    expect(listed.adopted).toEqual(
      expect.arrayContaining(['BUS_FACTOR_ZERO:OS2ukendt', 'BUS_FACTOR_ZERO:Emne ingen kender']),
    );
    expect(listed.group).toEqual(
      expect.arrayContaining([
        'BUS_FACTOR_ONE:Produktets gruppe',
        'BUS_FACTOR_ONE:Kun et gruppeemne',
      ]),
    );
    expect(listed.productTag).toEqual([
      'BUS_FACTOR_ONE:Kun et produktmærke',
      'BUS_FACTOR_ONE:OS2tagget',
    ]);
    expect(listed.groupTopic).toContain('BUS_FACTOR_ONE:Kun et gruppeemne');
    expect(listed.unknownTag).toEqual([
      'BUS_FACTOR_ZERO:Emne ingen kender',
      'BUS_FACTOR_ZERO:OS2ukendt',
    ]);
    expect(listed.claimed).toContain('BUS_FACTOR_ONE:Kun et krav');
    // An ended group is history, not a risk, in its own scope as in no scope.
    expect(listed.endedGroup.filter((k) => k.endsWith('Nedlagt gruppe'))).toEqual([]);
    expect([...unscoped.keys()].filter((k) => k.endsWith('Nedlagt gruppe'))).toEqual([]);
  });
});
