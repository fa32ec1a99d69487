import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { RequestSpec, Result } from 'autocannon';
import { percentile } from './queries';

/** The HTTP request a kind sends. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One kind of request in a workload: how often it is sent and what it sends. */
export interface RequestKind {
  name: string;
  /** Relative weight: a kind with weight 2 is sent twice as often as one with weight 1. */
  weight: number;
  /** The request, drawn afresh each time. */
  next(): HttpRequest;
}

/** A GraphQL operation (POST /graphql) sent with a bearer token. */
export function graphqlKind(
  name: string,
  weight: number,
  token: string,
  operation: () => { query: string; variables: Record<string, unknown> },
): RequestKind {
  return {
    name,
    weight,
    next: () => ({
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(operation()),
    }),
  };
}

/** What happened to the requests of one kind. */
export interface KindTally {
  requests: number;
  /** Non-2xx answers, and 2xx answers whose body holds GraphQL `errors` or no `data`. */
  errors: number;
  /** Milliseconds from sending the request to its whole response. */
  latencies: number[];
}

export interface LoadResult {
  autocannon: Result;
  kinds: Map<string, KindTally>;
  /** The first few error answers, for the report. */
  errorSamples: string[];
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so runs send the same mix. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Whether an answer is a success: HTTP 200 with `data` and without `errors`. */
function succeeded(status: number, body: string): boolean {
  if (status !== 200) return false;
  try {
    const parsed = JSON.parse(body) as { data?: unknown; errors?: unknown };
    return parsed.errors === undefined && parsed.data != null;
  } catch {
    return false;
  }
}

/**
 * Sends a weighted mix of requests to `url` with autocannon, and checks every answer's body (a
 * GraphQL answer, or the floor's, which has the same shape): autocannon itself only sees status
 * codes, and GraphQL reports most failures in a 200 answer. Latency per kind is timed from autocannon's `setupRequest` (called as the
 * request is written) to its `onResponse`.
 */
export async function runLoad(options: {
  url: string;
  kinds: RequestKind[];
  connections: number;
  duration: number;
  seed: number;
}): Promise<LoadResult> {
  const draw = random(options.seed);
  const totalWeight = options.kinds.reduce((sum, kind) => sum + kind.weight, 0);
  const pick = () => {
    let left = draw() * totalWeight;
    for (const kind of options.kinds) {
      left -= kind.weight;
      if (left < 0) return kind;
    }
    return options.kinds[options.kinds.length - 1];
  };
  const kinds = new Map<string, KindTally>(
    options.kinds.map((kind) => [kind.name, { requests: 0, errors: 0, latencies: [] }]),
  );
  const errorSamples: string[] = [];
  const request: RequestSpec = {
    setupRequest(req, context) {
      const kind = pick();
      const next = kind.next();
      context.kind = kind.name;
      context.sentAt = performance.now();
      return { ...req, ...next, headers: { ...req.headers, ...next.headers } };
    },
    onResponse(status, body, context) {
      const tally = kinds.get(context.kind as string) as KindTally;
      tally.requests += 1;
      tally.latencies.push(performance.now() - (context.sentAt as number));
      if (!succeeded(status, body)) {
        tally.errors += 1;
        if (errorSamples.length < 5) {
          errorSamples.push(`${context.kind as string}: HTTP ${status} ${body.slice(0, 300)}`);
        }
      }
    },
  };
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    requests: [request],
  });
  return { autocannon: result, kinds, errorSamples };
}

/** `p50 … ms, p95 … ms, p99 … ms` of some latencies. */
export function describeLatency(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  return [50, 95, 99].map((p) => `p${p} ${(percentile(sorted, p) ?? 0).toFixed(1)} ms`).join(', ');
}
