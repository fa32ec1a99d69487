import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import { timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { RequestHandler } from 'express';
import {
  AggregatorRegistry,
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
} from 'prom-client';
import type { Context } from './common/context';

/** Operation names seen beyond this many are counted as `other`, so a client cannot flood labels. */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The pool of knex, the query builder under MikroORM (tarn.js). */
interface Pool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/**
 * What the server does, in Prometheus' text format at `/metrics` (prom-client): GraphQL request
 * durations by operation, errors by code, refusals by status (429 rate limits and budgets, 503
 * busy), the database pool, the search outbox's backlog and lag, and Node's own process metrics.
 * Counted per process. With several processes (`WEB_CONCURRENCY`), whichever worker answers a
 * scrape asks the primary, which adds up every worker's (prom-client's AggregatorRegistry: sums,
 * except the outbox gauges, which each worker reads from the same table), so one scrape of the
 * shared port sees the whole server.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly names = new Set<string>();
  private readonly duration = new Histogram({
    name: 'erfaringsnet_graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL request to sending its answer, by operation.',
    labelNames: ['operation', 'type'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'erfaringsnet_graphql_errors_total',
    help: 'GraphQL errors sent, by extensions.code.',
    labelNames: ['code'],
    registers: [this.registry],
  });
  private readonly refusals = new Counter({
    name: 'erfaringsnet_http_refusals_total',
    help: 'Requests refused before they ran: 429 (rate limits and cost budgets), 503 (busy).',
    labelNames: ['status'],
    registers: [this.registry],
  });

  constructor(orm: MikroORM) {
    collectDefaultMetrics({ register: this.registry, prefix: 'erfaringsnet_' });
    const pool = () =>
      (orm.em.getConnection().getKnex().client as { pool?: Pool }).pool ?? undefined;
    new Gauge({
      name: 'erfaringsnet_db_pool_connections',
      help: 'Database connections of the pool: used, free, and requests waiting for one.',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const current = pool();
        this.set({ state: 'used' }, current?.numUsed() ?? 0);
        this.set({ state: 'free' }, current?.numFree() ?? 0);
        this.set({ state: 'pending' }, current?.numPendingAcquires() ?? 0);
      },
    });
    // Both outbox gauges are collected in the same scrape: they share one reading.
    let reading: Promise<{ backlog: number; lag: number }> | undefined;
    const outbox = () =>
      (reading ??= orm.em
        .fork()
        .getConnection()
        .execute<{ backlog: number; lag: number }[]>(
          `select count(*)::int as backlog,
                  coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as lag
             from search_outbox`,
        )
        .then((rows) => rows[0])
        .finally(() => (reading = undefined)));
    new Gauge({
      name: 'erfaringsnet_search_outbox_backlog',
      help: 'Changes waiting in the outbox for the external search engine.',
      registers: [this.registry],
      aggregator: 'max',
      async collect() {
        this.set((await outbox()).backlog);
      },
    });
    new Gauge({
      name: 'erfaringsnet_search_outbox_lag_seconds',
      help: 'Age of the oldest change waiting in the outbox (0 when none waits).',
      registers: [this.registry],
      aggregator: 'max',
      async collect() {
        this.set((await outbox()).lag);
      },
    });
    if (cluster.isWorker) answerPrimary(this.registry);
  }

  /** Times each operation and counts its errors. */
  plugin(): ApolloServerPlugin<Context> {
    return {
      requestDidStart: async () => {
        const stop = this.duration.startTimer();
        return {
          willSendResponse: async ({ operationName, operation, errors }) => {
            stop({
              operation: this.operationLabel(operationName),
              type: operation?.operation ?? 'none',
            });
            for (const error of errors ?? []) {
              this.errors.inc({ code: String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
            }
          },
        };
      },
    };
  }

  /** Counts the answer if it is a refusal (429 or 503), whichever part of the server refused. */
  countRefusals(res: ServerResponse): void {
    res.once('finish', () => {
      if (res.statusCode === 429 || res.statusCode === 503) {
        this.refusals.inc({ status: String(res.statusCode) });
      }
    });
  }

  /**
   * Serves the metrics: to anyone outside production; in production only with `token` (as
   * `Authorization: Bearer <token>`), and not at all without one.
   */
  handler(options: { production: boolean; token?: string }): RequestHandler {
    return async (req, res) => {
      if (options.production && !options.token) {
        res.status(404).end();
        return;
      }
      if (options.token && !sameSecret(req.headers.authorization, `Bearer ${options.token}`)) {
        res.status(401).set('www-authenticate', 'Bearer').end();
        return;
      }
      const text = cluster.isWorker ? await clusterMetrics() : await this.registry.metrics();
      res.set('content-type', this.registry.contentType).send(text);
    };
  }

  private operationLabel(name: string | null | undefined): string {
    if (!name || !OPERATION_NAME.test(name)) return 'anonymous';
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return 'other';
    this.names.add(name);
    return name;
  }
}

/** Compares a secret in constant time, so that the answer's timing does not spell it out. */
function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The messages between workers and the primary for `/metrics`: a worker asks the primary
 * (`request`), the primary asks every worker that listens for its own (`collect`), adds them up
 * with prom-client's {@link AggregatorRegistry.aggregate} and answers the asking worker.
 */
type MetricsMessage =
  | { type: 'erfaringsnet:metrics:request'; id: number }
  | { type: 'erfaringsnet:metrics:answer'; id: number; text?: string; error?: string }
  | { type: 'erfaringsnet:metrics:collect'; id: number }
  | { type: 'erfaringsnet:metrics:collected'; id: number; metrics: unknown[] };
/** How long a scrape waits for the workers' metrics. */
const COLLECT_TIMEOUT_MS = 10_000;
let nextRequest = 0;

/** In a worker: every worker's metrics, added up by the primary (see {@link serveClusterMetrics}). */
function clusterMetrics(): Promise<string> {
  const id = (nextRequest += 1);
  return new Promise((resolve, reject) => {
    const onMessage = (message: MetricsMessage) => {
      if (message?.type !== 'erfaringsnet:metrics:answer' || message.id !== id) return;
      process.off('message', onMessage);
      clearTimeout(timer);
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message.text ?? '');
    };
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error('the primary did not answer with the metrics'));
    }, COLLECT_TIMEOUT_MS + 1_000);
    process.on('message', onMessage);
    process.send?.({ type: 'erfaringsnet:metrics:request', id } satisfies MetricsMessage);
  });
}

/** In a worker: hands this worker's metrics to the primary when it collects them. */
function answerPrimary(registry: Registry) {
  process.on('message', (message: MetricsMessage) => {
    if (message?.type !== 'erfaringsnet:metrics:collect') return;
    void registry.getMetricsAsJSON().then((metrics) =>
      process.send?.({
        type: 'erfaringsnet:metrics:collected',
        id: message.id,
        metrics,
      } satisfies MetricsMessage),
    );
  });
}

/**
 * In the primary of several processes: answers a worker's request for everyone's metrics with
 * those of every worker that listens (one still starting has none yet), added up.
 */
export function serveClusterMetrics(): void {
  const listening = new Set<Worker>();
  cluster.on('listening', (worker) => listening.add(worker));
  cluster.on('exit', (worker) => listening.delete(worker));
  const pending = new Map<number, { waiting: Set<Worker>; metrics: unknown[][]; done(): void }>();
  let nextCollection = 0;
  cluster.on('message', (worker, message: MetricsMessage) => {
    if (message?.type === 'erfaringsnet:metrics:collected') {
      const collection = pending.get(message.id);
      if (!collection?.waiting.delete(worker)) return;
      collection.metrics.push(message.metrics);
      if (collection.waiting.size === 0) collection.done();
      return;
    }
    if (message?.type !== 'erfaringsnet:metrics:request') return;
    const id = (nextCollection += 1);
    const answer = (reply: { text?: string; error?: string }) => {
      pending.delete(id);
      clearTimeout(timer);
      if (worker.isConnected()) {
        worker.send({ type: 'erfaringsnet:metrics:answer', id: message.id, ...reply });
      }
    };
    const collection = {
      waiting: new Set([...listening].filter((each) => each.isConnected())),
      metrics: [] as unknown[][],
      done: () => {
        const registry = AggregatorRegistry.aggregate(
          collection.metrics as Parameters<typeof AggregatorRegistry.aggregate>[0],
        );
        void Promise.resolve(registry.metrics()).then(
          (text) => answer({ text }),
          (error: Error) => answer({ error: error.message }),
        );
      },
    };
    const timer = setTimeout(
      () => answer({ error: 'a server process did not hand over its metrics in time' }),
      COLLECT_TIMEOUT_MS,
    );
    pending.set(id, collection);
    for (const each of collection.waiting) {
      each.send({ type: 'erfaringsnet:metrics:collect', id } satisfies MetricsMessage);
    }
    if (collection.waiting.size === 0) collection.done();
  });
}
