import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small HTTP stand-in for Meilisearch, for fault injection: it answers the endpoints the engine
 * uses with the response shapes Meilisearch documents (summarized tasks with 202, task objects
 * that go enqueued → processing → succeeded or failed, error objects with message, code, type and
 * link), applies tasks one at a time in the order they were enqueued, and lets a test make it
 * fail: a task that fails with an error object, 5xx answers, slow tasks, or no answer at all.
 * It is not a search engine: search matches words by substring, enough to see documents and
 * filters. The contract suite runs only against a real server (`MEILI_HOST`).
 */
export class MeiliStandIn {
  readonly indexes = new Map<string, StandInIndex>();
  readonly tasks: StandInTask[] = [];
  /** Every request, as `METHOD /path`. */
  readonly requests: string[] = [];
  /** While true, connections are dropped unanswered (the server seems unreachable). */
  down = false;
  /** How long a task stays `processing`, by task type (default: at once). */
  processingMs: Partial<Record<TaskType, number>> = {};
  private readonly refusedDocuments = new Map<string, ErrorObject>();
  private failures: { type: TaskType; indexUid?: string; error: ErrorObject }[] = [];
  private serverErrors = 0;
  private server: Server | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly timers = new Set<NodeJS.Timeout>();

  /** Starts listening on a free port; `host` is then the URL to give the client. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get host(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Stops listening; tasks still processing never finish. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** The next task of this type (on this index) fails with the given error. */
  failNextTask(type: TaskType, error: Partial<ErrorObject> & { code: string }, indexUid?: string) {
    this.failures.push({
      type,
      indexUid,
      error: {
        message: error.message ?? `Injected failure: ${error.code}`,
        code: error.code,
        type: error.type ?? 'invalid_request',
        link: `https://docs.meilisearch.com/errors#${error.code}`,
      },
    });
  }

  /** Every task adding this document fails, as Meilisearch fails a batch holding a bad document. */
  refuseDocument(id: string, code = 'invalid_document_fields') {
    this.refusedDocuments.set(id, errorObject(code, `Document \`${id}\` was refused.`));
  }

  /** The next `count` requests are answered 503 with an internal error object. */
  failNextRequests(count: number) {
    this.serverErrors = count;
  }

  /** Resolves when every task enqueued so far has finished. */
  async settled(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.queue;
      await seen;
    } while (seen !== this.queue);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://standin');
    const path = url.pathname.replace(/\/+$/, '');
    this.requests.push(`${req.method} ${path}`);
    const reply = (status: number, value?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(value === undefined ? '' : JSON.stringify(value));
    };
    if (this.serverErrors > 0) {
      this.serverErrors -= 1;
      return reply(503, errorObject('internal', 'Injected: service unavailable', 'internal'));
    }
    const parts = path.split('/').filter(Boolean);
    const method = req.method ?? 'GET';
    const [head, uid, sub, subsub] = parts;

    if (head === 'health') return reply(200, { status: 'available' });
    if (head === 'tasks' && uid && method === 'GET') {
      const task = this.tasks.find((candidate) => candidate.uid === Number(uid));
      if (!task) return reply(404, errorObject('task_not_found', `Task \`${uid}\` not found.`));
      return reply(200, task);
    }
    if (head === 'swap-indexes' && method === 'POST') {
      return reply(
        202,
        this.enqueue('indexSwap', null, body, (task) => this.swap(task, body)),
      );
    }
    if (head !== 'indexes') return reply(404, errorObject('not_found', 'Not found'));
    if (!uid && method === 'POST') {
      const { uid: newUid, primaryKey } = body as { uid: string; primaryKey?: string };
      return reply(
        202,
        this.enqueue('indexCreation', newUid, { primaryKey }, () => {
          if (this.indexes.has(newUid)) {
            throw errorObject('index_already_exists', `Index \`${newUid}\` already exists.`);
          }
          this.indexes.set(newUid, newIndex(newUid, primaryKey));
        }),
      );
    }
    if (!uid) return reply(200, { results: [...this.indexes.values()].map(info) });
    const index = this.indexes.get(uid);
    const missing = () =>
      errorObject('index_not_found', `Index \`${uid}\` not found.`) as ErrorObject;

    if (!sub) {
      if (method === 'GET') return index ? reply(200, info(index)) : reply(404, missing());
      if (method === 'DELETE') {
        return reply(
          202,
          this.enqueue('indexDeletion', uid, {}, () => {
            if (!this.indexes.delete(uid)) throw missing();
          }),
        );
      }
    }
    if (sub === 'settings') {
      if (method === 'GET') return index ? reply(200, index.settings) : reply(404, missing());
      if (method === 'PATCH') {
        return reply(
          202,
          this.enqueue('settingsUpdate', uid, body, () => {
            const target = this.indexes.get(uid) ?? this.created(uid);
            Object.assign(target.settings, body);
          }),
        );
      }
    }
    if (sub === 'documents' && method === 'POST' && !subsub) {
      const documents = body as Record<string, unknown>[];
      const primaryKey = url.searchParams.get('primaryKey') ?? 'id';
      return reply(
        202,
        this.enqueue(
          'documentAdditionOrUpdate',
          uid,
          { receivedDocuments: documents.length },
          () => {
            const refused = documents.find((document) =>
              this.refusedDocuments.has(String(document.id)),
            );
            if (refused) throw this.refusedDocuments.get(String(refused.id));
            const target = this.indexes.get(uid) ?? this.created(uid, primaryKey);
            for (const document of documents) target.documents.set(String(document.id), document);
          },
        ),
      );
    }
    if (sub === 'documents' && subsub === 'delete-batch' && method === 'POST') {
      const ids = (body as unknown[]).map(String);
      return reply(
        202,
        this.enqueue('documentDeletion', uid, { providedIds: ids.length }, () => {
          const target = this.indexes.get(uid);
          if (!target) throw missing();
          for (const id of ids) target.documents.delete(id);
        }),
      );
    }
    if (sub === 'search' && method === 'POST') {
      if (!index) return reply(404, missing());
      const result = search(index, body as SearchBody);
      return 'code' in result ? reply(400, result) : reply(200, result);
    }
    return reply(404, errorObject('not_found', 'Not found'));
  }

  /** An index created implicitly, as Meilisearch does on a first document or settings update. */
  private created(uid: string, primaryKey?: string): StandInIndex {
    const index = newIndex(uid, primaryKey);
    this.indexes.set(uid, index);
    return index;
  }

  private swap(_task: StandInTask, body: unknown) {
    for (const { indexes } of body as { indexes: [string, string] }[]) {
      const [a, b] = indexes.map((uid) => this.indexes.get(uid));
      const absent = indexes.filter((uid) => !this.indexes.has(uid));
      if (!a || !b) {
        throw errorObject(
          'index_not_found',
          `Indexes ${absent.map((u) => `\`${u}\``).join(', ')} not found.`,
        );
      }
      this.indexes.set(indexes[0], { ...b, uid: indexes[0] });
      this.indexes.set(indexes[1], { ...a, uid: indexes[1] });
    }
  }

  private enqueue(
    type: TaskType,
    indexUid: string | null,
    details: unknown,
    apply: (task: StandInTask) => void,
  ) {
    const task: StandInTask = {
      uid: this.tasks.length,
      batchUid: null,
      indexUid,
      status: 'enqueued',
      type,
      canceledBy: null,
      details: details as Record<string, unknown>,
      error: null,
      duration: null,
      enqueuedAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
    };
    this.tasks.push(task);
    this.queue = this.queue.then(async () => {
      task.status = 'processing';
      task.startedAt = new Date().toISOString();
      task.batchUid = task.uid;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, this.processingMs[type] ?? 1);
        this.timers.add(timer);
      });
      const failure = this.failures.findIndex(
        (candidate) =>
          candidate.type === type && (!candidate.indexUid || candidate.indexUid === indexUid),
      );
      try {
        if (failure >= 0) throw this.failures.splice(failure, 1)[0].error;
        apply(task);
        task.status = 'succeeded';
      } catch (error) {
        task.status = 'failed';
        task.error = error as ErrorObject;
      }
      task.finishedAt = new Date().toISOString();
      task.duration = 'PT0.001S';
    });
    return {
      taskUid: task.uid,
      indexUid,
      status: 'enqueued',
      type,
      enqueuedAt: task.enqueuedAt,
    };
  }
}

export type TaskType =
  | 'indexCreation'
  | 'indexDeletion'
  | 'indexSwap'
  | 'settingsUpdate'
  | 'documentAdditionOrUpdate'
  | 'documentDeletion';

export interface ErrorObject {
  message: string;
  code: string;
  type: string;
  link: string;
}

interface StandInTask {
  uid: number;
  batchUid: number | null;
  indexUid: string | null;
  status: 'enqueued' | 'processing' | 'succeeded' | 'failed';
  type: TaskType;
  canceledBy: null;
  details: Record<string, unknown>;
  error: ErrorObject | null;
  duration: string | null;
  enqueuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface StandInIndex {
  uid: string;
  primaryKey: string | null;
  createdAt: string;
  settings: { filterableAttributes?: string[]; [key: string]: unknown };
  documents: Map<string, Record<string, unknown>>;
}

interface SearchBody {
  q?: string;
  filter?: string;
  limit?: number;
  offset?: number;
  page?: number;
  hitsPerPage?: number;
  highlightPreTag?: string;
  highlightPostTag?: string;
}

const newIndex = (uid: string, primaryKey?: string | null): StandInIndex => ({
  uid,
  primaryKey: primaryKey ?? null,
  createdAt: new Date().toISOString(),
  settings: { filterableAttributes: [] },
  documents: new Map(),
});

const info = (index: StandInIndex) => ({
  uid: index.uid,
  primaryKey: index.primaryKey,
  createdAt: index.createdAt,
  updatedAt: index.createdAt,
});

const errorObject = (code: string, message: string, type = 'invalid_request'): ErrorObject => ({
  message,
  code,
  type,
  link: `https://docs.meilisearch.com/errors#${code}`,
});

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/**
 * Filters of the two forms the engine sends (`type IN [...]`, `public = true`, joined by AND),
 * refused as Meilisearch refuses them when the attribute is not filterable.
 */
function search(index: StandInIndex, body: SearchBody) {
  const conditions = body.filter ? body.filter.split(' AND ') : [];
  const tests: ((document: Record<string, unknown>) => boolean)[] = [];
  for (const condition of conditions) {
    const attribute = condition.trim().split(/\s/)[0];
    if (!index.settings.filterableAttributes?.includes(attribute)) {
      return errorObject(
        'invalid_search_filter',
        `Index \`${index.uid}\`: Attribute \`${attribute}\` is not filterable. This index does not have configured filterable attributes.`,
      );
    }
    const inList = /^(\w+) IN \[(.*)\]$/.exec(condition.trim());
    if (inList) {
      const values = inList[2].split(',').map((value) => value.trim().replace(/^"|"$/g, ''));
      tests.push((document) => values.includes(String(document[inList[1]])));
    } else {
      const [name, , value] = condition.trim().split(/\s+/);
      tests.push((document) => String(document[name]) === value);
    }
  }
  const words = (body.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const open = body.highlightPreTag ?? '<em>';
  const close = body.highlightPostTag ?? '</em>';
  const mark = (text: string) =>
    words.reduce(
      (marked, word) =>
        marked.replace(new RegExp(`(${escapeRegExp(word)})`, 'gi'), `${open}$1${close}`),
      text,
    );
  const hits = [...index.documents.values()]
    .filter((document) => tests.every((test) => test(document)))
    .map((document) => {
      const haystack =
        `${document.title} ${document.text} ${(document.topics as string[]).join(' ')}`.toLowerCase();
      const matched = words.filter((word) => haystack.includes(word)).length;
      return { document, score: words.length ? matched / words.length : 1 };
    })
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score);
  // By page number (`page`, `hitsPerPage`): an exhaustive count up to `maxTotalHits` (1,000);
  // by offset: an estimate.
  const byPage = body.page !== undefined || body.hitsPerPage !== undefined;
  const limit = byPage ? (body.hitsPerPage ?? 20) : (body.limit ?? 20);
  const offset = byPage ? ((body.page ?? 1) - 1) * limit : (body.offset ?? 0);
  const count = byPage
    ? {
        page: body.page ?? 1,
        hitsPerPage: limit,
        totalHits: Math.min(hits.length, 1000),
        totalPages: Math.ceil(Math.min(hits.length, 1000) / limit),
      }
    : { limit, offset, estimatedTotalHits: hits.length };
  return {
    hits: hits.slice(offset, offset + limit).map(({ document, score }) => ({
      ...document,
      _rankingScore: score,
      _formatted: {
        ...document,
        title: mark(String(document.title)),
        text: mark(String(document.text)),
      },
    })),
    query: body.q ?? '',
    processingTimeMs: 0,
    ...count,
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
