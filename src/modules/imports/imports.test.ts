import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useTestApi } from '../../../test/support/api';
import { buildPerson } from '../../../test/support/factories';
import { ClaimLevel, ExperienceClaim } from '../claims/claims.entity';
import { Topic } from '../topics/topics.entity';
import { applicationTables, rowCounts } from '../../../test/support/row-counts';
import { ImportFormat, parseRecords } from './import.parse';
import { parseDate } from './import.fields';
import type { Importer, ImportRow } from './import.runner';
import { databaseFailure, runImport } from './import.runner';
import { columnMismatch, importContent } from './imports.service';

const SAMPLES = path.join(__dirname, '../../../seeds/import');
const sample = (name: string) => readFileSync(path.join(SAMPLES, name), 'utf8');

/** As the CLI runs an import: outside a mutation, each batch that writes opens an audit event. */
const cli = { audit: { action: 'importPeople', identity: null, args: { file: 'test' } } };

describe('reading import files', () => {
  it('reads `;` and `,` CSV with a byte order mark, quoted cells over several lines, and line numbers', () => {
    const records = parseRecords(
      '\uFEFFNavn;E-mail\n"Anna\nAndersen";a@x.dk\n\nBo;b@x.dk\nCarl',
      ImportFormat.CSV,
    );
    expect(records.map((r) => [r.line, r.fields.navn, r.problem ?? null])).toEqual([
      [2, 'Anna\nAndersen', null],
      [5, 'Bo', null],
      [6, 'Carl', 'the row has 1 cells where the header has 2'],
    ]);
    expect(parseRecords('Name,Email\nA,a@x.dk\n', ImportFormat.CSV)[0].fields).toEqual({
      name: 'A',
      email: 'a@x.dk',
    });
  });

  it('reads a JSON list, or the list an object holds, numbering items from 1', () => {
    expect(parseRecords('[{"Name": "A"}]', ImportFormat.JSON)).toEqual([
      { line: 1, fields: { name: 'A' }, names: { name: 'Name' } },
    ]);
    const wrapped = parseRecords('{"people": [{"name": "A"}, 3]}', ImportFormat.JSON);
    expect(wrapped[1]).toEqual({ line: 2, fields: {}, problem: 'the item is not an object' });
    expect(() => parseRecords('{"a": 1}', ImportFormat.JSON)).toThrow(/list of objects/);
    expect(() => parseRecords('[{', ImportFormat.JSON)).toThrow(/cannot be read/);
  });

  it('reads the list named after what is imported, else the only one; several others are refused', () => {
    const wrapped = '{"errors": [], "Medarbejdere": [{"name": "A"}], "meta": {"n": 1}}';
    expect(parseRecords(wrapped, ImportFormat.JSON, 'people').map((r) => r.fields)).toEqual([
      { name: 'A' },
    ]);
    expect(
      parseRecords('{"krav": [{"name": "K"}], "errors": []}', ImportFormat.JSON, 'requirements'),
    ).toHaveLength(1);
    expect(parseRecords('{"data": [{"name": "A"}]}', ImportFormat.JSON, 'people')).toHaveLength(1);
    expect(() => parseRecords('{"errors": [], "data": [{}]}', ImportFormat.JSON, 'people')).toThrow(
      'The JSON object holds several lists (errors, data): name the one to import people or persons or employees or medarbejdere, or give the list alone',
    );
  });

  it('finds the header after blank lines, so its `;` is not taken for `,`', () => {
    const records = parseRecords('\n\nNavn;E-mail\nAnna, A;a@x.dk\n', ImportFormat.CSV);
    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [4, { navn: 'Anna, A', email: 'a@x.dk' }],
    ]);
  });

  it('rejects a row with a stray quote by its line, and reads the rest of the file', () => {
    const records = parseRecords(
      'navn;email\nAnna;a@x.dk\nBo "B";b@x.dk\n"Carl\nC";c@x.dk\nDan;d@x.dk\n',
      ImportFormat.CSV,
    );
    expect(records.map((r) => [r.line, r.fields.navn ?? null, r.problem ?? null])).toEqual([
      [2, 'Anna', null],
      [
        3,
        null,
        'the row cannot be read: Invalid Opening Quote: a quote is found on field "navn", value is "Bo "',
      ],
      [4, 'Carl\nC', null],
      [6, 'Dan', null],
    ]);
  });

  it('reads ISO and Danish dates, and refuses impossible ones', () => {
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    expect(parseDate('01-03-2019')).toBe('2019-03-01');
    expect(parseDate('1.6.2020')).toBe('2020-06-01');
    expect(parseDate('2023-02-29')).toBeUndefined();
    expect(parseDate('0000-01-01')).toBeUndefined();
    expect(parseDate('2024/01/01')).toBeUndefined();
  });
});

describe('files of the wrong kind', () => {
  const csv = (content: string) => parseRecords(content, ImportFormat.CSV);

  it('are told apart by their columns, naming them and the kind that fits', () => {
    expect(
      columnMismatch(
        'people',
        parseRecords(sample('requirements.sample.json'), ImportFormat.JSON, 'people'),
      ),
    ).toMatch(
      /^The file's columns do not fit people: \d+ of its \d+ columns are unknown to people; description, rationale, .* are requirements columns\. They fit requirements: import the file as requirements$/,
    );
    expect(columnMismatch('people', csv(sample('requirements.sample.csv')))).toMatch(
      /do not fit people: .*beskrivelse.* They fit requirements/,
    );
    expect(columnMismatch('requirements', csv(sample('people.sample.csv')))).toMatch(
      /do not fit requirements: .*E-mail.*\. They fit people: import the file as people$/,
    );
    expect(
      columnMismatch(
        'requirements',
        parseRecords(sample('people.sample.json'), ImportFormat.JSON, 'requirements'),
      ),
    ).toMatch(/They fit people/);
  });

  it('lack a required column, or hold mostly columns this kind does not know', () => {
    expect(columnMismatch('people', csv('externalId;email;kommune\nx-1;a@x.dk;751\n'))).toBe(
      "The file's columns do not fit people: the column name (or navn, fullName, fuldtNavn) is missing. See docs/import-formats.md for the columns of people",
    );
    expect(columnMismatch('requirements', csv('id;beskrivelse\nk-1;Skal logge\n'))).toMatch(
      /the column title \(or name, navn, titel, overskrift\) is missing/,
    );
    // The kommuner's reference list: "navn" is a known column, the rest are not.
    expect(
      columnMismatch('people', csv('kode;navn;region;regionskode\n0751;Aarhus;Midt;1082\n')),
    ).toMatch(/3 of its 4 columns are unknown to people \(kode, region, regionskode\)/);
  });

  it('while the samples, a misspelt column or an empty file still fit', () => {
    expect(columnMismatch('people', csv(sample('people.sample.csv')))).toBeUndefined();
    expect(columnMismatch('people', csv(sample('people.broken.csv')))).toBeUndefined();
    expect(columnMismatch('requirements', csv(sample('requirements.sample.csv')))).toBeUndefined();
    expect(
      columnMismatch(
        'requirements',
        parseRecords(sample('requirements.sample.json'), ImportFormat.JSON, 'requirements'),
      ),
    ).toBeUndefined();
    expect(
      columnMismatch('people', csv('externalId;navn;Telefn\nenc-2;Tove Tast;1\n')),
    ).toBeUndefined();
    expect(columnMismatch('people', csv('navn\n'))).toBeUndefined();
  });
});

describe('importing people', () => {
  const t = useTestApi('seeded');

  async function counts() {
    return rowCounts(t.em, await applicationTables(t.em));
  }

  it('imports an OS2sofd-style CSV: people, employments, seats; a second run changes nothing', async () => {
    const content = sample('people.sample.csv');
    const first = await importContent(t.em, 'people', content, ImportFormat.CSV, cli);
    expect(first).toEqual({
      rows: 8,
      created: 8,
      updated: 0,
      unchanged: 0,
      rejected: [],
      skipped: [],
      dryRun: false,
      ignoredColumns: [],
    });
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

    const before = await counts();
    const second = await importContent(t.em, 'people', content, ImportFormat.CSV, cli);
    expect(second).toMatchObject({ rows: 8, created: 0, updated: 0, unchanged: 8, rejected: [] });
    // Nothing written: no row anywhere, the audit included.
    expect(await counts()).toEqual(before);
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
    const report = await importContent(
      t.em,
      'people',
      sample('people.sample.json'),
      ImportFormat.JSON,
    );
    expect(report).toMatchObject({ rows: 3, created: 3, rejected: [] });
    const [bo] = await t.em.execute(
      `select count(*)::int as employments from affiliation a join person p on p.id = a.person_id
       where p.external_id = 'hr-2001'`,
    );
    expect(bo.employments).toBe(2);
    const again = await importContent(
      t.em,
      'people',
      sample('people.sample.json'),
      ImportFormat.JSON,
    );
    expect(again).toMatchObject({ unchanged: 3, created: 0, updated: 0 });
  });

  it('rejects exactly the bad rows of a broken file, with line and reason, and imports the good ones', async () => {
    const before = await counts();
    const report = await importContent(
      t.em,
      'people',
      sample('people.broken.csv'),
      ImportFormat.CSV,
    );
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
    const after = await counts();
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
    const before = await counts();
    const dry = await importContent(t.em, 'people', content, ImportFormat.CSV, {
      ...cli,
      dryRun: true,
    });
    expect(await counts()).toEqual(before);
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
    const report = await importContent(
      t.em,
      'requirements',
      sample('requirements.sample.json'),
      ImportFormat.JSON,
    );
    expect(report).toEqual({
      rows: 10,
      created: 10,
      updated: 0,
      unchanged: 0,
      rejected: [],
      skipped: [],
      dryRun: false,
      ignoredColumns: [],
    });
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
    const before = await rowCounts(t.em, await applicationTables(t.em));
    const again = await importContent(
      t.em,
      'requirements',
      sample('requirements.sample.json'),
      ImportFormat.JSON,
    );
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 10, rejected: [] });
    expect(await rowCounts(t.em, await applicationTables(t.em))).toEqual(before);
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

describe('the import mutations', () => {
  const t = useTestApi('seeded');
  const IMPORT_PEOPLE = `mutation ($content: String!, $dryRun: Boolean) {
    importPeople(content: $content, format: CSV, dryRun: $dryRun) {
      rows created updated unchanged dryRun rejected { line key reason }
    }
  }`;

  it('let an admin import a file, dry run first, and keep a digest of the file in the audit', async () => {
    const content = sample('people.broken.csv');
    const dry = await t.api.ok(IMPORT_PEOPLE, { content, dryRun: true });
    expect(dry.importPeople).toMatchObject({ rows: 11, created: 3, dryRun: true });
    const [{ people }] = await t.em.execute(
      `select count(*)::int as people from person where external_id like 'hr-30%'`,
    );
    expect(people).toBe(0);
    // The dry run wrote no data, but the call itself is audited, as every mutation is.
    const [dryEvent] = await t.em.execute(
      `select (select count(*)::int from audit_change c where c.event_id = e.id) as changes
       from audit_event e where e.action = 'importPeople' and e.arguments ->> 'dryRun' = 'true'`,
    );
    expect(dryEvent).toEqual({ changes: 0 });

    const done = await t.api.ok(IMPORT_PEOPLE, { content });
    expect(done.importPeople).toEqual({ ...dry.importPeople, dryRun: false });
    expect(done.importPeople.rejected.map((r: { line: number }) => r.line)).toEqual([
      3, 4, 5, 6, 8, 9, 10, 12,
    ]);
    const [event] = await t.em.execute(
      `select e.arguments, (select count(*)::int from audit_change c where c.event_id = e.id) as changes
       from audit_event e where e.action = 'importPeople' and e.arguments ->> 'dryRun' = 'false'`,
    );
    expect(event.arguments.content).toMatch(/^\[file: \d+ characters, sha256 [0-9a-f]{64}\]$/);
    // Three people, three employments, two seats.
    expect(event.changes).toBe(8);

    const again = await t.api.ok(IMPORT_PEOPLE, { content });
    expect(again.importPeople).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it('refuse everyone but admins, and a file that cannot be read', async () => {
    const member = await t.api
      .as({ subject: 'member', role: 'member' })
      .fail(IMPORT_PEOPLE, { content: sample('people.sample.csv') });
    expect(member.extensions?.code).toBe('FORBIDDEN');
    const editor = await t.api
      .as({ subject: 'editor', role: 'editor', kommuneCode: '0751' })
      .fail(
        `mutation ($content: String!) { importRequirements(content: $content, format: JSON) { created } }`,
        { content: sample('requirements.sample.json') },
      );
    expect(editor.extensions?.code).toBe('FORBIDDEN');
    const broken = await t.api.fail(
      `mutation { importRequirements(content: "[{", format: JSON) { created } }`,
    );
    expect(broken.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content' });
  });
  it('refuse a file of the other kind before writing anything, naming the field and why', async () => {
    const before = await rowCounts(t.em, await applicationTables(t.em));
    const people = await t.api.fail(IMPORT_PEOPLE, { content: sample('requirements.sample.csv') });
    expect(people.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content' });
    expect(people.message).toMatch(/do not fit people: .* They fit requirements/);
    const requirements = await t.api.fail(
      `mutation ($content: String!) { importRequirements(content: $content, format: JSON) { created } }`,
      { content: sample('people.sample.json') },
    );
    expect(requirements.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content' });
    expect(requirements.message).toMatch(/do not fit requirements: .* They fit people/);
    const after = await rowCounts(t.em, await applicationTables(t.em));
    // Only the refused calls' own audit events may differ: they are rolled back as well.
    expect(after).toEqual(before);
  });
});

describe('importing people: one person over several rows and batches', () => {
  const t = useTestApi('seeded');

  async function counts() {
    return rowCounts(t.em, await applicationTables(t.em));
  }

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
    const before = await counts();
    const second = await importContent(t.em, 'people', content, ImportFormat.CSV, {
      ...cli,
      batchSize: 1,
    });
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 8, rejected: [] });
    expect(await counts()).toEqual(before);
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

describe('import faults', () => {
  const t = useTestApi('seeded');

  it('rejects a list item with a character that cannot be stored, and imports the rest', async () => {
    const content =
      '[{"id":"nul-a","name":"God","description":"T"},{"id":"nul-b","name":"Dårlig","description":"T","tags":["a\\u0000b"]}]';
    const report = await importContent(t.em, 'requirements', content, ImportFormat.JSON);
    expect(report).toMatchObject({ created: 1 });
    expect(report.rejected).toEqual([
      { line: 2, key: 'nul-b', reason: 'tags holds characters that cannot be stored' },
    ]);
  });

  it('a value the database cannot store (SQLSTATE class 22) rejects its row only', async () => {
    // An importer whose write hands PostgreSQL a NUL inside jsonb for the row keyed `bad`.
    const importer: Importer<ImportRow> = {
      prepare: async (_em, records) => ({
        rows: records.map((r) => ({ line: r.line, key: String(r.fields.key) })),
        rejected: [],
      }),
      async write(em, rows) {
        await em.execute(`select ?::jsonb`, [
          JSON.stringify(rows.map((row) => (row.key === 'bad' ? 'x\u0000' : row.key))),
        ]);
        return new Map(rows.map((row) => [row, 'created' as const]));
      },
    };
    const records = ['good', 'bad', 'fine'].map((key, index) => ({
      line: index + 2,
      fields: { key },
    }));
    const report = await runImport(t.em, importer, records);
    expect(report).toMatchObject({ created: 2 });
    expect(report.rejected).toEqual([
      {
        line: 3,
        key: 'bad',
        reason: 'the database cannot store a value of this row (SQLSTATE 22P05)',
      },
    ]);
  });

  it('tells a database error without its statement, which holds the file’s rows', async () => {
    const error = await t.em.execute(`select ?::uuid`, ['secret-row-data']).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String((error as Error).message)).toContain('select');
    const message = databaseFailure(error);
    expect(message).toMatch(/^the database refused a statement \(SQLSTATE 22P02\)/);
    expect(message).not.toContain('select');
    expect(databaseFailure(new Error('not the database'))).toBeUndefined();
  });

  it('a rerun whose only write is a refused row leaves no audit event', async () => {
    const content = [
      'externalId,name,email,kommune,startDate,endDate',
      'au-1,Aud Dobbelt,aud@au.example,101,2020-01-01,',
      'au-1,Aud Dobbelt,aud@au.example,101,2021-01-01,',
    ].join('\n');
    const events = async () =>
      (
        await t.em.execute(
          `select count(*)::int as n from audit_event where action = 'importPeople'`,
        )
      )[0].n as number;
    const first = await importContent(t.em, 'people', content, ImportFormat.CSV, cli);
    expect(first).toMatchObject({ created: 1, rejected: [{ line: 3 }] });
    const before = await events();
    const second = await importContent(t.em, 'people', content, ImportFormat.CSV, cli);
    expect(second).toMatchObject({ unchanged: 1, rejected: [{ line: 3 }] });
    expect(await events()).toBe(before);
  });

  it('audits the rows of a batch retried row by row even when the first row to write is refused', async () => {
    const row = (key: string, start: string) => `${key},Ab ${key},${key}@ab.example,101,${start}`;
    const header = 'externalId,name,email,kommune,startDate';
    await importContent(
      t.em,
      'people',
      [header, row('ab-1', '2020-01-01')].join('\n'),
      ImportFormat.CSV,
      cli,
    );
    // ab-1's new employment overlaps its stored one: refused after it began to write.
    const content = [header, row('ab-1', '2021-01-01'), row('ab-2', '2020-01-01')].join('\n');
    const report = await importContent(t.em, 'people', content, ImportFormat.CSV, cli);
    expect(report).toMatchObject({ created: 1, rejected: [{ line: 2 }] });
    const [change] = await t.em.execute(
      `select e.action from audit_change c join audit_event e on e.id = c.event_id
       join person p on p.id::text = c.row_id::text
       where c.table_name = 'person' and p.external_id = 'ab-2'`,
    );
    expect(change).toEqual({ action: 'importPeople' });
  });

  it('reports the columns no import column is called, as the file spells them', async () => {
    const csv = 'externalId;Navn;E-mial;Telefon\nic-1;Ida Kolonne;ida@ic.example;123\n';
    const report = await importContent(t.em, 'people', csv, ImportFormat.CSV);
    expect(report).toMatchObject({ created: 1, ignoredColumns: ['E-mial'] });
    const json = JSON.stringify([
      {
        id: 'ic-2',
        name: 'Ib Kolonne',
        affiliations: [{ kommune: '101', titel: 'X', stillingg: 'Y' }],
      },
    ]);
    const nested = await importContent(t.em, 'people', json, ImportFormat.JSON);
    expect(nested).toMatchObject({ created: 1, ignoredColumns: ['stillingg'] });
  });

  it('rejects an employment or seat that ended without a start date, naming the columns', async () => {
    const content = [
      'externalId;name;kommune;endDate;group;groupEnd',
      'nd-1;Nora Slut;101;2020-01-01;;',
      'nd-2;Nils Slut;;;kravredaktionen;2020-01-01',
      'nd-3;Nina Senere;101;2999-01-01;;',
    ].join('\n');
    const report = await importContent(t.em, 'people', content, ImportFormat.CSV);
    expect(report).toMatchObject({ created: 1 });
    expect(report.rejected).toEqual([
      {
        line: 2,
        key: 'nd-1',
        reason:
          'employment has ended (validTo 2020-01-01) but validFrom (startdato) is missing: give the date it started',
      },
      {
        line: 3,
        key: 'nd-2',
        reason:
          'group seat has ended (group end 2020-01-01) but group start (startdato) is missing: give the date it started',
      },
    ]);
  });
});
