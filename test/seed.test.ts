import { seed } from '../src/seed/seed';
import { useTestApi } from './support/api';

describe('the seeded demo network', () => {
  const t = useTestApi('seeded');

  it('holds the 98 kommuner, the OS2 products and the topic taxonomy', async () => {
    const data = await t.api.ok(`{
      kommuner { totalCount }
      nord: kommuner(region: "Region Nordjylland") { totalCount }
      products { totalCount }
      topics { totalCount }
      kravmotor: productBySlug(slug: "os2kravmotor") { name topics { slug } }
      mfa: topics(search: "to-faktor") { edges { node { slug } } }
    }`);
    expect(data.kommuner.totalCount).toBe(98);
    expect(data.nord.totalCount).toBe(11);
    expect(data.products.totalCount).toBe(37);
    expect(data.topics.totalCount).toBeGreaterThanOrEqual(60);
    expect(data.kravmotor.topics.length).toBeGreaterThan(0);
    expect(data.mfa.edges.map((edge: { node: { slug: string } }) => edge.node.slug)).toContain(
      'mfa',
    );
  });

  it('holds the people and groups of the source documents, with their roles', async () => {
    const data = await t.api.ok(`{
      people(search: "Henrik Bojsen") { edges { node {
        name
        affiliations { kommune { name } }
        memberships { role group { kind product { slug } } }
        claims { topic { slug } }
      } } }
      syddjurs: kommuneByCode(code: "0706") { people { totalCount } }
      networks: groups(kind: NETVAERK) { edges { node { name } } }
    }`);
    const henrik = data.people.edges[0].node;
    expect(henrik.affiliations).toEqual([{ kommune: { name: 'Syddjurs' } }]);
    expect(henrik.memberships).toEqual(
      expect.arrayContaining([
        { role: 'TOVHOLDER', group: { kind: 'KRAVREDAKTION', product: { slug: 'os2kravmotor' } } },
      ]),
    );
    expect(henrik.claims.map((claim: { topic: { slug: string } }) => claim.topic.slug)).toContain(
      'leverandoerstyring',
    );
    expect(data.syddjurs.people.totalCount).toBeGreaterThanOrEqual(2);
    const networks = data.networks.edges
      .map((edge: { node: { name: string } }) => edge.node.name)
      .join(' ');
    expect(networks).toMatch(/3K/);
    expect(networks).toMatch(/DIGIT/);
  });

  it('holds a catalogue of requirements that finds its near-duplicates and the people to ask', async () => {
    const data = await t.api.ok(`{
      requirements { totalCount }
      similarRequirements(
        text: "Systemet skal logge al adgang til personoplysninger med bruger og tidspunkt"
        first: 3
      ) {
        requirement {
          title
          owningKommune { name }
          topics { slug }
          peopleToAsk(first: 3) { person { name } evidence { reason } }
        }
      }
    }`);
    expect(data.requirements.totalCount).toBe(11);
    const hits = data.similarRequirements.map(
      (hit: { requirement: { title: string } }) => hit.requirement.title,
    );
    expect(hits.slice(0, 2).sort()).toEqual([
      'Log over opslag i personoplysninger',
      'Logning af brugeradgang',
    ]);
    const [first] = data.similarRequirements;
    expect(first.requirement.topics.map((topic: { slug: string }) => topic.slug)).toEqual(
      expect.arrayContaining(['logning', 'databeskyttelse', 'nonfunktionelle-krav']),
    );
    // The kravredaktion's seats (its topics include non-functional requirements).
    expect(
      first.requirement.peopleToAsk.map((hit: { person: { name: string } }) => hit.person.name),
    ).toContain('Henrik Bojsen');
  });

  it('is idempotent: seeding again creates and changes nothing', async () => {
    const report = await seed(t.db.orm.em.fork());
    expect(report).toEqual({ created: 0, updated: 0 });
  });
});
