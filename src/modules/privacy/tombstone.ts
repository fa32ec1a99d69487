import { createHmac } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

let tombstoneKey: Buffer | undefined;

/**
 * Sets the key of the erasure tombstones for this process (the server and the import command call
 * it at start-up with {@link erasureKey} from `auth/secret.ts`). Until then, erasing and importing
 * people fail rather than write or miss tombstones under a key nobody chose.
 */
export function useErasureKey(secret: string): void {
  tombstoneKey = Buffer.from(secret, 'utf8');
}

/** What an import finds a person by, and so what a tombstone keeps (as keyed hashes only). */
export interface PersonKeys {
  externalId?: string | null;
  email?: string | null;
}

/** Trimmed and in Unicode NFC, so the same id typed or exported differently hashes the same. */
const normalExternalId = (externalId: string) => externalId.trim().normalize('NFC');
const normalEmail = (email: string) => email.trim().normalize('NFC').toLowerCase();

function digest(kind: 'external-id' | 'email' | 'key-check', value: string): Buffer {
  if (!tombstoneKey) throw new Error('The erasure key is not set (useErasureKey at start-up)');
  // The kind is hashed too, so an external id that reads like an e-mail is not taken for one.
  return createHmac('sha256', tombstoneKey).update(`${kind}\u0000${value}`).digest();
}

/** The tombstone digests of a person's keys: HMAC-SHA-256 of each, none for a blank one. */
export function tombstoneDigests(keys: PersonKeys): Buffer[] {
  const digests: Buffer[] = [];
  if (keys.externalId?.trim())
    digests.push(digest('external-id', normalExternalId(keys.externalId)));
  if (keys.email?.trim()) digests.push(digest('email', normalEmail(keys.email)));
  return digests;
}

/** Digests as a PostgreSQL text array of hex strings (which need no quoting). */
const hexArray = (digests: Buffer[]) => `{${digests.map((d) => d.toString('hex')).join(',')}}`;

/**
 * A tombstone of no one, written with the others: a process whose key finds tombstones but not
 * this one has another key than the one that wrote them (an import run without the server's
 * `ERASURE_KEY`), and would let every erased person back in.
 */
const keyCheck = () => digest('key-check', 'erfaringsnet');

/** Keeps tombstones for keys an erased person had: no name, no date, no link to their row. */
export async function addTombstones(em: EntityManager, keys: PersonKeys[]): Promise<void> {
  const digests = keys.flatMap(tombstoneDigests);
  if (digests.length === 0) return;
  digests.push(keyCheck());
  await em.execute(
    `insert into erased_person_key (digest)
     select distinct decode(hex, 'hex') from unnest(?::text[]) hex on conflict do nothing`,
    [hexArray(digests)],
  );
}

/**
 * Which of these keys belong to an erased person: for each, whether its external id and whether
 * its e-mail address has a tombstone. One statement for all of them.
 */
export async function erasedKeys(
  em: EntityManager,
  keys: PersonKeys[],
): Promise<{ externalId: boolean; email: boolean }[]> {
  const hashed = keys.map((key) => ({
    externalId: key.externalId?.trim() ? tombstoneDigests({ externalId: key.externalId })[0] : null,
    email: key.email?.trim() ? tombstoneDigests({ email: key.email })[0] : null,
  }));
  const all = hashed.flatMap((key) => [key.externalId, key.email]).filter((d) => d !== null);
  if (all.length === 0) return keys.map(() => ({ externalId: false, email: false }));
  const check = keyCheck().toString('hex');
  const rows = await em.execute<{ digest: string | null }[]>(
    `select encode(digest, 'hex') as digest from erased_person_key
     where digest in (select decode(hex, 'hex') from unnest(?::text[]) hex)
     union all select null where exists (select 1 from erased_person_key)`,
    [hexArray([...all, keyCheck()])],
  );
  const found = new Set(rows.map((row) => row.digest));
  if (found.has(null) && !found.has(check)) {
    throw new Error(
      'The erasure tombstones were written with another key: set ERASURE_KEY to the server’s (or use its DATA_DIR), or erased people would be imported again',
    );
  }
  return hashed.map((key) => ({
    externalId: !!key.externalId && found.has(key.externalId.toString('hex')),
    email: !!key.email && found.has(key.email.toString('hex')),
  }));
}
