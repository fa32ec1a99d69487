import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/common/free-port';
import { ensureReachableByPostgresUser } from '../src/db/embedded';
import { ENTRY, ROOT, startServer, stopServer, type Server } from './support/server-process';

/**
 * The server and the commands on one embedded PostgreSQL, as a user runs them: a command beside a
 * running server, a second server, a server killed without a chance to stop its database, and a
 * server whose npm is killed. No PostgreSQL may be left running, and none may be stopped under a
 * server that still uses it.
 */
const SEED_CLI = path.join(ROOT, 'dist', 'src', 'cli', 'seed.js');
const TOKEN_CLI = path.join(ROOT, 'dist', 'src', 'cli', 'token.js');

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(condition: () => boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The postmaster's pid, from the cluster's own lock file. */
const postmasterPid = (dataDir: string) =>
  Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);

/**
 * The kommuner the server counts, asked on a connection of its own (`agent: false`): the test
 * blocks in spawnSync for seconds at a time, past the server's keep-alive timeout, and fetch's
 * pool would reuse a socket of an earlier request (the readiness check's) that the server closed
 * meanwhile, before the close is seen ("other side closed").
 */
async function kommuneCount(server: Server): Promise<number> {
  const body = JSON.stringify({ query: '{ kommuner(first: 1) { totalCount } }' });
  const text = await new Promise<string>((resolve, reject) => {
    const request = http.request(
      `${server.url}/graphql`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (response) => {
        let data = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (data += chunk));
        response.on('end', () => resolve(data));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
  return (JSON.parse(text) as { data: { kommuner: { totalCount: number } } }).data.kommuner
    .totalCount;
}

describe('the server and the commands on one embedded PostgreSQL', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error('Build first: npm run build (npm test does)');
    // A private folder (mode 700, as /root is): PostgreSQL runs as another OS user when root.
    const privateDir = mkdtempSync(path.join(os.tmpdir(), 'erfaringsnet-private-'));
    chmodSync(privateDir, 0o700);
    dataDir = path.join(privateDir, 'data');
    env = {
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      DATABASE_URL: '',
      SEED_ON_START: 'false',
    };
  });

  afterAll(() => rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  it('lets a command use the cluster a running server runs, and refuses a second server', async () => {
    // A token before the first start writes the signing secret into DATA_DIR: the cluster
    // still finds a folder of its own to initialise.
    const token = spawnSync(process.execPath, [TOKEN_CLI, '--role', 'member'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(token.status).toBe(0);
    const server = await startServer(env);
    try {
      const seed = spawnSync(process.execPath, [SEED_CLI], {
        cwd: ROOT,
        env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
        encoding: 'utf8',
      });
      expect(seed.stderr).toBe('');
      expect(seed.status).toBe(0);
      expect(seed.stdout).toMatch(/^seed: \d+ created, 0 updated$/m);
      // The command left the server's database running, with what it wrote.
      expect(await kommuneCount(server)).toBe(98);

      const second = spawnSync(process.execPath, [ENTRY], {
        cwd: ROOT,
        env: { ...process.env, ...env, PORT: String(await freePort()), LOG_LEVEL: 'warn' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(second.status).toBe(1);
      expect(second.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/already in use by process \d+ .*stop it first, or set DATA_DIR/),
      ]);
      expect(await kommuneCount(server)).toBe(98);
    } finally {
      expect(await stopServer(server)).toBe(0);
    }
  }, 180_000);

  it('takes over the PostgreSQL of a server that was killed, and stops it when done', async () => {
    const killed = await startServer(env);
    const postmaster = postmasterPid(dataDir);
    killed.process.kill('SIGKILL');
    await until(
      () => killed.process.exitCode !== null || killed.process.signalCode !== null,
      'killed',
    );
    expect(isAlive(postmaster)).toBe(true);

    const server = await startServer(env);
    expect(server.output()).toContain('took over an embedded PostgreSQL');
    expect(await kommuneCount(server)).toBe(98);
    expect(await stopServer(server)).toBe(0);
    await until(() => !isAlive(postmaster), 'the orphaned PostgreSQL stopped');
  }, 180_000);

  it('exits with a clear message when its PostgreSQL dies, and starts again on the same data', async () => {
    const server = await startServer(env);
    const exited = new Promise<number | null>((resolve) =>
      server.process.once('exit', (code) => resolve(code)),
    );
    process.kill(postmasterPid(dataDir), 'SIGKILL');
    expect(await exited).toBe(1);
    expect(server.output()).toContain('the embedded PostgreSQL stopped unexpectedly');

    const again = await startServer(env);
    expect(await kommuneCount(again)).toBe(98);
    expect(await stopServer(again)).toBe(0);
  }, 180_000);

  it('stops the server and its PostgreSQL when the npm that started it is killed', async () => {
    // `npm start` runs the server as its child (the start script execs node); a shell that
    // starts it and waits stands in for npm here, with npm's marker in the environment.
    const port = await freePort();
    const npm = spawn('sh', ['-c', `"${process.execPath}" "${ENTRY}" & wait`], {
      cwd: ROOT,
      env: { ...process.env, ...env, PORT: String(port), npm_lifecycle_event: 'start' },
      stdio: 'ignore',
    });
    await until(() => existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')), 'started');
    const postmaster = postmasterPid(dataDir);
    await until(() => {
      const owner = path.join(dataDir, 'postgres', 'erfaringsnet.pid');
      return existsSync(owner) && Number(readFileSync(owner, 'utf8')) > 0;
    }, 'the server owns the cluster');
    const server = Number(readFileSync(path.join(dataDir, 'postgres', 'erfaringsnet.pid'), 'utf8'));

    npm.kill('SIGKILL');
    await until(() => !isAlive(server), 'the server stopped');
    await until(() => !isAlive(postmaster), 'its PostgreSQL stopped');
  }, 180_000);
});

describe('PostgreSQL run as its own OS user by root', () => {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const runs = asRoot && spawnSync('id', ['postgres']).status === 0 ? it : it.skip;

  runs('can reach files in a private folder (its binaries in node_modules, its data)', async () => {
    const privateDir = mkdtempSync(path.join(os.tmpdir(), 'erfaringsnet-private-'));
    try {
      chmodSync(privateDir, 0o700);
      const binaries = path.join(privateDir, 'project', 'node_modules', 'bin');
      mkdirSync(binaries, { recursive: true });
      const file = path.join(binaries, 'postgres');
      spawnSync('touch', [file]);
      const canRead = () =>
        spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-r', file]).status === 0;
      expect(canRead()).toBe(false);
      await ensureReachableByPostgresUser([file]);
      expect(canRead()).toBe(true);
    } finally {
      rmSync(privateDir, { recursive: true, force: true });
    }
  });
});
