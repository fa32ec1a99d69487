import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useTestApi } from '../../test/support/api';
import { freePort } from '../common/free-port';

const ROOT = path.join(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'import.js');
const SAMPLES = path.join(ROOT, 'seeds', 'import');

/** `npm run import` with `args`, as a user runs it (the compiled CLI), against `databaseUrl`. */
function runImport(databaseUrl: string, ...args: string[]) {
  if (!existsSync(CLI)) throw new Error('Build first: npm run build (npm test does)');
  const child = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** `npm run import`, as a user runs it (the compiled CLI), against this file's test database. */
describe('npm run import', () => {
  /** Files the tests write; removed when they are done. */
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'import-cli-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const t = useTestApi('seeded');

  const run = (...args: string[]) => runImport(t.db.url, ...args);

  const people = async () => {
    const [{ count }] = await t.em.execute(
      `select count(*)::int as count from person where external_id like 'hr-30%'`,
    );
    return count as number;
  };

  it('a dry run reports and writes nothing; exit status 2 says rows were rejected', async () => {
    const result = run('people', path.join(SAMPLES, 'people.broken.csv'), '--dry-run');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(
      /^dry run: nothing was written\. import people from .*people\.broken\.csv: 11 rows/,
    );
    expect(result.stdout).toContain('  created    3\n');
    expect(result.stdout).toContain('  rejected   8\n');
    expect(result.stdout).toContain('    line 3 (hr-3002): name is missing\n');
    expect(await people()).toBe(0);
    // Nor an audit event: the command's dry run leaves no trace.
    const [{ events }] = await t.em.execute(
      `select count(*)::int as events from audit_event where action = 'importPeople'`,
    );
    expect(events).toBe(0);
  });

  it('imports a file, writes every rejection to a file, and a second run finds everything unchanged', async () => {
    const rejected = path.join(scratch, 'rejected.csv');
    const first = run('people', path.join(SAMPLES, 'people.broken.csv'), '--rejected', rejected);
    expect(first.status).toBe(2);
    expect(await people()).toBe(3);
    const lines = readFileSync(rejected, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('line;key;reason');
    expect(lines[1]).toBe('"3";"hr-3002";"name is missing"');
    expect(lines).toHaveLength(9);
    // Its one batch is audited as a mutation of its own, in the command user's name.
    const audited = await t.em.execute(
      `select actor_subject, (select count(*)::int from audit_change c where c.event_id = e.id) as changes
       from audit_event e where action = 'importPeople'`,
    );
    expect(audited).toEqual([
      { actor_subject: `cli:${os.userInfo().username}`, changes: expect.any(Number) },
    ]);
    expect(audited[0].changes).toBeGreaterThan(0);

    const clean = run('requirements', path.join(SAMPLES, 'requirements.sample.csv'));
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain('  created    3\n');
    const again = run('requirements', path.join(SAMPLES, 'requirements.sample.csv'));
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('  unchanged  3\n');
  });

  it('fails with status 1 and the usage for a wrong command or an unreadable file', () => {
    const wrong = run('kommuner', 'x.csv');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('usage: npm run import');
    const format = run('people', path.join(SAMPLES, 'people.sample.csv'), '--format', 'xml');
    expect(format.status).toBe(1);
    const missing = run('people', path.join(SAMPLES, 'nope.csv'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('Cannot read');
  });

  it('refuses a file of the other kind with status 1 and writes nothing', async () => {
    const before = await t.em.execute(`select count(*)::int as n from person`);
    const result = run('people', path.join(SAMPLES, 'requirements.sample.json'));
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^import failed: The file's columns do not fit people: .*\. They fit requirements: import the file as requirements$/,
    );
    expect(await t.em.execute(`select count(*)::int as n from person`)).toEqual(before);
    const other = run('requirements', path.join(SAMPLES, 'people.sample.csv'), '--dry-run');
    expect(other.status).toBe(1);
    expect(other.stderr).toContain('They fit people');
  });
});

describe('npm run import on the embedded PostgreSQL of `npm start`', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'import-cli-data-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('ends with status 2 when rows were rejected, as with DATABASE_URL', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      LOG_LEVEL: 'silent',
    };
    delete env.DATABASE_URL;
    const child = spawnSync(
      process.execPath,
      [CLI, 'people', path.join(SAMPLES, 'people.broken.csv'), '--dry-run'],
      { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 },
    );
    expect(child.stdout).toContain('rejected');
    expect(child.status).toBe(2);
  }, 150_000);
});

describe('npm run import: what it is given', () => {
  const t = useTestApi('seeded');

  const run = (...args: string[]) => runImport(t.db.url, ...args);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'import-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a file that is not UTF-8, and reads it with --encoding windows-1252', async () => {
    const file = path.join(dir, 'ansi.csv');
    // "Søren Ærø" as Windows-1252 bytes, as Danish Excel may save a CSV.
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('externalId;navn;email\nenc-1;S'),
        Buffer.from([0xf8]),
        Buffer.from('ren '),
        Buffer.from([0xc6, 0x72, 0xf8]),
        Buffer.from(';soeren@enc.example\n'),
      ]),
    );
    const refused = run('people', file);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      `${file} is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel), or pass --encoding windows-1252.`,
    );
    const read = run('people', file, '--encoding', 'windows-1252');
    expect(read.stderr).toBe('');
    expect(read.status).toBe(0);
    const [person] = await t.em.execute(`select name from person where external_id = 'enc-1'`);
    expect(person).toEqual({ name: 'Søren Ærø' });
  });

  it('warns of columns it does not know', () => {
    const file = path.join(dir, 'typo.csv');
    writeFileSync(file, 'externalId;navn;Telefn\nenc-2;Tove Tast;12345678\n');
    const result = run('people', file, '--dry-run');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('warning: columns not imported (no such column): Telefn\n');
  });

  it('refuses an unknown option or one without its value with the usage, not a stack', () => {
    const file = path.join(SAMPLES, 'people.sample.csv');
    for (const args of [['--dryrun'], ['--batch-size']]) {
      const result = run('people', file, ...args);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('usage: npm run import');
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
  });
});
