import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { today } from '../../db/base.entity';
import { MembershipRole } from '../groups/groups.entity';
import { erasedKeys } from '../privacy/public';
import { textArray } from './import.fields';
import type { BatchOutcome, Rejection, RowOutcome } from './import.runner';
import type { PersonRow } from './people.read';
import { employerOf, groupBy } from './people.read';

/*
 * Matching a people file's rows with the stored people, their employments and seats: which rows
 * are left out (erased people), which are refused (two keys finding one person), and, for a
 * batch, what is new, what changed and what stays. Writing it is people.write.ts's.
 */

/** Why a row is skipped: its person was erased, and an import must not bring them back. */
export const ERASED_PERSON_SKIPPED =
  'the person was erased on request (GDPR) and is not imported again';

/**
 * Leaves out the rows of people who were erased: a row whose external id has a tombstone, or
 * whose e-mail address has one and whose external id finds no living person (an address can
 * pass to a new colleague, who keeps their own id). One lookup of the keyed hashes for the file.
 */
export async function skipErased(
  em: EntityManager,
  rows: PersonRow[],
): Promise<{ rows: PersonRow[]; skipped: Rejection[] }> {
  const erased = await erasedKeys(em, rows);
  const suspects = rows.filter((row, i) => !erased[i].externalId && erased[i].email);
  const stored = suspects.length > 0 ? await storedPeople(em, suspects) : undefined;
  const kept: PersonRow[] = [];
  const skipped: Rejection[] = [];
  rows.forEach((row, i) => {
    const byExternalId = row.externalId && stored?.find({ ...row, email: undefined }).person;
    if (erased[i].externalId || (erased[i].email && !byExternalId)) {
      skipped.push({ line: row.line, key: row.key, reason: ERASED_PERSON_SKIPPED });
    } else {
      kept.push(row);
    }
  });
  return { rows: kept, skipped };
}

/**
 * Rejects the rows whose key finds a stored person that another key of the file (on an earlier
 * line) already finds, e.g. `rv8-1` by external id and `ib@…` by e-mail: written both, they would
 * change that person back and forth on every run.
 */
export async function rejectSamePerson(
  em: EntityManager,
  rows: PersonRow[],
): Promise<{ rows: PersonRow[]; rejected: Rejection[] }> {
  const stored = await storedPeople(em, rows);
  const claimed = new Map<string, PersonRow>();
  const keyOf = new Map<string, string | undefined>();
  const kept: PersonRow[] = [];
  const rejected: Rejection[] = [];
  for (const row of rows) {
    if (!keyOf.has(row.key)) {
      const { person } = stored.find(row);
      keyOf.set(row.key, person?.id);
      const earlier = person ? claimed.get(person.id) : undefined;
      if (person && !earlier) claimed.set(person.id, row);
    }
    const id = keyOf.get(row.key);
    const owner = id ? claimed.get(id) : undefined;
    if (owner && owner.key !== row.key) {
      rejected.push({
        line: row.line,
        key: row.key,
        reason: `${row.key} finds the same stored person as ${owner.key} on line ${owner.line}`,
      });
      continue;
    }
    kept.push(row);
  }
  return { rows: kept, rejected };
}

/**
 * The stored people the rows' external ids and e-mails (without regard to case) find, and how a
 * row finds its person: by external id, else e-mail; `problem` when they find two people, or the
 * e-mail a person with another external id.
 */
async function storedPeople(em: EntityManager, rows: PersonRow[]) {
  const externalIds = [...new Set(rows.flatMap((row) => (row.externalId ? [row.externalId] : [])))];
  const emails = [...new Set(rows.flatMap((row) => (row.email ? [row.email] : [])))];
  const stored = await em.execute<StoredPerson[]>(
    `select id, name, email, phone, title, external_id from person
     where external_id = any(?::text[]) or lower(email) = any(?::text[])`,
    [textArray(externalIds), textArray(emails)],
  );
  const byExternalId = new Map(stored.map((p) => [p.external_id, p]));
  const byEmail = new Map(stored.map((p) => [p.email?.toLowerCase(), p]));
  return {
    find(row: PersonRow): { person?: StoredPerson; problem?: string } {
      const found = row.externalId ? byExternalId.get(row.externalId) : undefined;
      const withEmail = row.email ? byEmail.get(row.email) : undefined;
      if (found && withEmail && found.id !== withEmail.id) {
        return { problem: `e-mail ${row.email} belongs to another person` };
      }
      const person = found ?? withEmail;
      if (person && row.externalId && person.external_id && person.external_id !== row.externalId) {
        return {
          problem: `e-mail ${row.email} belongs to the person with external id ${person.external_id}`,
        };
      }
      return { person };
    },
  };
}

interface StoredPerson {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  external_id: string | null;
}

interface StoredAffiliation {
  id: string;
  person_id: string;
  employer: string;
  title: string | null;
  unit: string | null;
  valid_from: string;
  valid_to: string | null;
}

interface StoredMembership {
  id: string;
  person_id: string;
  group_id: string;
  role: string;
  valid_from: string;
  valid_to: string | null;
  representing: string | null;
}

/**
 * The latest stored period matching `validFrom` (when given), for the same employer or group:
 * a row without a start date updates the latest one instead of adding another each run.
 */
function matching<T extends { valid_from: string }>(candidates: T[], validFrom?: string) {
  if (validFrom) return candidates.find((candidate) => candidate.valid_from === validFrom);
  return [...candidates].sort((a, b) => b.valid_from.localeCompare(a.valid_from))[0];
}

/** What a batch of people rows changes: the rows for each table, as `jsonb_to_recordset` takes them. */
export interface PeoplePlan {
  people: { inserts: object[]; updates: object[] };
  affiliations: { inserts: object[]; updates: object[] };
  memberships: { inserts: object[]; updates: object[] };
  /** The groups whose seats the batch adds or changes. */
  groups: Set<string>;
}

/**
 * Matches a batch of rows with what is stored: which people exist, which are new, which change,
 * and so for their employments and seats. Returns each row's outcome (or why it is refused) and
 * the rows to write; it writes nothing.
 */
export async function planPeople(
  em: EntityManager,
  rows: PersonRow[],
): Promise<{ outcomes: Map<PersonRow, BatchOutcome>; plan: PeoplePlan }> {
  const outcomes = new Map<PersonRow, BatchOutcome>();
  const stored = await storedPeople(em, rows);

  // People: which exist, which are new, which change. The rows of one key carry the same
  // person (see `decidePeople`); a stored person is written for one key only.
  const personOf = new Map<string, { id: string; outcome: RowOutcome }>();
  const keyOfPerson = new Map<string, PersonRow>();
  const inserts: object[] = [];
  const updates: object[] = [];
  for (const row of rows) {
    if (personOf.has(row.key)) continue;
    const { person, problem } = stored.find(row);
    if (problem) {
      outcomes.set(row, { rejected: problem });
      continue;
    }
    const owner = person ? keyOfPerson.get(person.id) : undefined;
    if (person && owner) {
      outcomes.set(row, {
        rejected: `${row.key} finds the same stored person as ${owner.key} on line ${owner.line}`,
      });
      continue;
    }
    if (person) keyOfPerson.set(person.id, row);
    const facts = {
      name: row.name,
      email: row.email ?? null,
      phone: row.phone ?? null,
      title: row.title ?? null,
      external_id: row.externalId ?? null,
    };
    if (!person) {
      const id = randomUUID();
      inserts.push({ id, ...facts });
      personOf.set(row.key, { id, outcome: 'created' });
      continue;
    }
    const changed =
      person.name !== facts.name ||
      (facts.email !== null && person.email?.toLowerCase() !== facts.email) ||
      (facts.phone !== null && person.phone !== facts.phone) ||
      (facts.title !== null && person.title !== facts.title) ||
      (facts.external_id !== null && person.external_id !== facts.external_id);
    if (changed) updates.push({ id: person.id, ...facts });
    personOf.set(row.key, { id: person.id, outcome: changed ? 'updated' : 'unchanged' });
  }
  const accepted = rows.filter((row) => !outcomes.has(row) && personOf.has(row.key));
  const personIds = [...new Set([...personOf.values()].map((p) => p.id))];

  // Their stored employments and seats, matched against the rows'.
  const affiliations = await em.execute<StoredAffiliation[]>(
    `select id, person_id, coalesce(kommune_id, organization_id) as employer, title, unit,
       valid_from::text, valid_to::text
     from affiliation where person_id = any(?::uuid[])`,
    [textArray(personIds)],
  );
  const memberships = await em.execute<StoredMembership[]>(
    `select id, person_id, group_id, role, valid_from::text, valid_to::text,
       coalesce(representing_kommune_id, representing_organization_id) as representing
     from membership where person_id = any(?::uuid[])`,
    [textArray(personIds)],
  );
  const affiliationsOf = groupBy(affiliations, (a) => a.person_id);
  const membershipsOf = groupBy(memberships, (m) => m.person_id);
  const plan: PeoplePlan = {
    people: { inserts, updates },
    affiliations: { inserts: [], updates: [] },
    memberships: { inserts: [], updates: [] },
    groups: new Set(),
  };
  const start = today();
  for (const row of accepted) {
    const person = personOf.get(row.key) as { id: string; outcome: RowOutcome };
    let outcome: RowOutcome = person.outcome;
    const raise = (to: RowOutcome) => {
      if (outcome === 'unchanged' || (outcome === 'updated' && to === 'created')) outcome = to;
    };
    for (const a of row.affiliations) {
      const found = matching(
        (affiliationsOf.get(person.id) ?? []).filter((s) => s.employer === employerOf(a)),
        a.validFrom,
      );
      if (!found) {
        plan.affiliations.inserts.push({
          id: randomUUID(),
          person_id: person.id,
          kommune_id: a.kommuneId,
          organization_id: a.organizationId,
          title: a.title ?? null,
          unit: a.unit ?? null,
          valid_from: a.validFrom ?? start,
          valid_to: a.validTo ?? null,
        });
        raise('created');
      } else if (
        (a.title !== undefined && a.title !== found.title) ||
        (a.unit !== undefined && a.unit !== found.unit) ||
        (a.validTo !== undefined && a.validTo !== found.valid_to)
      ) {
        plan.affiliations.updates.push({
          id: found.id,
          title: a.title ?? null,
          unit: a.unit ?? null,
          valid_to: a.validTo ?? null,
        });
        raise('updated');
      }
    }
    for (const m of row.memberships) {
      const found = matching(
        (membershipsOf.get(person.id) ?? []).filter((s) => s.group_id === m.groupId),
        m.validFrom,
      );
      const representing = m.kommuneId ?? m.organizationId;
      if (!found) {
        plan.memberships.inserts.push({
          id: randomUUID(),
          person_id: person.id,
          group_id: m.groupId,
          role: m.role ?? MembershipRole.MEDLEM,
          valid_from: m.validFrom ?? start,
          valid_to: m.validTo ?? null,
          representing_kommune_id: m.kommuneId,
          representing_organization_id: m.organizationId,
        });
        raise('created');
      } else if (
        (m.role !== undefined && found.role !== m.role) ||
        (m.validTo !== undefined && m.validTo !== found.valid_to) ||
        (representing !== null && representing !== found.representing)
      ) {
        plan.memberships.updates.push({
          id: found.id,
          role: m.role ?? null,
          valid_to: m.validTo ?? null,
          representing_kommune_id: m.kommuneId,
          representing_organization_id: m.organizationId,
        });
        raise('updated');
      }
    }
    outcomes.set(row, outcome);
  }
  if (plan.memberships.inserts.length + plan.memberships.updates.length > 0) {
    for (const m of accepted.flatMap((row) => row.memberships)) plan.groups.add(m.groupId);
  }
  return { outcomes, plan };
}
