import type { EntityManager } from '@mikro-orm/postgresql';
import { today } from '../../db/base.entity';
import { MembershipRole } from '../groups/groups.entity';
import { kommuneCode, RecordReader } from './import.fields';
import type { SourceRecord } from './import.parse';
import type { ImportRow, Rejection } from './import.runner';

/*
 * Reading a people file: each record becomes a valid row (or a rejection with every reason), and
 * the rows of the file are checked against each other. Nothing here looks at stored people; see
 * people.match.ts.
 */

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

export interface AffiliationFacts {
  kommuneId: string | null;
  organizationId: string | null;
  title?: string;
  unit?: string;
  validFrom?: string;
  validTo?: string;
}

export interface MembershipFacts {
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

/** The kommuner, organisations and groups a file may name, by code, slug or name. */
export interface ReferenceData {
  kommuner: Map<string, string>;
  organizations: Map<string, string>;
  groups: Map<string, string>;
}

export async function referenceData(em: EntityManager): Promise<ReferenceData> {
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
export function readPerson(
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

export const employerOf = (facts: { kommuneId: string | null; organizationId: string | null }) =>
  facts.kommuneId ?? facts.organizationId ?? '';

/**
 * Rejects rows that repeat an earlier row of the file: the same key with another name, e-mail or
 * phone, the same e-mail under another external id, or nothing new (no employment or seat that
 * earlier rows for the same person lack). Rows for one person may repeat to list more
 * employments and seats, as HR exports do (one row per employment).
 */
export function rejectDuplicates(rows: PersonRow[]): { rows: PersonRow[]; rejected: Rejection[] } {
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
export function decidePeople(rows: PersonRow[]): void {
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

/** The items by a key of theirs. */
export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
