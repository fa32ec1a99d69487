import { useTestApi } from '../../../test/support/api';
import { buildPerson } from '../../../test/support/factories';
import { allCreated, importSample, sample } from '../../../test/support/imports';
import { allRowCounts } from '../../../test/support/row-counts';
import { ClaimLevel, ExperienceClaim } from '../claims/claims.entity';
import { Topic } from '../topics/topics.entity';
import { ImportFormat } from './import.parse';
import { importContent } from './imports.service';

describe('importing requirements', () => {
  const t = useTestApi('seeded');

  beforeAll(async () => {
    const em = t.db.orm.em.fork();
    // The demo network holds the sample catalogue (seeds/requirements.json) and two uses of it
    // (seeds/network.json); start without them.
    await em.execute(
      `delete from requirement_usage where requirement_id in (select id from requirement where external_id like 'kravmotor:%')`,
    );
    await em.execute(`delete from requirement where external_id like 'kravmotor:%'`);
    await importContent(em, 'people', sample('people.sample.csv'), ImportFormat.CSV);
  });

  it('imports an OS2kravmotor-style JSON export, mapping its type to sharing and keeping it', async () => {
    const report = await importSample(t.em, 'requirements', 'requirements.sample.json');
    expect(report).toEqual(allCreated(10));
    const rows = await t.em.execute(
      `select r.external_id, r.origin, r.sharing, r.importance, r.subcategory, r.tags,
         r.architecture_principles, r.kle_domains, r.relevant_for_saas, r.relevant_for_on_premise,
         k.code as kommune,
         array(select p.name from requirement_authors a join person p on p.id = a.person_id
               where a.requirement_id = r.id order by p.name) as authors
       from requirement r left join kommune k on k.id = r.owning_kommune_id
       where r.external_id in ('kravmotor:1001', 'kravmotor:1006', 'kravmotor:1008', 'kravmotor:1009')
       order by r.external_id`,
    );
    expect(rows).toEqual([
      {
        external_id: 'kravmotor:1001',
        origin: 'GLOBAL',
        sharing: 'SHARED',
        importance: 'ABSOLUTE',
        subcategory: 'Adgangslog',
        tags: ['GDPR', 'Sporbarhed'],
        architecture_principles: ['Sikkerhed og privatliv'],
        kle_domains: ['27.15'],
        relevant_for_saas: true,
        relevant_for_on_premise: true,
        kommune: null,
        authors: ['Mette Eksempel'],
      },
      {
        external_id: 'kravmotor:1006',
        origin: 'GLOBAL',
        sharing: 'SHARED',
        importance: 'HIGH',
        subcategory: 'Underdatabehandlere',
        tags: ['GDPR', 'Cloud'],
        architecture_principles: [],
        kle_domains: [],
        relevant_for_saas: true,
        relevant_for_on_premise: null,
        kommune: null,
        authors: [],
      },
      {
        external_id: 'kravmotor:1008',
        origin: 'LOCAL',
        sharing: 'PROPOSED',
        importance: 'NORMAL',
        subcategory: 'Rettigheder',
        tags: ['Rollekatalog', 'Brugerstyring'],
        architecture_principles: [],
        kle_domains: [],
        relevant_for_saas: true,
        relevant_for_on_premise: true,
        kommune: '0840',
        authors: [],
      },
      {
        external_id: 'kravmotor:1009',
        origin: 'LOCAL',
        sharing: 'LOCAL',
        importance: 'HIGH',
        subcategory: null,
        tags: ['Data', 'Systemskifte'],
        architecture_principles: [],
        kle_domains: [],
        relevant_for_saas: true,
        relevant_for_on_premise: true,
        kommune: '0746',
        authors: [],
      },
    ]);
  });

  it('a second run of the same export changes nothing', async () => {
    const before = await allRowCounts(t.em);
    const again = await importSample(t.em, 'requirements', 'requirements.sample.json');
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 10, rejected: [] });
    expect(await allRowCounts(t.em)).toEqual(before);
  });

  it('imports a Danish Excel CSV; a changed row updates only what it gives, and never shares less', async () => {
    const csv = sample('requirements.sample.csv');
    expect(await importContent(t.em, 'requirements', csv, ImportFormat.CSV)).toMatchObject({
      rows: 3,
      created: 3,
      rejected: [],
    });
    // kravmotor:2003 is now shared in the network; the export still calls it LOCAL.
    await t.em.execute(
      `update requirement set sharing = 'SHARED' where external_id = 'kravmotor:2003'`,
    );
    const changed = csv.replace('Backup og genetablering', 'Backup og gendannelse');
    const report = await importContent(t.em, 'requirements', changed, ImportFormat.CSV);
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    const rows = await t.em.execute(
      `select external_id, title, sharing, relevant_for_on_premise from requirement
       where external_id like 'kravmotor:200%' order by external_id`,
    );
    expect(rows).toEqual([
      {
        external_id: 'kravmotor:2001',
        title: 'Backup og gendannelse',
        sharing: 'SHARED',
        relevant_for_on_premise: true,
      },
      {
        external_id: 'kravmotor:2002',
        title: 'Eksport af data ved ophør',
        sharing: 'SHARED',
        relevant_for_on_premise: false,
      },
      {
        external_id: 'kravmotor:2003',
        title: 'Adgangskodepolitik',
        sharing: 'SHARED',
        relevant_for_on_premise: true,
      },
    ]);
  });

  it('never moves the sharing of a requirement the sharing workflow has moved; raising it is dated and noted', async () => {
    const file = (id: string, type: string) =>
      JSON.stringify([{ id, name: `Delingskrav ${id}`, description: 'T', type }]);
    const sharing = async (id: string) =>
      (
        await t.em.execute(
          `select sharing, sharing_note, sharing_changed_at is not null as dated
           from requirement where external_id = ?`,
          [id],
        )
      )[0];
    await importContent(t.em, 'requirements', file('sh-1', 'TOBESHARED'), ImportFormat.JSON);
    expect(await sharing('sh-1')).toEqual({
      sharing: 'PROPOSED',
      sharing_note: null,
      dated: false,
    });
    // The kravredaktion declines it.
    await t.em.execute(
      `update requirement set sharing = 'LOCAL', sharing_note = 'For lokalt', sharing_changed_at = now()
       where external_id = 'sh-1'`,
    );
    const again = await importContent(
      t.em,
      'requirements',
      file('sh-1', 'TOBESHARED'),
      ImportFormat.JSON,
    );
    expect(again).toMatchObject({ unchanged: 1, updated: 0 });
    expect(await sharing('sh-1')).toEqual({
      sharing: 'LOCAL',
      sharing_note: 'For lokalt',
      dated: true,
    });

    await importContent(t.em, 'requirements', file('sh-2', 'LOCAL'), ImportFormat.JSON);
    const raised = await importContent(
      t.em,
      'requirements',
      file('sh-2', 'COMMUNITY'),
      ImportFormat.JSON,
    );
    expect(raised).toMatchObject({ updated: 1 });
    expect(await sharing('sh-2')).toEqual({
      sharing: 'SHARED',
      sharing_note: 'Importeret som delt (OS2kravmotor-eksport)',
      dated: true,
    });
  });

  it('rejects bad requirement rows with every reason, and matches rows without an id by title and kommune', async () => {
    const content = JSON.stringify([
      { name: 'Krav uden id', description: 'Første udgave.', kommune: '751' },
      { name: '', description: 'Intet navn', importance: 'VIGTIG', domains: ['17.1'] },
      { name: 'Ukendt forfatter', description: 'x', authors: ['nobody@example.dk'] },
      { id: 'kravmotor:1001', name: 'Dublet', description: 'x', type: 'GLOBALT' },
      { id: 'kravmotor:1001', name: 'Dublet', description: 'x' },
      { name: 'krav uden ID', description: 'Anden udgave.', kommune: '0751' },
    ]);
    const report = await importContent(t.em, 'requirements', content, ImportFormat.JSON);
    expect(report.rejected).toEqual([
      {
        line: 2,
        key: null,
        reason:
          'title is missing; kleDomains "17.1" is not a KLE number like 17, 17.01 or 17.01.05; importance "VIGTIG" is not one of OPTIONAL, NORMAL, HIGH, ABSOLUTE',
      },
      { line: 3, key: null, reason: 'authors nobody@example.dk: no person has that e-mail' },
      {
        line: 4,
        key: 'kravmotor:1001',
        reason: 'type "GLOBALT" is not one of GLOBAL, COMMUNITY, LOCAL, TOBESHARED',
      },
      {
        line: 6,
        key: 'krav uden id (0751)',
        reason: 'duplicate key: krav uden id (0751) is already on line 1',
      },
    ]);
    // Item 5 is kravmotor:1001 with a new title and text: an update.
    expect(report).toMatchObject({ created: 1, updated: 1, unchanged: 0 });
  });

  it('imported requirements are found by `search` (tags and subcategory too) and their authors by `experts`', async () => {
    const search = async (q: string) => {
      const data = await t.api.ok(
        `query ($q: String!) { search(query: $q, types: [REQUIREMENT]) { edges { node { node { ... on Requirement { title } } } } } }`,
        { q },
      );
      return data.search.edges.map((e: any) => e.node.node.title);
    };
    expect(await search('webtilgængelighed')).toContain('Webtilgængelighed');
    expect(await search('Sporbarhed')).toContain('Dublet');
    expect(await search('Underdatabehandlere')).toContain('Underdatabehandlere i EU');
    const experts = await t.api.ok(
      `{ experts(query: "single sign-on", first: 5) { edges { node { person { name } } } } }`,
    );
    expect(experts.experts.edges.map((e: any) => e.node.person.name)).toEqual(
      expect.arrayContaining(['Mette Eksempel', 'Jens Prøvesen']),
    );
  });
});

describe('importing requirements: topics', () => {
  const t = useTestApi('seeded');

  const topicsOf = async (externalId: string) =>
    (
      await t.em.execute<{ slug: string }[]>(
        `select tp.slug from requirement r join requirement_topics rt on rt.requirement_id = r.id
         join topic tp on tp.id = rt.topic_id where r.external_id = ? order by tp.slug`,
        [externalId],
      )
    ).map((row) => row.slug);

  it('links topics named in a topics column, and those its category, tags or principles name; an unknown topic rejects the row', async () => {
    const file = (rows: object[]) => JSON.stringify({ requirements: rows });
    const rows = [
      {
        id: 'emne-1',
        name: 'Adgangslog for sagsbehandlere',
        description: 'Løsningen skal logge opslag i sager med bruger og tidspunkt.',
        category: 'Logning',
        tags: ['GDPR', 'Intet emne'],
        type: 'GLOBAL',
      },
      { id: 'emne-2', name: 'Ukendt', description: 'Tekst.', topics: ['sla', 'Ingen sådan'] },
      { id: 'emne-3', name: 'Dataudtræk ved ophør', description: 'Tekst.', topics: ['Migrering'] },
    ];
    const first = await importContent(t.em, 'requirements', file(rows), ImportFormat.JSON);
    expect(first).toMatchObject({ created: 2, rejected: [{ line: 2, key: 'emne-2' }] });
    expect(first.rejected[0].reason).toBe(
      `topics "Ingen sådan" is not a topic's slug, label or alias`,
    );
    expect(await topicsOf('emne-1')).toEqual(['databeskyttelse', 'logning']);
    expect(await topicsOf('emne-3')).toEqual(['migrering']);

    // A topic linked in the network stays; topics found from tags are added, never removed.
    await t.em.execute(
      `insert into requirement_topics (requirement_id, topic_id)
       select r.id, tp.id from requirement r, topic tp where r.external_id = 'emne-1' and tp.slug = 'sla'`,
    );
    const again = await importContent(
      t.em,
      'requirements',
      file([rows[0], rows[2]]),
      ImportFormat.JSON,
    );
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: [] });
    expect(await topicsOf('emne-1')).toEqual(['databeskyttelse', 'logning', 'sla']);

    // A topics column replaces the requirement's topics.
    const moved = await importContent(
      t.em,
      'requirements',
      file([{ ...rows[2], topics: ['SLA og serviceniveau'] }]),
      ImportFormat.JSON,
    );
    expect(moved).toMatchObject({ updated: 1 });
    expect(await topicsOf('emne-3')).toEqual(['sla']);
  });

  it('lets the people who know an imported requirement’s topic be found as the ones to ask', async () => {
    await importContent(
      t.em,
      'requirements',
      JSON.stringify([
        {
          id: 'emne-4',
          name: 'Svartid',
          description: 'Svartid under 2 sekunder.',
          category: 'SLA',
        },
      ]),
      ImportFormat.JSON,
    );
    const expert = await buildPerson(t.em, { name: 'Sanne Serviceniveau' });
    const sla = await t.em.findOneOrFail(Topic, { slug: 'sla' });
    await t.em.persistAndFlush(
      Object.assign(new ExperienceClaim(), {
        person: expert,
        topic: sla,
        level: ClaimLevel.EXPERT,
      }),
    );
    const data = await t.api.ok(
      `{ requirements(first: 1, search: "Svartid") { edges { node { title peopleToAsk(first: 3) { person { name } } } } } }`,
    );
    const [edge] = data.requirements.edges;
    expect(edge.node.title).toBe('Svartid');
    expect(edge.node.peopleToAsk.map((hit: any) => hit.person.name)).toContain(
      'Sanne Serviceniveau',
    );
  });
});
