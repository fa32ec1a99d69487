import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { signLocalToken } from '../auth/tokens';
import { freePort } from '../common/free-port';
import { describeLatency } from './load';

/**
 * `npm run bench:abuse`: the server as `npm start` runs it (defaults for every limit, the demo
 * network on a fresh embedded PostgreSQL) under an anonymous flood from one address, while a
 * member at another address asks a cheap question and a monitor polls `/readyz`. Two floods, each
 * BENCH_DURATION seconds (20) with BENCH_CONNECTIONS (10):
 * - aliases: 15 aliases of `similarRequirements` over a 20,000-character text (refused by cost);
 * - expensive: one such comparison per request (allowed, then out of the anonymous budget).
 * Prints how fast the flood is answered and by what, and the cheap query's and `/readyz`'s
 * latency; the goal is refusals in milliseconds and p99 under 100 ms for the others.
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROOT = path.resolve(__dirname, '..', '..', '..');
const TEXT = 'Leverandøren skal logge alle opslag i personoplysninger med bruger og tid. '.repeat(
  270,
);

function floodBody(aliases: number): string {
  const fields = Array.from(
    { length: aliases },
    (_, i) => `s${i}: similarRequirements(text: $text, minSimilarity: 0) { score }`,
  );
  return JSON.stringify({
    query: `query Flood($text: String) { ${fields.join(' ')} }`,
    variables: { text: TEXT },
  });
}

async function startServer(dataDir: string) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'index.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      EMBEDDED_PG_PORT: String(await freePort()),
      // The bench plays callers at several addresses through the loopback proxy header.
      TRUST_PROXY: 'loopback',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 600; tries += 1) {
    if (child.exitCode !== null) throw new Error('the server exited');
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, url };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the server did not become ready');
}

/** Polls a cheap query (as a member, at its own address) and `/readyz` until stopped. */
function probe(url: string, token: string) {
  const cheap: number[] = [];
  const ready: number[] = [];
  let failures = 0;
  let running = true;
  const timed = async (into: number[], request: () => Promise<Response>) => {
    const started = performance.now();
    const response = await request().catch(() => undefined);
    into.push(performance.now() - started);
    if (!response?.ok) failures += 1;
    await response?.arrayBuffer();
  };
  const loop = (async () => {
    while (running) {
      await timed(cheap, () =>
        fetch(`${url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            'x-forwarded-for': '10.0.0.2',
          },
          body: JSON.stringify({ query: '{ kommuneByCode(code: "0751") { name } }' }),
        }),
      );
      await timed(ready, () => fetch(`${url}/readyz`));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { cheap, ready, failures };
    },
  };
}

async function flood(url: string, name: string, body: string, token: string, address: string) {
  const statuses = new Map<number, number>();
  const latencies: number[] = [];
  const watch = probe(url, token);
  const result = await autocannon({
    url: `${url}/graphql`,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body,
        setupRequest: (request, context) => {
          context.sentAt = performance.now();
          return request;
        },
        onResponse: (status, _body, context) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          latencies.push(performance.now() - (context.sentAt as number));
        },
      },
    ],
  });
  const probed = await watch.stop();
  const answered = [...statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${count} × HTTP ${status}`)
    .join(', ');
  console.log(`${name}: ${CONNECTIONS} connections for ${DURATION} s, anonymous, from ${address}`);
  console.log(`  flood answered: ${answered || 'nothing'} (${result.errors} connection errors)`);
  console.log(`  flood latency ${describeLatency(latencies)}`);
  console.log(`  member's cheap query ${describeLatency(probed.cheap)} (${probed.cheap.length})`);
  console.log(`  /readyz ${describeLatency(probed.ready)} (${probed.ready.length})`);
  console.log(`  probe failures ${probed.failures}`);
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'erfaringsnet-abuse-'));
  const server = await startServer(dataDir);
  try {
    const secret = readFileSync(path.join(dataDir, 'auth-secret'), 'utf8').trim();
    const token = await signLocalToken(secret, { role: 'member' });
    // Each flood from an address of its own, so the second is not refused for the first.
    const aliases = 'aliases (15 × a 20,000-character comparison)';
    await flood(server.url, aliases, floodBody(15), token, '10.0.0.1');
    const expensive = 'expensive (1 comparison per request)';
    await flood(server.url, expensive, floodBody(1), token, '10.0.0.3');
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error('bench:abuse failed:', error);
  process.exit(1);
});
