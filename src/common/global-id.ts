import { BadUserInputError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Encodes a GraphQL type name and a database id into an opaque Relay global ID. */
export function toGlobalId(type: string, id: string): string {
  let known = encoded.get(type);
  if (!known) encoded.set(type, (known = new Map()));
  let globalId = known.get(id);
  if (globalId === undefined) {
    globalId = Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
    // The IDs of what is read often; a full map starts over rather than grow without bound.
    if (known.size >= MAX_ENCODED) known.clear();
    known.set(id, globalId);
  }
  return globalId;
}

/**
 * Global IDs made so far, by type and database id: every answer shows the ID of every object in
 * it (for a group of 100, 200 of them), and looking one up costs a tenth of encoding it.
 */
const encoded = new Map<string, Map<string, string>>();
/** Most IDs kept per type, and most read IDs kept: about 1.5 MB each. */
const MAX_ENCODED = 10_000;

/** The parts of a global ID, or `null` when the string is not one of ours. */
export function parseGlobalId(globalId: string): Readonly<{ type: string; id: string }> | null {
  if (typeof globalId !== 'string' || globalId.length > 200) return null;
  const known = parsed.get(globalId);
  if (known) return known;
  const parts = decode(globalId);
  if (parts) {
    if (parsed.size >= MAX_ENCODED) parsed.clear();
    parsed.set(globalId, parts);
  }
  return parts;
}

/** Global IDs read so far (their parts are frozen: every caller shares them). */
const parsed = new Map<string, Readonly<{ type: string; id: string }>>();

function decode(globalId: string): Readonly<{ type: string; id: string }> | null {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0) return null;
  const type = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  if (!/^[A-Za-z]+$/.test(type) || !UUID.test(id)) return null;
  return Object.freeze({ type, id });
}

/**
 * The database id behind a global ID of the expected type. A malformed ID, or one of another
 * type, is the caller's mistake: a `BAD_USER_INPUT` naming the argument.
 */
export function fromGlobalId(globalId: string, expectedType: string, field: string): string {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.type !== expectedType) {
    throw new BadUserInputError(field, `${field} is not a valid ${expectedType} id`);
  }
  return parsed.id;
}
