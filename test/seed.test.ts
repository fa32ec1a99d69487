import type { EntityManager } from '@mikro-orm/postgresql';
import { toGlobalId } from '../src/common/global-id';
import { ImportFormat } from '../src/modules/imports/import.parse';
import { importContent } from '../src/modules/imports/imports.service';
import { generateNetworkOnce } from '../src/seed/generate';
import { requirementStates, seed } from '../src/seed/seed';
import { useTestApi } from './support/api';
import { applicationTables } from './support/row-counts';

/** Every application table's rows, as one digest per table: any change shows. */
async function contents(t: { em: EntityManager }): Promise<Record<string, string>> {
  const tables = await applicationTables(t.em);
  const columns = tables.map(
    (table) =>
      `(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from "${table}" t) as "${table}"`,
  );
  const [row] = await t.em.execute<Record<string, string>[]>(`select ${columns.join(', ')}`);
  return row;
}

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

  it("shows the project lead's and the kommune's stories: procurements, usages, group history, crowdfunding rounds", async () => {
    const data = await t.api.ok(`{
      procurements(first: 5) { edges { node {
        title procedure winner { name } kommuner { code }
        participants { person { name } }
        requirementUsages { kommune { name } requirement { title } }
      } } }
      koordinationsgruppe: groupBySlug(slug: "os2skoledata-koordinationsgruppe") {
        members { role representingKommune { name } }
        formerMembers { role validTo person { name } }
      }
      kle: productBySlug(slug: "os2kle") { adoptions(period: ALL) { status validFrom validTo kommune { code } } }
      autoproces: productBySlug(slug: "os2autoproces") { adoptions(period: ALL) { status kommune { code } } }
    }`);
    const [procurement] = data.procurements.edges.map((edge: { node: unknown }) => edge.node);
    expect(procurement).toMatchObject({
      title: 'Leverandørvalg til OS2skoledata',
      procedure: 'DIREKTE_TILDELING',
      winner: { name: 'OS2skoledatas leverandør' },
      participants: [{ person: { name: 'Lars Lyngsøe Højberg' } }],
    });
    expect(procurement.kommuner).toHaveLength(6);
    expect(procurement.requirementUsages).toHaveLength(2);
    // The six kommuner of the source document, each represented today.
    const represented = data.koordinationsgruppe.members.map(
      (member: { representingKommune: { name: string } }) => member.representingKommune.name,
    );
    expect([...new Set(represented)].sort()).toEqual(
      ['Herning', 'Ishøj', 'Rebild', 'Ringkøbing-Skjern', 'Vallensbæk', 'Viborg'].sort(),
    );
    expect(
      data.koordinationsgruppe.formerMembers.map((m: { role: string }) => m.role).sort(),
    ).toEqual(['KOORDINATOR', 'MEDLEM']);
    // Two rounds: funding the concept, then the tilslutningsaftale; one kommune stopped after one.
    const rounds = (adoptions: { status: string; kommune: { code: string } }[], code: string) =>
      adoptions.filter((a) => a.kommune.code === code).map((a) => a.status);
    expect(rounds(data.kle.adoptions, '0706')).toEqual(['FUNDING', 'SIGNED', 'IN_PRODUCTION']);
    expect(rounds(data.kle.adoptions, '0710')).toEqual(['FUNDING']);
    expect(rounds(data.autoproces.adoptions, '0840')).toEqual(['FUNDING', 'SIGNED']);
  });

  it('adds a generated network once, for trying the ranking and risks at size', async () => {
    const em = t.db.orm.em.fork();
    expect(await generateNetworkOnce(em, { people: 40, seed: 99 })).toEqual({
      created: true,
      evidence: 400,
    });
    expect(await generateNetworkOnce(em, { people: 40, seed: 99 })).toEqual({
      created: false,
      evidence: 0,
    });
    await expect(generateNetworkOnce(em, { people: 50, seed: 99 })).rejects.toThrow(
      /40 people \(generator seed 99\) is already there/,
    );
    // The demo network's seed ignores the generated rows.
    expect(await seed(t.db.orm.em.fork())).toEqual({ created: 0, updated: 0 });
  });

  it('is idempotent: seeding again creates and changes nothing', async () => {
    const report = await seed(t.db.orm.em.fork());
    expect(report).toEqual({ created: 0, updated: 0 });
  });
});

describe('seeding again after changes', () => {
  const t = useTestApi('seeded');

  /** The uuid of one row, found by SQL. */
  async function idOf(sql: string, params: unknown[] = []): Promise<string> {
    const [row] = await t.em.execute<{ id: string }[]>(sql, params);
    if (!row) throw new Error(`no row for ${sql}`);
    return row.id;
  }

  const person = (key: string) =>
    idOf(`select id from person where external_id = ?`, [`seed:${key}`]);

  it('leaves a departure alone: no reopened seat, no LEFT coordinator', async () => {
    const henrik = await person('henrik-bojsen');
    const jon = await person('jon-badstue-pedersen');
    const seat = await idOf(
      `select m.id from membership m join "group" g on g.id = m.group_id
       where m.person_id = ? and g.slug = 'kravredaktionen'`,
      [henrik],
    );
    await t.api.ok(
      `mutation ($input: RecordDepartureInput!) { recordDeparture(input: $input) { person { status } } }`,
      {
        input: {
          personId: toGlobalId('Person', henrik),
          date: '2025-02-01',
          note: 'Ny stilling',
          handovers: [
            {
              membershipId: toGlobalId('Membership', seat),
              successorId: toGlobalId('Person', jon),
              note: 'Kravarkivet ligger i Jira',
            },
          ],
        },
      },
    );
    const before = await contents(t);
    expect(await seed(t.db.orm.em.fork())).toEqual({ created: 0, updated: 0 });
    expect(await contents(t)).toEqual(before);
    const data = await t.api.ok(`{
      groups(kind: KRAVREDAKTION) { edges { node {
        activeCoordinator { role person { name status } }
      } } }
      people(search: "Henrik Bojsen") { edges { node {
        status affiliations { title } memberships { role }
      } } }
    }`);
    expect(data.groups.edges[0].node.activeCoordinator).toEqual({
      role: 'TOVHOLDER',
      person: { name: 'Jon Badstue Pedersen', status: 'ACTIVE' },
    });
    expect(data.people.edges[0].node).toEqual({
      status: 'LEFT',
      affiliations: [],
      memberships: [],
    });
  });

  it('leaves changed, ended, erased, imported and removed rows as they are', async () => {
    const anders = await person('anders-kollin');
    await t.api.ok(
      `mutation ($id: ID!) { updatePerson(id: $id, input: { bio: "Min egen tekst" }) { id } }`,
      {
        id: toGlobalId('Person', anders),
      },
    );
    await t.api.ok(`mutation ($id: ID!) { erasePerson(personId: $id) { person { id } } }`, {
      id: toGlobalId('Person', await person('rasmus-frey')),
    });
    const adoption = await idOf(`select id from product_adoption where valid_to is null limit 1`);
    await t.api.ok(`mutation ($input: EndInput!) { endProductAdoption(input: $input) { id } }`, {
      input: { id: toGlobalId('ProductAdoption', adoption) },
    });
    const claim = await idOf(`select id from experience_claim where person_id = ? limit 1`, [
      anders,
    ]);
    await t.api.ok(`mutation ($id: ID!) { withdrawExperienceClaim(id: $id) { id } }`, {
      id: toGlobalId('ExperienceClaim', claim),
    });
    const requirement = await idOf(
      `select id from requirement where external_id = 'kravmotor:1001'`,
    );
    await t.api.ok(
      `mutation ($id: ID!) { updateRequirement(id: $id, input: { importance: OPTIONAL }) { id } }`,
      { id: toGlobalId('Requirement', requirement) },
    );
    // An HR export gives a seeded person another title.
    const imported = await importContent(
      t.em,
      'people',
      'externalId;navn;stilling\nseed:charlotte-george;Charlotte George;Digitaliseringschef\n',
      ImportFormat.CSV,
    );
    expect(imported).toMatchObject({ updated: 1, rejected: [] });
    // Removed outright (as a participant or usage can be): not brought back.
    await t.em.execute(`delete from knowledge_item where external_id = (
      select external_id from knowledge_item where external_id like 'seed:%' order by external_id limit 1)`);
    await t.em.execute(`delete from requirement where external_id = 'kravmotor:1002'`);

    const before = await contents(t);
    expect(await seed(t.db.orm.em.fork())).toEqual({ created: 0, updated: 0 });
    expect(await contents(t)).toEqual(before);
    // Nor does the seed's memory of what it wrote learn the erased person's name again.
    const [{ count }] = await t.em.execute<{ count: number }[]>(
      `select count(*)::int as count from seed_record where seeded::text ilike '%Rasmus Frey%'`,
    );
    expect(count).toBe(0);
  });

  it('adds only what is missing, and follows the seed files where nobody changed the row', async () => {
    // A seat and a requirement the seed files have and this database never got (as when the
    // seed files grew since the database was seeded).
    const seat = await idOf(
      `select m.id from membership m join "group" g on g.id = m.group_id
       where g.slug = 'os2kle-koordinationsgruppe' order by m.valid_from limit 1`,
    );
    await t.em.execute(`delete from seed_record where entity_id = ?`, [seat]);
    await t.em.execute(`delete from membership where id = ?`, [seat]);
    await t.em.execute(`delete from seed_record where key = 'CatalogueRequirement:kravmotor:1003'`);
    await t.em.execute(`delete from requirement where external_id = 'kravmotor:1003'`);
    // A title the earlier seed files gave and nobody changed since: it follows the files.
    const lars = await person('lars-lyngsoe-hojberg');
    const [{ title }] = await t.em.execute(`select title from person where id = ?`, [lars]);
    await t.em.execute(`update person set title = 'Tidligere titel' where id = ?`, [lars]);
    await t.em.execute(
      `update seed_record set seeded = jsonb_set(seeded, '{title}', '"Tidligere titel"') where entity_id = ?`,
      [lars],
    );

    // A catalogue requirement the earlier seed files worded otherwise, unchanged since.
    await t.em.execute(
      `update requirement set title = 'Gammel titel' where external_id = 'kravmotor:1004'`,
    );
    const [state] = [...(await requirementStates(t.em, ['kravmotor:1004'])).values()];
    await t.em.execute(
      `update seed_record set seeded = jsonb_build_object('item', 'an older item', 'state', ?::text)
       where key = 'CatalogueRequirement:kravmotor:1004'`,
      [state.state],
    );

    expect(await seed(t.db.orm.em.fork())).toEqual({ created: 2, updated: 2 });
    const [svartid] = await t.em.execute(
      `select title from requirement where external_id = 'kravmotor:1004'`,
    );
    expect(svartid.title).toBe('Svartid ved fejl');
    const [after] = await t.em.execute(`select title from person where id = ?`, [lars]);
    expect(after.title).toBe(title);
    const again = await contents(t);
    expect(await seed(t.db.orm.em.fork())).toEqual({ created: 0, updated: 0 });
    expect(await contents(t)).toEqual(again);
  });
});

describe('seeding a database seeded before the seed remembered what it created', () => {
  const t = useTestApi('seeded');

  it('takes the rows it finds as they are, and remembers them', async () => {
    const [{ id: henrik }] = await t.em.execute(
      `select id from person where external_id = 'seed:henrik-bojsen'`,
    );
    await t.em.execute(`update affiliation set valid_to = '2025-02-01' where person_id = ?`, [
      henrik,
    ]);
    await t.em.execute(`delete from seed_record`);
    const before = await contents(t);
    expect(await seed(t.db.orm.em.fork())).toEqual({ created: 0, updated: 0 });
    const after = await contents(t);
    expect({ ...after, seed_record: '' }).toEqual({ ...before, seed_record: '' });
    const [{ count }] = await t.em.execute(`select count(*)::int as count from seed_record`);
    expect(count).toBeGreaterThan(400);
    expect(await seed(t.db.orm.em.fork())).toEqual({ created: 0, updated: 0 });
    expect(await contents(t)).toEqual(after);
  });
});
