import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { TextDecoder } from 'node:util';
import zlib from 'node:zlib';
import { HeaderMap } from '@apollo/server';
import type { ApolloServer, HTTPGraphQLResponse } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import proxyaddr from 'proxy-addr';
import type { Identity } from './auth/identity';
import type { TokenVerifier } from './auth/tokens';
import type { Context } from './common/context';
import { ErrorCode } from './common/errors';
import type { AddressLimits, Caller, CallerLimits, HttpRefusal } from './limits';
import { admitCaller, httpErrorBody, MAX_BODY_BYTES, refusalOf } from './limits';
import type { Metrics } from './metrics';

/** What {@link graphqlHandler} needs. */
export interface GraphQLHttpOptions {
  apollo: ApolloServer<Context>;
  /** Which proxies to believe about the client's address: Express's compiled `trust proxy`. */
  trust: (address: string, hop: number) => boolean;
  addressLimits?: AddressLimits;
  verifyToken: TokenVerifier;
  callerLimits?: CallerLimits;
  metrics: Metrics;
  logger: Logger;
  /** A fresh context for one operation of a caller. */
  context: (identity: Identity | null, caller: Caller) => Context;
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Whether a URL is the GraphQL endpoint: `/graphql` or below it, in any case, as Express's
 * `app.use('/graphql')` matched it.
 */
export function isGraphQLPath(url: string | undefined): boolean {
  if (!url) return false;
  const end = url.search(/[?#]/);
  const path = (end < 0 ? url : url.slice(0, end)).toLowerCase();
  return path === '/graphql' || path.startsWith('/graphql/');
}

/**
 * Whether a request may be a browser asking for GraphiQL (a GET that accepts HTML): those go to
 * the Express app, which serves the page or hands the request back to {@link graphqlHandler}.
 */
export function mayWantGraphiQL(req: IncomingMessage): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && /html/i.test(req.headers.accept ?? '');
}

/**
 * GraphQL over plain `node:http`: `/graphql` is answered here, without Express's router, body
 * parser and response helpers, which took about a twelfth of the server's CPU time per request
 * (measured with `bench:floor`). In order, as the Express middleware did before:
 *
 * 1. refusals (429, 503) are counted for `/metrics`;
 * 2. the address limit ({@link AddressLimits}), with its `RateLimit` headers on every answer;
 * 3. the caller: token, caller key and request limit ({@link admitCaller}; 401, 429);
 * 4. the body: JSON of at most {@link MAX_BODY_BYTES} (413, 415, 400 for a bad one);
 * 5. Apollo's `executeHTTPGraphQLRequest`, which does GET, CSRF prevention and everything else.
 */
export function graphqlHandler(options: GraphQLHttpOptions): RequestListener {
  const { apollo, trust, addressLimits, verifyToken, callerLimits, metrics, logger } = options;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    metrics.countRefusals(res);
    // As Express's `req.ip`, with the same compiled trust.
    const ip = proxyaddr(req, trust);
    if (addressLimits) {
      const charge = await addressLimits.charge(ip);
      for (const [name, value] of charge.headers) res.setHeader(name, value);
      if (charge.refusal) return refuse(res, charge.refusal);
    }
    let admitted;
    try {
      admitted = await admitCaller(verifyToken, callerLimits, req.headers.authorization, ip);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return refuse(res, refusalOf(error));
    }
    const body = await readJsonBody(req);
    if (body.refusal) return refuse(res, body.refusal);

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const { identity, caller } = admitted;
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: (req.method ?? 'GET').toUpperCase(),
        headers,
        search: searchOf(req.url ?? ''),
        body: body.value,
      },
      context: async () => options.context(identity, caller),
    });
    await send(res, response);
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'GraphQL request failed before or after Apollo');
      if (res.headersSent) return void res.destroy();
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      sendJson(res, 500, httpErrorBody('Internal server error', ErrorCode.INTERNAL_SERVER_ERROR));
    });
  };
}

/** The query string of a request target, `?` included (`''` without), as Apollo expects it. */
function searchOf(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return '';
  const hash = url.indexOf('#', start);
  return hash < 0 ? url.slice(start) : url.slice(start, hash);
}

/** Writes Apollo's answer: its status and headers, and its body whole or as it comes. */
async function send(res: ServerResponse, response: HTTPGraphQLResponse) {
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    const text = response.body.string;
    if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(text));
    res.end(text);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

function refuse(res: ServerResponse, refusal: HttpRefusal) {
  for (const [name, value] of refusal.headers) res.setHeader(name, value);
  sendJson(res, refusal.status, refusal.body);
}

/** A request body: its JSON value (`undefined` without a JSON body), or why it is refused. */
export type JsonBody = { value: unknown; refusal?: undefined } | { refusal: HttpRefusal };

function bodyRefusal(
  status: number,
  message: string,
  code = 'BAD_REQUEST',
): { refusal: HttpRefusal } {
  return { refusal: { status, headers: [], body: httpErrorBody(message, code) } };
}

/** Parameters of a media type such as `application/json; charset=utf-8`, names lower-cased. */
function mediaType(header: string): { type: string; charset?: string } {
  const [type, ...parameters] = header.split(';');
  let charset: string | undefined;
  for (const parameter of parameters) {
    const equals = parameter.indexOf('=');
    if (equals < 0 || parameter.slice(0, equals).trim().toLowerCase() !== 'charset') continue;
    charset = parameter
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
}

/** Decompressors for the `Content-Encoding`s Express's body parser took. */
const DECOMPRESS: Record<string, (() => Transform) | undefined> = {
  gzip: () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
  zstd: () => zlib.createZstdDecompress(),
};

/**
 * Reads a JSON request body as Express's `express.json({ limit: MAX_BODY_BYTES })` did, with the
 * answers the API gave to its errors: no body, or another media type than `application/json`,
 * is `undefined` (Apollo answers those, CSRF prevention included); over {@link MAX_BODY_BYTES}
 * (after decompression) 413 `PAYLOAD_TOO_LARGE`; a charset other than UTF-8/16 or an unknown
 * `Content-Encoding` 415; a body that is not a JSON object or array 400 `BAD_REQUEST`. An empty
 * JSON body is `{}`. A refused body is still read to its end, so the connection can be reused.
 */
export async function readJsonBody(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<JsonBody> {
  const { headers } = req;
  const hasBody =
    headers['transfer-encoding'] !== undefined || !isNaN(Number(headers['content-length']));
  if (!hasBody) return { value: undefined };
  const { type, charset = 'utf-8' } = mediaType(headers['content-type'] ?? '');
  if (type !== 'application/json') return { value: undefined };

  let decoder: TextDecoder | undefined;
  try {
    if (!charset.startsWith('utf-')) throw new RangeError(charset);
    decoder = charset === 'utf-8' || charset === 'utf8' ? undefined : new TextDecoder(charset);
  } catch {
    return drained(req, bodyRefusal(415, `unsupported charset "${charset.toUpperCase()}"`));
  }
  const encoding = (headers['content-encoding'] ?? 'identity').toLowerCase();
  let decompressed: Transform | undefined;
  if (encoding !== 'identity') {
    const decompress = DECOMPRESS[encoding];
    if (!decompress) {
      return drained(req, bodyRefusal(415, `unsupported content encoding "${encoding}"`));
    }
    decompressed = req.pipe(decompress());
  } else if (Number(headers['content-length']) > limit) {
    return drained(req, tooLarge(limit));
  }

  const read = await readAll(req, decompressed ?? req, limit);
  if (decompressed) {
    req.unpipe(decompressed);
    decompressed.destroy();
    // Whatever follows the compressed data is read off, so the connection can be reused.
    req.resume();
  }
  if (read === 'too large') return drained(req, tooLarge(limit));
  if (read === 'failed') {
    return drained(req, bodyRefusal(400, 'The request body could not be read or decompressed'));
  }

  const bytes = read;
  // Both decoders drop a byte order mark, as Express's (iconv-lite) did.
  const text = decoder ? decoder.decode(bytes) : bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.length === 0) return { value: {} };
  // Only an object or an array (body-parser's strict mode); anything else is not a request.
  const first = /^[ \t\n\r]*(.|$)/.exec(text)?.[1];
  if (first !== '{' && first !== '[') return { refusal: notJson() };
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { refusal: notJson() };
  }
}

/**
 * The bytes of `stream` (the request, or its decompression), up to `limit`. Listens rather than
 * iterating: leaving an iteration early would destroy the request, and with it the connection
 * the refusal goes back on.
 */
function readAll(
  req: IncomingMessage,
  stream: Readable,
  limit: number,
): Promise<Buffer | 'too large' | 'failed'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: Buffer | 'too large' | 'failed') => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      req.off('error', onError);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return done('too large');
      chunks.push(chunk);
    };
    const onEnd = () => done(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    const onError = () => done('failed');
    // The client went away before sending all of it.
    const onClose = () => {
      if (!req.complete) done('failed');
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

function tooLarge(limit: number) {
  return bodyRefusal(
    413,
    `The request body is larger than ${limit / 1000} kB`,
    ErrorCode.PAYLOAD_TOO_LARGE,
  );
}

function notJson() {
  return bodyRefusal(400, 'The request body is not valid JSON').refusal;
}

/** Reads the rest of a refused body before answering, as Express's body parser did. */
async function drained(req: IncomingMessage, refusal: { refusal: HttpRefusal }) {
  if (!req.readableEnded && !req.destroyed) {
    await new Promise<void>((resolve) => {
      req.once('end', resolve);
      req.once('close', resolve);
      req.once('error', () => resolve());
      req.resume();
    });
  }
  return refusal;
}
