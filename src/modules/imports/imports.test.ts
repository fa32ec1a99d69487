import { useTestApi } from '../../../test/support/api';
import { cli, sample } from '../../../test/support/imports';
import { allRowCounts } from '../../../test/support/row-counts';
import { ImportFormat, parseRecords } from './import.parse';
import { parseDate } from './import.fields';
import type { Importer, ImportRow } from './import.runner';
import { databaseFailure, runImport } from './import.runner';
import { columnMismatch, importContent } from './imports.service';

/** What people and requirements imports share: reading files, the mutations, and faults. */
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
    const before = await allRowCounts(t.em);
    const people = await t.api.fail(IMPORT_PEOPLE, { content: sample('requirements.sample.csv') });
    expect(people.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content' });
    expect(people.message).toMatch(/do not fit people: .* They fit requirements/);
    const requirements = await t.api.fail(
      `mutation ($content: String!) { importRequirements(content: $content, format: JSON) { created } }`,
      { content: sample('people.sample.json') },
    );
    expect(requirements.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content' });
    expect(requirements.message).toMatch(/do not fit requirements: .* They fit people/);
    const after = await allRowCounts(t.em);
    // Only the refused calls' own audit events may differ: they are rolled back as well.
    expect(after).toEqual(before);
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

  it('reports every row of a file of 200,000 that are all rejected', async () => {
    // A spread of that many rejections into the report overflowed the stack (a RangeError).
    const importer: Importer<ImportRow> = {
      prepare: async (_em, records) => ({
        rows: [],
        rejected: records.map((r) => ({ line: r.line, key: String(r.line), reason: 'no name' })),
      }),
      write: async () => new Map(),
    };
    const records = Array.from({ length: 200_000 }, (_, index) => ({
      line: index + 2,
      fields: {},
    }));
    const report = await runImport(t.em, importer, records);
    expect(report.rejected).toHaveLength(200_000);
    expect(report.rejected[199_999]).toEqual({ line: 200_001, key: '200001', reason: 'no name' });
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
