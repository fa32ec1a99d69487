import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { today } from '../../db/base.entity';
import { MembershipRole } from '../groups/groups.entity';
import { kommuneCode, RecordReader, textArray } from './import.fields';
import type { SourceRecord } from './import.parse';
import type { BatchOutcome, Importer, ImportRow, Rejection, RowOutcome } from './import.runner';
import { erasedKeys } from '../privacy/tombstone';

/**
 * The accepted names of each column (CSV header) or property (JSON), compared as `fieldKey`s:
 * English, the names OS2sofd and HR exports use, and Danish.
 */
export const PEOPLE_COLUMNS = {
  externalId: ['externalId', 'id', 'uuid', 'medarbejderId', 'employeeId', 'eksterntId'],
  name: ['name', 'navn', 'fullName', 'fuldtNavn'],
  email: ['email', 'e-mail', 'mail', 'emailAddress'],
  phone: ['phone', 'telefon', 'tlf', 'telefonnummer'],
  title: ['title', 'titel', 'stilling', 'jobTitle', 'stillingsbetegnelse'],
  kommune: ['kommune', 'kommunekode', 'kommuneCode', 'municipality', 'municipalityCode'],
  organization: ['organization', 'organisation'],
  unit: ['unit', 'enhed', 'afdeling', 'orgUnit', 'department'],
  validFrom: ['validFrom', 'startDate', 'start', 'startdato', 'from'],
  validTo: ['validTo', 'endDate', 'end', 'slutdato', 'slut', 'to'],
  group: ['group', 'gruppe'],
  role: ['role', 'rolle'],
  groupFrom: ['groupFrom', 'groupStart', 'gruppeStart', 'medlemFra'],
  groupTo: ['groupTo', 'groupEnd', 'gruppeSlut', 'medlemTil'],
  affiliations: ['affiliations', 'ansaettelser'],
  memberships: ['memberships', 'medlemskaber'],
} as const;

/** Danish role names, as `fieldKey`s, for the roles whose enum name differs. */
const ROLE_WORDS: Record<string, MembershipRole> = {
  sekretaer: MembershipRole.SEKRETAER,
  leverandoerrepraesentant: MembershipRole.LEVERANDOERREPRAESENTANT,
  chair: MembershipRole.FORMAND,
  member: MembershipRole.MEDLEM,
  secretary: MembershipRole.SEKRETAER,
};

interface AffiliationFacts {
  kommuneId: string | null;
  organizationId: string | null;
  title?: string;
  unit?: string;
  validFrom?: string;
  validTo?: string;
}

interface MembershipFacts {
  groupId: string;
  /** Absent when the row gives none: a stored role stays, a new seat is `MEDLEM`. */
  role?: MembershipRole;
  validFrom?: string;
  validTo?: string;
  /** Whom the seat represents: the employer given on the same row, if any. */
  kommuneId: string | null;
  organizationId: string | null;
}

/** One valid row of a people file: a person and, optionally, employments and seats. */
export interface PersonRow extends ImportRow {
  externalId?: string;
  email?: string;
  name: string;
  phone?: string;
  title?: string;
  /**
   * The period of the employment the row itself gives (not a nested one), whose title the row's
   * title is; `undefined` when the row's title stands alone. See {@link decidePeople}.
   */
  titlePeriod?: { validFrom?: string; validTo?: string };
  affiliations: AffiliationFacts[];
  memberships: MembershipFacts[];
}

interface ReferenceData {
  kommuner: Map<string, string>;
  organizations: Map<string, string>;
  groups: Map<string, string>;
}

async function referenceData(em: EntityManager): Promise<ReferenceData> {
  // One after the other: in a dry run they share the transaction's connection.
  const kommuner = await em.execute<{ id: string; code: string }[]>(`select id, code from kommune`);
  const organizations = await em.execute<{ id: string; slug: string; name: string }[]>(
    `select id, slug, name from organization`,
  );
  const groups = await em.execute<{ id: string; slug: string; name: string }[]>(
    `select id, slug, name from "group"`,
  );
  const bySlugOrName = (rows: { id: string; slug: string; name: string }[]) =>
    new Map(
      rows.flatMap((row) => [
        [row.name.toLowerCase(), row.id],
        [row.slug.toLowerCase(), row.id],
      ]),
    );
  return {
    kommuner: new Map(kommuner.map((row) => [row.code, row.id])),
    organizations: bySlugOrName(organizations),
    groups: bySlugOrName(groups),
  };
}

/** Reads one employment (the row itself in a CSV, or an item of `affiliations` in JSON). */
function readAffiliation(
  reader: RecordReader,
  refs: ReferenceData,
  label: string,
): AffiliationFacts | undefined {
  const C = PEOPLE_COLUMNS;
  const code = reader.text(`${label}kommune`, C.kommune);
  const organization = reader.text(`${label}organization`, C.organization);
  const title = reader.text(`${label}title`, C.title);
  const unit = reader.text(`${label}unit`, C.unit);
  const validFrom = reader.date(`${label}validFrom`, C.validFrom);
  const validTo = reader.date(`${label}validTo`, C.validTo);
  reader.period(`${label}employment`, validFrom, validTo, [`${label}validFrom`, `${label}validTo`]);
  if (!code && !organization) {
    if (unit || validFrom || validTo) {
      reader.problem(`${label}kommune or organization is missing for the employment`);
    }
    return undefined;
  }
  if (code && organization) {
    reader.problem(`${label}give a kommune or an organization, not both`);
    return undefined;
  }
  const kommuneId = code ? refs.kommuner.get(kommuneCode(code)) : undefined;
  const organizationId = organization ? refs.organizations.get(organization.toLowerCase()) : null;
  if (code && !kommuneId) reader.problem(`${label}kommune "${code}" is not a known kommune code`);
  if (organization && !organizationId) {
    reader.problem(`${label}organization "${organization}" is not a known organisation`);
  }
  return {
    kommuneId: kommuneId ?? null,
    organizationId: organizationId ?? null,
    title,
    unit,
    validFrom,
    validTo,
  };
}

/** Reads one seat (the row itself in a CSV, or an item of `memberships` in JSON). */
function readMembership(
  reader: RecordReader,
  refs: ReferenceData,
  label: string,
  fromNames: readonly string[],
  toNames: readonly string[],
  employer: AffiliationFacts | undefined,
): MembershipFacts | undefined {
  const C = PEOPLE_COLUMNS;
  const group = reader.text(`${label}group`, C.group);
  const role = reader.oneOf(
    `${label}role`,
    C.role,
    Object.values(MembershipRole) as MembershipRole[],
    ROLE_WORDS,
  );
  const validFrom = reader.date(`${label}group start`, fromNames);
  const validTo = reader.date(`${label}group end`, toNames);
  reader.period(`${label}group seat`, validFrom, validTo, [
    `${label}group start`,
    `${label}group end`,
  ]);
  if (!group) {
    if (reader.raw(C.role) !== undefined) reader.problem(`${label}group is missing for the role`);
    return undefined;
  }
  const groupId = refs.groups.get(group.toLowerCase());
  if (!groupId) reader.problem(`${label}group "${group}" is not a known group (slug or name)`);
  return {
    groupId: groupId ?? '',
    role,
    validFrom,
    validTo,
    kommuneId: employer?.kommuneId ?? null,
    organizationId: employer?.organizationId ?? null,
  };
}

/** The nested JSON list under one of `names`, or none. */
function nested(reader: RecordReader, label: string, names: readonly string[]) {
  const value = reader.raw(names);
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => item === null || typeof item !== 'object')) {
    reader.problem(`${label} must be a list of objects`);
    return [];
  }
  return value as Record<string, unknown>[];
}

/** Reads and checks one record; `undefined` when it has problems (they are on the reader). */
function readPerson(
  record: SourceRecord,
  refs: ReferenceData,
): { row?: PersonRow; reader: RecordReader } {
  const C = PEOPLE_COLUMNS;
  const reader = new RecordReader(record.fields);
  if (record.problem) reader.problem(record.problem);
  const externalId = reader.text('externalId', C.externalId);
  const name = reader.required('name', C.name);
  const email = reader.email('email', C.email);
  const phone = reader.text('phone', C.phone, 30);
  const title = reader.text('title', C.title);
  const affiliations: AffiliationFacts[] = [];
  const memberships: MembershipFacts[] = [];
  const own = readAffiliation(reader, refs, '');
  if (own) affiliations.push(own);
  nested(reader, 'affiliations', C.affiliations).forEach((item, index) => {
    const facts = readAffiliation(new NestedReader(reader, item), refs, `affiliations[${index}].`);
    if (facts) affiliations.push(facts);
  });
  const seat = readMembership(reader, refs, '', C.groupFrom, C.groupTo, affiliations[0]);
  if (seat) memberships.push(seat);
  nested(reader, 'memberships', C.memberships).forEach((item, index) => {
    const facts = readMembership(
      new NestedReader(reader, item),
      refs,
      `memberships[${index}].`,
      C.validFrom,
      C.validTo,
      affiliations[0],
    );
    if (facts) memberships.push(facts);
  });
  if (!externalId && !email && name) {
    reader.problem('externalId or email is missing: one is needed to find the person again');
  }
  if (reader.problems.length > 0 || !name) return { reader };
  return {
    reader,
    row: {
      line: record.line,
      key: (externalId ?? email) as string,
      externalId,
      email,
      name,
      phone,
      title,
      titlePeriod: own ? { validFrom: own.validFrom, validTo: own.validTo } : undefined,
      affiliations,
      memberships,
    },
  };
}

/** A reader over a nested object whose problems land on the record's own reader. */
class NestedReader extends RecordReader {
  constructor(parent: RecordReader, fields: Record<string, unknown>) {
    super(fields);
    (this as { problems: string[] }).problems = parent.problems;
  }
}

const employerOf = (facts: { kommuneId: string | null; organizationId: string | null }) =>
  facts.kommuneId ?? facts.organizationId ?? '';

/**
 * Rejects rows that repeat an earlier row of the file: the same key with another name, e-mail or
 * phone, the same e-mail under another external id, or nothing new (no employment or seat that
 * earlier rows for the same person lack). Rows for one person may repeat to list more
 * employments and seats, as HR exports do (one row per employment).
 */
function rejectDuplicates(rows: PersonRow[]): { rows: PersonRow[]; rejected: Rejection[] } {
  const first = new Map<string, PersonRow>();
  const phoneOf = new Map<string, PersonRow>();
  const keyOfEmail = new Map<string, PersonRow>();
  const facts = new Map<string, number>();
  const kept: PersonRow[] = [];
  const rejected: Rejection[] = [];
  for (const row of rows) {
    const reject = (reason: string) => rejected.push({ line: row.line, key: row.key, reason });
    const earlier = first.get(row.key);
    if (earlier && (earlier.name !== row.name || (row.email && earlier.email !== row.email))) {
      reject(`duplicate key: ${row.key} is already on line ${earlier.line} for another person`);
      continue;
    }
    const phoned = phoneOf.get(row.key);
    if (row.phone && phoned && phoned.phone !== row.phone) {
      reject(
        `phone "${row.phone}" conflicts with "${phoned.phone}" on line ${phoned.line} for the same person`,
      );
      continue;
    }
    const sameEmail = row.email ? keyOfEmail.get(row.email) : undefined;
    if (sameEmail && sameEmail.key !== row.key) {
      reject(`duplicate e-mail: ${row.email} is already on line ${sameEmail.line}`);
      continue;
    }
    const ownFacts = [
      ...row.affiliations.map((a) => `a:${employerOf(a)}:${a.validFrom ?? ''}`),
      ...row.memberships.map((m) => `m:${m.groupId}:${m.validFrom ?? ''}`),
    ];
    const repeated = ownFacts.map((fact) => facts.get(`${row.key}|${fact}`)).find((line) => line);
    if (earlier && (ownFacts.length === 0 || repeated)) {
      reject(`duplicate key: ${row.key} repeats line ${repeated ?? earlier.line}`);
      continue;
    }
    if (!earlier) first.set(row.key, row);
    if (row.phone && !phoned) phoneOf.set(row.key, row);
    if (row.email && !sameEmail) keyOfEmail.set(row.email, row);
    for (const fact of ownFacts) facts.set(`${row.key}|${fact}`, row.line);
    kept.push(row);
  }
  return { rows: kept, rejected };
}

/**
 * Decides each person's own fields once for the whole file, and gives them to every row of that
 * person, so that rows falling in different batches write the same person: the name is the first
 * row's (rows naming another are rejected above), e-mail and phone the first given, and the title
 * that of the current employment, else of the latest one (a title given without an employment
 * counts as current). Otherwise the row that came first in each batch would decide, and a second
 * run with another batch size would change the person back and forth.
 */
function decidePeople(rows: PersonRow[]): void {
  const today_ = today();
  /** Higher is better: current first (the latest start), then the latest to end. */
  const rank = (row: PersonRow): string => {
    const period = row.titlePeriod;
    if (!period) return '2';
    const current =
      (!period.validFrom || period.validFrom <= today_) &&
      (!period.validTo || period.validTo > today_);
    return current
      ? `2${period.validFrom ?? ''}`
      : `1${period.validTo ?? '9999-99-99'}${period.validFrom ?? ''}`;
  };
  for (const group of groupBy(rows, (row) => row.key).values()) {
    const email = group.find((row) => row.email)?.email;
    const phone = group.find((row) => row.phone)?.phone;
    let titled: PersonRow | undefined;
    for (const row of group) {
      if (row.title && (!titled || rank(row) > rank(titled))) titled = row;
    }
    for (const row of group) {
      row.email = email;
      row.phone = phone;
      row.title = titled?.title;
    }
  }
}

/** Why a row is skipped: its person was erased, and an import must not bring them back. */
export const ERASED_PERSON_SKIPPED =
  'the person was erased on request (GDPR) and is not imported again';

/**
 * Leaves out the rows of people who were erased: a row whose external id has a tombstone, or
 * whose e-mail address has one and whose external id finds no living person (an address can
 * pass to a new colleague, who keeps their own id). One lookup of the keyed hashes for the file.
 */
async function skipErased(
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
async function rejectSamePerson(
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

/** The items by a key of theirs. */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** Records as `jsonb_to_recordset` reads them: one JSON parameter for a whole batch. */
const json = (rows: object[]) => JSON.stringify(rows);

/**
 * The latest stored period matching `validFrom` (when given), for the same employer or group:
 * a row without a start date updates the latest one instead of adding another each run.
 */
function matching<T extends { valid_from: string }>(candidates: T[], validFrom?: string) {
  if (validFrom) return candidates.find((candidate) => candidate.valid_from === validFrom);
  return [...candidates].sort((a, b) => b.valid_from.localeCompare(a.valid_from))[0];
}

/**
 * An importer of people, their employments (affiliations) and group seats (memberships), from an
 * OS2sofd or HR export. A person is found by `externalId`, else by e-mail (case-insensitive); an employment by
 * person, employer and start date; a seat by person, group and start date. Only the fields a row
 * gives are compared and written: a blank cell never clears a stored value.
 *
 * The expert index is refreshed once, for the groups whose seats changed, after the last batch:
 * refreshing a group's evidence re-reads all its members, which per batch made a large import
 * slow down as the groups filled. (Should the import be killed between a batch and that refresh,
 * `npm run reindex` brings the index up to date.)
 */
export function peopleImporter(): Importer<PersonRow> {
  const touchedGroups = new Set<string>();
  return {
    async prepare(em, records) {
      const refs = await referenceData(em);
      const valid: PersonRow[] = [];
      const rejected: Rejection[] = [];
      for (const record of records) {
        const { row, reader } = readPerson(record, refs);
        if (row) valid.push(row);
        else {
          const key = reader.text('externalId', PEOPLE_COLUMNS.externalId) ?? null;
          rejected.push({
            line: record.line,
            key: key ?? reader.email('email', PEOPLE_COLUMNS.email) ?? null,
            reason: reader.problems.join('; '),
          });
        }
      }
      // Erased people first: no other rule may look at their rows, or name them in its reason.
      const living = await skipErased(em, valid);
      const unique = rejectDuplicates(living.rows);
      decidePeople(unique.rows);
      const single = await rejectSamePerson(em, unique.rows);
      return {
        rows: single.rows,
        rejected: [...rejected, ...unique.rejected, ...single.rejected],
        skipped: living.skipped,
      };
    },

    async write(em, rows, beforeWrite) {
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
      const affiliationInserts: object[] = [];
      const affiliationUpdates: object[] = [];
      const membershipInserts: object[] = [];
      const membershipUpdates: object[] = [];
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
            affiliationInserts.push({
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
            affiliationUpdates.push({
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
            membershipInserts.push({
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
            membershipUpdates.push({
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

      if (membershipInserts.length + membershipUpdates.length > 0) {
        // The expert index is refreshed in `finish`, once; see above.
        await em.execute(`select set_config('erfaringsnet.expert_evidence', 'deferred', true)`);
      }
      const writes: [rows: object[], sql: string][] = [
        [
          inserts,
          `insert into person (id, name, email, phone, title, external_id)
         select id, name, email, phone, title, external_id from jsonb_to_recordset(?::jsonb)
           as x(id uuid, name text, email text, phone text, title text, external_id text)`,
        ],
        [
          updates,
          `update person p set name = x.name, email = coalesce(x.email, p.email),
           phone = coalesce(x.phone, p.phone), title = coalesce(x.title, p.title),
           external_id = coalesce(x.external_id, p.external_id), updated_at = now()
         from jsonb_to_recordset(?::jsonb)
           as x(id uuid, name text, email text, phone text, title text, external_id text)
         where p.id = x.id`,
        ],
        [
          affiliationInserts,
          `insert into affiliation (id, person_id, kommune_id, organization_id, title, unit, valid_from, valid_to)
         select * from jsonb_to_recordset(?::jsonb) as x(id uuid, person_id uuid, kommune_id uuid,
           organization_id uuid, title text, unit text, valid_from date, valid_to date)`,
        ],
        [
          affiliationUpdates,
          `update affiliation a set title = coalesce(x.title, a.title), unit = coalesce(x.unit, a.unit),
           valid_to = coalesce(x.valid_to, a.valid_to), updated_at = now()
         from jsonb_to_recordset(?::jsonb) as x(id uuid, title text, unit text, valid_to date)
         where a.id = x.id`,
        ],
        [
          membershipInserts,
          `insert into membership (id, person_id, group_id, role, valid_from, valid_to,
           representing_kommune_id, representing_organization_id)
         select * from jsonb_to_recordset(?::jsonb) as x(id uuid, person_id uuid, group_id uuid,
           role text, valid_from date, valid_to date, representing_kommune_id uuid,
           representing_organization_id uuid)`,
        ],
        [
          membershipUpdates,
          `update membership m set role = coalesce(x.role, m.role), valid_to = coalesce(x.valid_to, m.valid_to),
           representing_kommune_id = coalesce(x.representing_kommune_id, m.representing_kommune_id),
           representing_organization_id = coalesce(x.representing_organization_id, m.representing_organization_id),
           updated_at = now()
         from jsonb_to_recordset(?::jsonb) as x(id uuid, role text, valid_to date,
           representing_kommune_id uuid, representing_organization_id uuid)
         where m.id = x.id`,
        ],
      ];
      for (const [batch, sql] of writes) {
        if (batch.length === 0) continue;
        await beforeWrite();
        await em.execute(sql, [json(batch)]);
      }
      if (membershipInserts.length + membershipUpdates.length > 0) {
        for (const m of accepted.flatMap((row) => row.memberships)) touchedGroups.add(m.groupId);
      }
      return outcomes;
    },

    async finish(em) {
      if (touchedGroups.size === 0) return;
      await em.execute(`select expert_evidence_refresh('MEMBERSHIP', ?::uuid[])`, [
        textArray([...touchedGroups]),
      ]);
      touchedGroups.clear();
    },
  };
}
