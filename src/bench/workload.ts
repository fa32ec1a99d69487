import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { signLocalToken } from '../auth/tokens';
import { toGlobalId } from '../common/global-id';
import type { ServerProcess } from './child';
import { startServerProcess } from './child';
import type { RequestKind } from './load';
import { graphqlKind, random } from './load';
import type { BenchNetwork, NetworkOptions } from './network';
import { ensureLargeGroup, generatedId, networkOptions, openBenchNetwork } from './network';
import { EXPERTS, GROUP, PROFILE, SEARCH, SEARCH_WORDS, UPDATE_BIO, UPDATE_CLAIM } from './queries';

/**
 * The mixed workload of the load and soak benches, on the generated network (see `network.ts`):
 * 70% expert and general search, 20% profile and group pages (about ten members each, and one of
 * 100), 10% writes (a person's bio, a claim's narrative; each audited, in its own transaction),
 * signed with local tokens for `secret`.
 */
export async function mixedWorkload(
  orm: MikroORM,
  options: NetworkOptions,
  secret: string,
): Promise<RequestKind[]> {
  const largeGroup = await ensureLargeGroup(orm, options.seed, 100);
  const groupRows = (await orm.em
    .getConnection()
    .execute(`select id from "group" where slug like ? order by md5(id::text) limit 500`, [
      `g${options.seed}-g-%`,
    ])) as { id: string }[];
  const groups = [largeGroup, ...groupRows.map((row) => toGlobalId('Group', row.id))];

  const member = await signLocalToken(secret, { role: 'member', subject: 'bench-member' });
  const admin = await signLocalToken(secret, { role: 'admin', subject: 'bench-admin' });
  const draw = random(options.seed + 1);
  const any = <T>(items: readonly T[]) => items[Math.floor(draw() * items.length)];
  const nth = () => 1 + Math.floor(draw() * options.people);
  let edits = 0;
  return [
    graphqlKind('experts', 35, member, () => ({
      query: EXPERTS,
      variables: { q: any(SEARCH_WORDS) },
    })),
    graphqlKind('search', 35, member, () => ({
      query: SEARCH,
      variables: { q: any(SEARCH_WORDS) },
    })),
    graphqlKind('person profile', 10, member, () => ({
      query: PROFILE,
      variables: { id: toGlobalId('Person', generatedId(options.seed, `p${nth()}`)) },
    })),
    graphqlKind('group members', 10, member, () => ({
      query: GROUP,
      variables: { id: any(groups) },
    })),
    graphqlKind('updatePerson', 5, admin, () => ({
      query: UPDATE_BIO,
      variables: {
        id: toGlobalId('Person', generatedId(options.seed, `p${nth()}`)),
        bio: `Arbejder med digitalisering i kommunen (redigeret ${(edits += 1)}).`,
      },
    })),
    graphqlKind('updateExperienceClaim', 5, admin, () => ({
      query: UPDATE_CLAIM,
      variables: {
        id: toGlobalId('ExperienceClaim', generatedId(options.seed, `c0-${nth()}`)),
        narrative: `Har arbejdet med emnet i flere år (bekræftet ${(edits += 1)}).`,
      },
    })),
  ];
}

/**
 * Runs a bench of the mixed workload as a script: opens the generated network, starts the
 * GraphQL server in its own process (see `graphql.server.ts`) with a fresh signing secret, hands
 * both and the workload to `bench`, and stops them whatever happens. A failure exits with 1.
 * BENCH_SERVER_DIST names the `dist` folder of another build whose server is measured instead
 * (an earlier commit's, with its own `node_modules`), so that before and after are measured by the
 * same bench.
 */
export function runWorkloadBench(
  bench: (run: {
    network: BenchNetwork;
    options: NetworkOptions;
    server: ServerProcess;
    kinds: RequestKind[];
    /** Starts another server on the same network and secret, with these settings (the caller stops it). */
    startServer(env: Record<string, string>): Promise<ServerProcess>;
  }) => Promise<void>,
): void {
  const serverDist = process.env.BENCH_SERVER_DIST
    ? path.resolve(process.env.BENCH_SERVER_DIST, 'src/bench')
    : __dirname;
  const main = async () => {
    const options = networkOptions();
    const network = await openBenchNetwork(options);
    try {
      const secret = randomBytes(32).toString('base64url');
      const startServer = (env: Record<string, string>) =>
        startServerProcess(path.join(serverDist, 'graphql.server.js'), {
          DATABASE_URL: network.url,
          AUTH_SECRET: secret,
          ...env,
        });
      // One process, whatever the environment says; load.bench adds a run with several.
      const server = await startServer({ WEB_CONCURRENCY: '1' });
      try {
        const kinds = await mixedWorkload(network.orm, options, secret);
        await bench({ network, options, server, kinds, startServer });
      } finally {
        await server.stop();
      }
    } finally {
      await network.close();
    }
  };
  main().catch((error) => {
    console.error('bench failed:', error);
    process.exit(1);
  });
}
