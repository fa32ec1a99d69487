import { useTestApi } from '../../../test/support/api';
import { buildPerson } from '../../../test/support/factories';
import { allCreated, cli, importSample, sample } from '../../../test/support/imports';
import { allRowCounts } from '../../../test/support/row-counts';
import { ImportFormat } from './import.parse';
import { importContent } from './imports.service';

describe('importing people', () => {
  const t = useTestApi('seeded');

  it('imports an OS2sofd-style CSV: people, employments, seats; a second run changes nothing', async () => {
    const content = sample('people.sample.csv');
    const first = await importContent(t.em, 'people', content, ImportFormat.CSV, cli);
    expect(first).toEqual(allCreated(8));
    const [ole] = await t.em.execute(
      `select p.title, array_agg(k.code || ' ' || a.valid_from::text || ' ' || coalesce(a.valid_to::text, '-') order by a.valid_from) as employments
       from person p join affiliation a on a.person_id = p.id join kommune k on k.id = a.kommune_id
       where p.external_id = 'sofd-1004' group by p.title`,
    );
    expect(ole).toEqual({
      title: 'Digitaliseringschef',
      employments: ['0710 2015-04-01 2021-07-01', '0706 2021-07-01 -'],
    });
    const seats = await t.em.execute(
      `select p.name, g.slug, m.role, m.valid_from::text, rk.code as representing
       from membership m join person p on p.id = m.person_id join "group" g on g.id = m.group_id
       left join kommune rk on rk.id = m.representing_kommune_id
       where p.external_id like 'sofd-%' order by p.name`,
    );
    expect(seats).toEqual([
      {
        name: 'Jens Prøvesen',
        slug: 'os2skoledata-koordinationsgruppe',
        role: 'TOVHOLDER',
        valid_from: '2023-05-01',
        representing: '0840',
      },
      {
        name: 'Karen Demo',
        slug: 'os2skoledata-koordinationsgruppe',
        role: 'MEDLEM',
        valid_from: '2023-04-24',
        representing: '0657',
      },
      {
        name: 'Lone Eksempelsen',
        slug: 'kravredaktionen',
        role: 'SEKRETAER',
        valid_from: '2022-03-01',
        representing: null,
      },
      {
        name: 'Mette Eksempel',
        slug: 'kravredaktionen',
        role: 'MEDLEM',
        valid_from: '2022-01-01',
        representing: '0751',
      },
      {
        name: 'Ole Opdigtet',
        slug: '3k',
        role: 'FORMAND',
        valid_from: '2021-09-01',
        representing: '0706',
      },
      {
        name: 'Peter Prøve',
        slug: 'digit',
        role: 'MEDLEM',
        valid_from: '2020-01-01',
        representing: '0791',
      },
    ]);

    const before = await allRowCounts(t.em);
    const second = await importContent(t.em, 'people', content, ImportFormat.CSV, cli);
    expect(second).toMatchObject({ rows: 8, created: 0, updated: 0, unchanged: 8, rejected: [] });
    // Nothing written: no row anywhere, the audit included.
    expect(await allRowCounts(t.em)).toEqual(before);
  });

  it('audits each batch that writes, when run outside a mutation', async () => {
    const [{ events }] = await t.em.execute(
      `select count(*)::int as events from audit_event where action = 'importPeople'`,
    );
    // The first import of the test above wrote one batch; the second wrote nothing.
    expect(events).toBe(1);
    const [{ changes }] = await t.em.execute(
      `select count(*)::int as changes from audit_change c join audit_event e on e.id = c.event_id
       where e.action = 'importPeople' and c.table_name = 'person'`,
    );
    expect(changes).toBe(7);
  });

  it('updates what changed, and only the fields a row gives', async () => {
    const content = [
      'externalId;name;email;title;kommune;unit;startDate;endDate',
      'sofd-1003;Anne Fiktivsen;anne.fiktivsen@skanderborg-kommune.example;Programleder;746;;2020-01-15;2024-01-01',
    ].join('\n');
    const report = await importContent(t.em, 'people', content, ImportFormat.CSV);
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 0, rejected: [] });
    const [anne] = await t.em.execute(
      `select p.title, p.phone, a.unit, a.title as employment_title, a.valid_to::text
       from person p join affiliation a on a.person_id = p.id where p.external_id = 'sofd-1003'`,
    );
    expect(anne).toEqual({
      title: 'Programleder',
      phone: null,
      unit: 'Digitalisering og IT',
      employment_title: 'Programleder',
      valid_to: '2024-01-01',
    });
  });

  it('imports nested JSON: several employments and seats per person', async () => {
    const report = await importSample(t.em, 'people', 'people.sample.json');
    expect(report).toMatchObject({ rows: 3, created: 3, rejected: [] });
    const [bo] = await t.em.execute(
      `select count(*)::int as employments from affiliation a join person p on p.id = a.person_id
       where p.external_id = 'hr-2001'`,
    );
    expect(bo.employments).toBe(2);
    const again = await importSample(t.em, 'people', 'people.sample.json');
    expect(again).toMatchObject({ unchanged: 3, created: 0, updated: 0 });
  });

  it('rejects exactly the bad rows of a broken file, with line and reason, and imports the good ones', async () => {
    const before = await allRowCounts(t.em);
    const report = await importSample(t.em, 'people', 'people.broken.csv');
    expect(report).toMatchObject({ rows: 11, created: 3, updated: 0, unchanged: 0 });
    expect(report.rejected).toEqual([
      { line: 3, key: 'hr-3002', reason: 'name is missing' },
      { line: 4, key: 'hr-3003', reason: 'kommune "999" is not a known kommune code' },
      {
        line: 5,
        key: 'hr-3004',
        reason: 'validFrom "2021-02-30" is not a date (use YYYY-MM-DD)',
      },
      {
        line: 6,
        key: 'hr-3005',
        reason: 'employment ends (2021-01-01) before it starts (2022-01-01)',
      },
      {
        line: 8,
        key: 'hr-3001',
        reason: 'duplicate key: hr-3001 is already on line 2 for another person',
      },
      {
        line: 9,
        key: 'hr-3007',
        reason: 'email "bent(at)odense-kommune.example" is not an e-mail address',
      },
      {
        line: 10,
        key: 'hr-3008',
        reason: 'group "ukendt-gruppe" is not a known group (slug or name)',
      },
      {
        line: 12,
        key: 'hr-3010',
        reason: expect.stringMatching(/^role "kaptajn" is not one of FORMAND, TOVHOLDER/),
      },
    ]);
    const after = await allRowCounts(t.em);
    expect(after.person - before.person).toBe(3);
    expect(after.affiliation - before.affiliation).toBe(3);
    expect(after.membership - before.membership).toBe(2);
  });

  it('a row the database refuses is rejected alone; the rest of its batch lands', async () => {
    const content = [
      'externalId,name,email,kommune,startDate,endDate',
      'db-1,Dora Dobbelt,dora@db.example,101,2020-01-01,',
      'db-2,Dan Gyldig,dan@db.example,101,2020-01-01,',
      // Another employment with the same kommune that overlaps the first: the exclusion
      // constraint refuses it.
      'db-1,Dora Dobbelt,dora@db.example,101,2021-01-01,',
      'db-3,Dea Gyldig,dea@db.example,101,2020-01-01,',
    ].join('\n');
    const report = await importContent(t.em, 'people', content, ImportFormat.CSV, {
      batchSize: 10,
    });
    expect(report).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    expect(report.rejected).toEqual([
      {
        line: 4,
        key: 'db-1',
        reason: 'The person already has an affiliation with this employer in that period',
      },
    ]);
    const names = await t.em.execute<{ name: string }[]>(
      `select name from person where external_id like 'db-%' order by name`,
    );
    expect(names.map((row) => row.name)).toEqual(['Dan Gyldig', 'Dea Gyldig', 'Dora Dobbelt']);
  });

  it('a dry run reports the same and writes nothing', async () => {
    const content = sample('people.broken.csv').replace(/hr-30/g, 'dry-30').replace(/@/g, '.dry@');
    const before = await allRowCounts(t.em);
    const dry = await importContent(t.em, 'people', content, ImportFormat.CSV, {
      ...cli,
      dryRun: true,
    });
    expect(await allRowCounts(t.em)).toEqual(before);
    const real = await importContent(t.em, 'people', content, ImportFormat.CSV);
    expect({ ...dry, dryRun: false }).toEqual(real);
    expect(dry).toMatchObject({ created: 3, dryRun: true });
  });

  it('imported people are found by `search` and, through their seats, by `experts`', async () => {
    const found = await t.api.ok(
      `{ search(query: "Fiktivsen", types: [PERSON]) { edges { node { node { ... on Person { name } } } } } }`,
    );
    expect(found.search.edges.map((e: any) => e.node.node.name)).toContain('Anne Fiktivsen');
    const experts = await t.api.ok(
      `{ experts(query: "skoledata", first: 20) { edges { node { person { name } } } } }`,
    );
    const names = experts.experts.edges.map((e: any) => e.node.person.name);
    expect(names).toEqual(expect.arrayContaining(['Jens Prøvesen', 'Karen Demo']));
  });
});

describe('importing people: one person over several rows and batches', () => {
  const t = useTestApi('seeded');

  it('decides a person’s fields once per key, so rows in different batches agree and a second run writes nothing', async () => {
    const content = sample('people.sample.csv');
    const first = await importContent(t.em, 'people', content, ImportFormat.CSV, {
      ...cli,
      batchSize: 1,
    });
    expect(first).toMatchObject({ created: 8, updated: 0, rejected: [] });
    const title = async () =>
      (await t.em.execute(`select title from person where external_id = 'sofd-1004'`))[0].title;
    // The title of the current employment, not of the ended one on the later row.
    expect(await title()).toBe('Digitaliseringschef');
    const before = await allRowCounts(t.em);
    const second = await importContent(t.em, 'people', content, ImportFormat.CSV, {
      ...cli,
      batchSize: 1,
    });
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 8, rejected: [] });
    expect(await allRowCounts(t.em)).toEqual(before);
    expect(await title()).toBe('Digitaliseringschef');
  });

  it('takes the title of the current employment whichever row comes first, else the latest', async () => {
    const content = [
      'externalId;name;title;kommune;startDate;endDate',
      'ti-1;Tea Titel;Gammel;101;2010-01-01;2015-01-01',
      'ti-1;Tea Titel;Nuværende;147;2015-01-01;',
      'ti-2;Tor Titel;Ældst;101;2005-01-01;2008-01-01',
      'ti-2;Tor Titel;Senest;147;2008-01-01;2012-01-01',
    ].join('\n');
    const report = await importContent(t.em, 'people', content, ImportFormat.CSV);
    expect(report).toMatchObject({ created: 4, rejected: [] });
    const titles = await t.em.execute(
      `select external_id, title from person where external_id like 'ti-%' order by external_id`,
    );
    expect(titles).toEqual([
      { external_id: 'ti-1', title: 'Nuværende' },
      { external_id: 'ti-2', title: 'Senest' },
    ]);
  });

  it('rejects a row whose phone differs from an earlier row for the same person, naming both lines', async () => {
    const content = [
      'externalId;name;phone;kommune;startDate',
      'ph-1;Pia Telefon;11111111;101;2020-01-01',
      'ph-1;Pia Telefon;22222222;147;2020-01-01',
    ].join('\n');
    const report = await importContent(t.em, 'people', content, ImportFormat.CSV);
    expect(report).toMatchObject({ created: 1 });
    expect(report.rejected).toEqual([
      {
        line: 3,
        key: 'ph-1',
        reason: 'phone "22222222" conflicts with "11111111" on line 2 for the same person',
      },
    ]);
  });

  it('rejects a row whose key finds a person another key of the file already found, instead of flip-flopping', async () => {
    await buildPerson(t.em, { name: 'Ib A', externalId: 'rv8-1', email: 'Ib.Rv8@Example.dk' });
    const content = ['externalId,name,email', 'rv8-1,Ib A,', ',Ib B,ib.rv8@example.dk'].join('\n');
    for (let run = 0; run < 2; run++) {
      const report = await importContent(t.em, 'people', content, ImportFormat.CSV);
      expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
      expect(report.rejected).toEqual([
        {
          line: 3,
          key: 'ib.rv8@example.dk',
          reason: 'ib.rv8@example.dk finds the same stored person as rv8-1 on line 2',
        },
      ]);
    }
    const [ib] = await t.em.execute(`select name, email from person where external_id = 'rv8-1'`);
    // The e-mail matched without regard to case, and was left as stored.
    expect(ib).toEqual({ name: 'Ib A', email: 'Ib.Rv8@Example.dk' });
  });

  it('a row without a role leaves a stored role alone; a new seat without one is MEDLEM', async () => {
    const seat = (role: string) =>
      [
        'externalId;name;group;role;groupStart',
        `ro-1;Rolf Rolle;kravredaktionen;${role};2022-01-01`,
        `ro-2;Rita Rolle;kravredaktionen;;2022-01-01`,
      ].join('\n');
    await importContent(t.em, 'people', seat('Tovholder'), ImportFormat.CSV);
    const report = await importContent(t.em, 'people', seat(''), ImportFormat.CSV);
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: [] });
    const roles = await t.em.execute(
      `select p.external_id, m.role from membership m join person p on p.id = m.person_id
       where p.external_id like 'ro-%' order by p.external_id`,
    );
    expect(roles).toEqual([
      { external_id: 'ro-1', role: 'TOVHOLDER' },
      { external_id: 'ro-2', role: 'MEDLEM' },
    ]);
  });
});
