import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import cluster from 'node:cluster';
import { startApp } from '../app';
import { startCluster } from '../cluster';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import type { Memory } from './child';
import { serveInChild } from './child';

/**
 * The GraphQL server as production runs it (`startApp`: migrations, search engine, token checks,
 * Apollo on Express), in a process of its own for the benches: DATABASE_URL and AUTH_SECRET come
 * from the bench, the rate limit is off, and only warnings and errors are logged. With
 * WEB_CONCURRENCY over 1 this process is the node:cluster primary (src/cluster.ts) and its
 * workers serve; the CPU and memory reported are then theirs and its own, added up.
 */
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: '0',
  RATE_LIMIT_PER_MINUTE: '0',
  SEED_ON_START: 'false',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
});

if (cluster.isWorker) {
  // A worker of the primary below: it serves, and stops when the primary tells it to.
  void startApp(config, createLogger(config.logLevel)).then((app) => {
    const stop = () => void app.stop().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('disconnect', stop);
  });
} else {
  serveInChild(async () => {
    // Without it the server would start an embedded PostgreSQL of its own in ./.data.
    if (!process.env.DATABASE_URL) throw new Error('graphql.server needs DATABASE_URL');
    const logger = createLogger(config.logLevel);
    if (config.webConcurrency <= 1) {
      const app = await startApp(config, logger);
      return { url: app.server.url, stop: () => app.stop() };
    }
    const running = await startCluster(config, logger);
    // Every worker listens, so that the load does not fall on the first alone.
    const port = await running.listening;
    const all = () => [process.pid, ...running.workerPids()];
    return {
      url: `http://127.0.0.1:${port}`,
      stop: () => running.stop(),
      usage: {
        cpu: () => all().reduce((sum, pid) => sum + cpuMs(pid), 0),
        memory: () => {
          const rss = all().reduce((sum, pid) => sum + rssBytes(pid), 0);
          return { rss, heapUsed: 0, heapTotal: 0, heapAfterGc: 0 } satisfies Memory;
        },
      },
    };
  });
}

/** CPU time (user and system) of a process, in milliseconds, from /proc (Linux). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (in parentheses): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** Resident memory of a process, in bytes, from /proc (Linux). */
function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}
