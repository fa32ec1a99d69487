import { fork } from 'node:child_process';
import path from 'node:path';
import { summarizeProfile } from './profile-summary';

/** The memory of a server process, in bytes. */
export interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** The heap still in use after a full garbage collection: what the server holds on to. */
  heapAfterGc: number;
}

type ToChild = { type: 'memory' } | { type: 'cpu' } | { type: 'stop' };
type FromChild =
  | { type: 'ready'; url: string }
  | { type: 'memory'; memory: Memory }
  | { type: 'cpu'; milliseconds: number };

/** A server under test, running in a process of its own. */
export interface ServerProcess {
  /** Its base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  memory(): Promise<Memory>;
  /** CPU time (user and system) the process has used so far, in milliseconds. */
  cpu(): Promise<number>;
  /** Stops the server and waits for the process to exit. */
  stop(): Promise<void>;
}

/**
 * Forks `modulePath` (a compiled bench server calling {@link serveInChild}) and waits until it
 * listens. Servers run in their own process so the load generator does not share their event loop;
 * BENCH_CPU_PROF=<dir> makes them write a V8 CPU profile there when they stop, and prints where
 * their busy CPU time went (see {@link summarizeProfile}).
 */
export async function startServerProcess(
  modulePath: string,
  env: Record<string, string>,
): Promise<ServerProcess> {
  const profileDir = process.env.BENCH_CPU_PROF;
  const child = fork(modulePath, [], {
    env: { ...process.env, ...env },
    execArgv: [
      '--expose-gc',
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const next = <T extends FromChild['type']>(type: T) =>
    new Promise<Extract<FromChild, { type: T }>>((resolve, reject) => {
      const onMessage = (message: FromChild) => {
        if (message.type !== type) return;
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve(message as Extract<FromChild, { type: T }>);
      };
      const onExit = (code: number | null) => {
        child.off('message', onMessage);
        reject(new Error(`${modulePath} exited with code ${code}`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const send = (message: ToChild) => child.send(message);
  const { url } = await next('ready');
  return {
    url,
    async memory() {
      const reply = next('memory');
      send({ type: 'memory' });
      return (await reply).memory;
    },
    async cpu() {
      const reply = next('cpu');
      send({ type: 'cpu' });
      return (await reply).milliseconds;
    },
    async stop() {
      // Requests whose client hung up (autocannon's last ones) still run; stopping closes the pool.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      send({ type: 'stop' });
      await exited;
      if (profileDir && child.pid) {
        summarizeProfile(profileDir, child.pid, `CPU profile of ${path.basename(modulePath)}`);
      }
    },
  };
}

/**
 * The child's side of {@link startServerProcess}: starts the server, reports its URL, answers
 * memory questions, and stops it and exits when told (or when the parent goes away).
 */
export function serveInChild(
  start: () => Promise<{
    url: string;
    stop(): Promise<void>;
    /** CPU and memory of the processes that serve, when they are more than this one. */
    usage?: { cpu(): number; memory(): Memory };
  }>,
) {
  const send = (message: FromChild) => process.send?.(message);
  start()
    .then((server) => {
      const stop = async () => {
        await server.stop();
        process.exit(0);
      };
      process.on('disconnect', () => void stop());
      process.on('message', (message: ToChild) => {
        if (message.type === 'stop') void stop();
        if (message.type === 'cpu') {
          const { user, system } = process.cpuUsage();
          const milliseconds = server.usage?.cpu() ?? (user + system) / 1000;
          send({ type: 'cpu', milliseconds });
        }
        if (message.type === 'memory' && server.usage) {
          send({ type: 'memory', memory: server.usage.memory() });
        } else if (message.type === 'memory') {
          const { rss, heapUsed, heapTotal } = process.memoryUsage();
          global.gc?.();
          send({
            type: 'memory',
            memory: { rss, heapUsed, heapTotal, heapAfterGc: process.memoryUsage().heapUsed },
          });
        }
      });
      send({ type: 'ready', url: server.url });
    })
    .catch((error) => {
      console.error('bench server failed to start:', error);
      process.exit(1);
    });
}

/** Megabytes, for printing. */
export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** One line describing a process's memory. */
export const describeMemory = (memory: Memory) =>
  `RSS ${mb(memory.rss)}, heap ${mb(memory.heapUsed)} used of ${mb(memory.heapTotal)} (${mb(memory.heapAfterGc)} after a full GC)`;
