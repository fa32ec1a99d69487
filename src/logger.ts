import pino from 'pino';
import type { DestinationStream } from 'pino';

/** Keys whose values are never logged, at any depth. */
const SECRET_KEY = /authorization|cookie|token|password|secret|api_?key/i;
const EMAIL = /([\p{L}\p{N}_.%+-])[\p{L}\p{N}_.%+-]*@([\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)/gu;
const BEARER = /\b(bearer\s+)[\w.~+/=-]+/gi;
const JWT = /\beyJ[\w-]*\.[\w-]+\.[\w-]*/g;
/** Logged objects are shallow; anything deeper is left out rather than walked. */
const MAX_DEPTH = 6;
const REDACTED = '[redacted]';
/** The prototype of pino's serialized errors (nested ones, such as an AggregateError's, too). */
const SERIALIZED_ERROR: unknown = Object.getPrototypeOf(pino.stdSerializers.err(new Error()));

/** Masks e-mail addresses (`j***@aarhus.dk`) and bearer tokens in a string. */
export function maskText(text: string): string {
  let masked = text;
  if (masked.includes('@')) masked = masked.replace(EMAIL, '$1***@$2');
  return masked.replace(BEARER, `$1${REDACTED}`).replace(JWT, REDACTED);
}

/**
 * A copy of a logged value that is safe to write: secret keys redacted, strings masked, errors
 * serialized (message, stack and driver details such as `detail` included) and then masked.
 * Only plain objects, arrays and errors are walked; other objects are left to pino.
 */
function sanitize(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[too deep]';
  if (value instanceof Error) return sanitize({ ...pino.stdSerializers.err(value) }, depth);
  if (Array.isArray(value)) return value.map((item) => sanitize(item, depth + 1));
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null && prototype !== SERIALIZED_ERROR) {
    return value;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) ? REDACTED : sanitize(item, depth + 1);
  }
  return copy;
}

/**
 * The application's structured logger. Tokens, passwords and secrets never reach the log, and
 * e-mail addresses are masked wherever they appear: in the message, in logged objects and in
 * errors (a database error's message and detail may quote the row it refused).
 */
export function createLogger(level: string, destination?: DestinationStream) {
  return pino(
    {
      level,
      hooks: {
        logMethod(args, method) {
          // Without a message pino takes the error's own, which would bypass the masking below.
          const [first] = args as unknown[];
          const error = first instanceof Error ? first : (first as { err?: unknown } | null)?.err;
          if (error instanceof Error && typeof args[1] !== 'string') {
            args.splice(1, 0, error.message);
          }
          const masked = args.map((arg) => (typeof arg === 'string' ? maskText(arg) : arg));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
      // Child loggers' bindings are written as given: keep secrets out of them.
      formatters: { log: (object) => sanitize(object, 0) as Record<string, unknown> },
      // `log` above has already serialized and masked errors; pino's own would redo it.
      serializers: { err: (value: unknown) => sanitize(value, 0) },
      // Objects the walk does not enter (an Express request, say) still lose these.
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
        censor: REDACTED,
      },
    },
    destination,
  );
}
