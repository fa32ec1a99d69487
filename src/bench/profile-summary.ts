import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What a V8 CPU profile (`--cpu-prof`) holds, as far as it is read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a server's CPU time goes, by the code a sample was taken in (its own time, not callees'). */
const CATEGORIES: [name: string, test: (url: string, fn: string) => boolean][] = [
  ['garbage collection', (_url, fn) => fn === '(garbage collector)'],
  [
    'GraphQL: Apollo, graphql-js/jit, type-graphql, cost and limits',
    (url) =>
      /node_modules\/(@apollo|graphql|graphql-jit|type-graphql|graphql-query-complexity|graphql-scalars|class-validator|@escape\.tech)\//.test(
        url,
      ),
  ],
  [
    'SQL client: MikroORM, knex, pg, dataloader',
    (url) =>
      /node_modules\/(@mikro-orm|knex|pg|pg-protocol|pg-types|postgres-date|postgres-array|tarn|dataloader)\//.test(
        url,
      ),
  ],
  ['the API’s own code (resolvers, services, row mapping)', (url) => url.includes('/dist/src/')],
  [
    'HTTP: Node’s http, net and streams, Express, body parsing',
    (url) =>
      /^node:(_http|http|net|stream|internal\/(streams|http|url|net))/.test(url) ||
      /node_modules\/(express|router|body-parser|raw-body|negotiator|@as-integrations|send|finalhandler|type-is|accepts|content-type|on-finished|iconv-lite)\//.test(
        url,
      ),
  ],
  ['Node’s runtime: promises, timers, events, modules', (url) => url.startsWith('node:')],
  ['native: socket writes, JSON, string conversion, microtasks', (url) => url === ''],
  ['other libraries', () => true],
];

/**
 * Prints how the busy CPU time in the newest profile of process `pid` in `dir` splits up by
 * {@link CATEGORIES}: the measurement from which the next step is chosen.
 */
export function summarizeProfile(dir: string, pid: number, label: string): void {
  const file = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile') && name.includes(`.${pid}.`))
    .sort()
    .at(-1);
  if (!file) return;
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const totals = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id);
    if (!frame || frame.functionName === '(idle)' || frame.functionName === '(program)') return;
    const [name] = CATEGORIES.find(([, test]) => test(frame.url, frame.functionName)) ?? ['?'];
    totals.set(name, (totals.get(name) ?? 0) + profile.timeDeltas[i]);
    busy += profile.timeDeltas[i];
  });
  console.log(`  ${label}: busy CPU ${(busy / 1e6).toFixed(1)} s (profile ${file}):`);
  for (const [name, micros] of [...totals].sort((a, b) => b[1] - a[1])) {
    console.log(`    ${((100 * micros) / busy).toFixed(1).padStart(5)}%  ${name}`);
  }
}
