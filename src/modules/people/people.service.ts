import type { EntityManager } from '@mikro-orm/postgresql';
import type { Access } from '../../auth/access';
import { employersOf, hasOwners, ownedBy } from '../../auth/owners';
import { today } from '../../db/base.entity';
import { BadUserInputError, NotFoundError } from '../../common/errors';
import { fromGlobalId } from '../../common/global-id';
import { joinedOnce, readJoined, readOnlyAll, readOnlyFrom } from '../../common/joined-rows';
import type { Loaders } from '../../common/loaders';
import {
  containsPattern,
  getByGlobalId,
  getOptionalByGlobalId,
  queryPage,
} from '../../common/lookup';
import type { TemporalArgs } from '../../common/temporal';
import { endValidity, Period, periodKey, validOnSql } from '../../common/temporal';
import { applyChanges, assertPeriod } from '../../common/validation';
import type { EndInput } from '../../common/end.inputs';
import { Kommune, Organization } from '../kommuner/kommuner.entity';
import { Affiliation, Person } from './people.entity';
import { assertNotErased } from './public';
import type {
  AddAffiliationInput,
  ChangeAffiliationInput,
  CreatePersonInput,
  PeopleArgs,
  UpdatePersonInput,
} from './people.inputs';

/** Newest first, as a profile lists a person's workplaces. */
const AFFILIATION_ORDER = { validFrom: 'desc' } as const;

/** A person's affiliations in a period (today's by default), newest first, through the loader. */
export function affiliationsOf(
  loaders: Loaders,
  personId: string,
  args: Pick<TemporalArgs, 'period' | 'asOf'> = { period: Period.CURRENT },
): Promise<Affiliation[]> {
  return loaders.during(Affiliation, 'person', personId, args, AFFILIATION_ORDER);
}

/** A person with the affiliations that hold on `$1` and their employers (see below). */
const personWithAffiliations = joinedOnce(
  [
    { entity: Person, alias: 'p' },
    { entity: Affiliation, alias: 'a' },
    { entity: Kommune, alias: 'k' },
    { entity: Organization, alias: 'o' },
  ],
  (select) =>
    `select ${select}
     from person p
     left join affiliation a on a.person_id = p.id and ${validOnSql('a', '$1')}
     left join kommune k on k.id = a.kommune_id
     left join organization o on o.id = a.organization_id
     where p.id = $2
     order by a.valid_from desc`,
  // A row or two of 40 columns: pg reads one column's description instead of 40.
  { pack: true },
);

/**
 * A person by global ID, read in one statement with today's affiliations and their employers,
 * which a profile shows: {@link affiliationsOf} and the kommune and organisation loaders then
 * answer from these rows instead of a statement each. The rows are read-only (see
 * `readOnlyFrom`): a query changes nothing. `NOT_FOUND` as `getByGlobalId`.
 */
export async function getPersonWithAffiliations(
  em: EntityManager,
  loaders: Loaders,
  globalId: string,
): Promise<Person> {
  const id = fromGlobalId(globalId, 'Person', 'id');
  const date = today();
  const table = await readJoined(em, 'person_with_affiliations', personWithAffiliations(em), [
    date,
    id,
  ]);
  if (table.rows.length === 0) throw new NotFoundError('Person', globalId, 'id');
  const person = readOnlyFrom(em, Person, table, 0, 'p') as Person;
  loaders.known(Person, [person]);
  loaders.known(Kommune, readOnlyAll(em, Kommune, table, 'k'));
  loaders.known(Organization, readOnlyAll(em, Organization, table, 'o'));
  loaders.knownMany(
    Affiliation,
    'person',
    periodKey({ period: Period.CURRENT, asOf: date }),
    person.id,
    readOnlyAll(em, Affiliation, table, 'a'),
    AFFILIATION_ORDER,
  );
  return person;
}

/** The filters of a list of people, by database id (resolvers decode the arguments' global ids). */
export type PeopleFilter = PeopleArgs;

/** Lists people, filtered by where they work, which groups they sit in and what they know. */
export function listPeople(em: EntityManager, args: PeopleFilter) {
  const asOf = args.asOf ?? today();
  const qb = em.createQueryBuilder(Person, 'p');
  const { kommuneId, organizationId, groupId, productId, topicId } = args;
  if (kommuneId) {
    qb.andWhere(
      `p.id in (select a.person_id from affiliation a where a.kommune_id = ? and ${validOnSql('a', '?')})`,
      [kommuneId, asOf, asOf],
    );
  }
  if (args.region) {
    qb.andWhere(
      `p.id in (select a.person_id from affiliation a join kommune k on k.id = a.kommune_id where k.region = ? and ${validOnSql('a', '?')})`,
      [args.region, asOf, asOf],
    );
  }
  if (organizationId) {
    qb.andWhere(
      `p.id in (select a.person_id from affiliation a where a.organization_id = ? and ${validOnSql('a', '?')})`,
      [organizationId, asOf, asOf],
    );
  }
  if (groupId) {
    qb.andWhere(
      `p.id in (select m.person_id from membership m where m.group_id = ? and ${validOnSql('m', '?')})`,
      [groupId, asOf, asOf],
    );
  }
  if (productId) {
    qb.andWhere(
      `p.id in (select m.person_id from membership m join "group" g on g.id = m.group_id where g.product_id = ? and ${validOnSql('m', '?')})`,
      [productId, asOf, asOf],
    );
  }
  if (topicId) {
    qb.andWhere(
      'p.id in (select c.person_id from experience_claim c where c.topic_id = ? and c.withdrawn_at is null)',
      [topicId],
    );
  }
  if (args.status) qb.andWhere({ status: args.status });
  if (args.search) qb.andWhere({ name: { $ilike: containsPattern(args.search) } });
  qb.orderBy({ name: 'asc', id: 'asc' });
  return queryPage(qb, args);
}

/** Editors add people (then their affiliation); admins too. */
export async function createPerson(em: EntityManager, access: Access, input: CreatePersonInput) {
  access.requireRole('editor', 'add people');
  const person = applyChanges(new Person(), input);
  em.persist(person);
  await em.flush();
  return person;
}

/** What only the person decides: who sees their contact details, whether they are asked. */
const PERSONAL_CHOICES = ['contactVisibility', 'listedAsExpert', 'openToQuestions'] as const;

/**
 * The person themself, an editor of where they work, or an admin changes a profile; the
 * person's own choices (who sees their contact details, whether they are listed and asked) only
 * the person or an admin.
 */
export async function updatePerson(
  em: EntityManager,
  access: Access,
  id: string,
  input: UpdatePersonInput,
) {
  const person = await getByGlobalId(em, Person, id, 'id');
  await access.requireEditorOf(await employersOf(em, person.id), 'change this profile', person.id);
  const choices = PERSONAL_CHOICES.filter((choice) => input[choice] !== undefined);
  if (choices.length > 0) access.requireSelfOrAdmin(person.id, `change ${choices.join(', ')}`);
  assertNotErased(person, 'id');
  applyChanges(person, input, [
    'name',
    'languages',
    'openToQuestions',
    'listedAsExpert',
    'contactVisibility',
  ]);
  await em.flush();
  return person;
}

/** Records that a person works for a kommune or an organisation from a date. */
export async function addAffiliation(
  em: EntityManager,
  access: Access,
  input: AddAffiliationInput,
) {
  if ((input.kommuneId == null) === (input.organizationId == null)) {
    throw new BadUserInputError('kommuneId', 'Give exactly one of kommuneId and organizationId');
  }
  assertPeriod(input.validFrom, input.validTo);
  const affiliation = new Affiliation();
  affiliation.person = await getByGlobalId(em, Person, input.personId, 'personId');
  affiliation.kommune = await getOptionalByGlobalId(em, Kommune, input.kommuneId, 'kommuneId');
  affiliation.organization = await getOptionalByGlobalId(
    em,
    Organization,
    input.organizationId,
    'organizationId',
  );
  assertNotErased(affiliation.person, 'personId');
  await access.requireEditorOf(ownedBy(affiliation), 'record an employment with this employer');
  // Someone employed elsewhere is that employer's to move: else an editor could take anyone over.
  const current = await employersOf(em, affiliation.person.id, { current: true });
  if (hasOwners(current)) {
    await access.requireEditorOf(current, 'add an employment for someone employed elsewhere');
  }
  applyChanges(affiliation, { title: input.title, unit: input.unit });
  affiliation.validFrom = input.validFrom;
  affiliation.validTo = input.validTo ?? null;
  em.persist(affiliation);
  await em.flush();
  return affiliation;
}

/** A new title or unit from a date: the current affiliation ends and a new one takes over. */
export async function changeAffiliation(
  em: EntityManager,
  access: Access,
  input: ChangeAffiliationInput,
) {
  const current = await getByGlobalId(em, Affiliation, input.affiliationId, 'affiliationId', {
    lock: true,
  });
  await access.requireEditorOf(ownedBy(current), 'change this employment');
  const next = new Affiliation();
  next.person = current.person;
  next.kommune = current.kommune;
  next.organization = current.organization;
  next.title = input.title === undefined ? current.title : input.title;
  next.unit = input.unit === undefined ? current.unit : input.unit;
  next.validFrom = input.from;
  next.validTo = current.validTo;
  endValidity(current, input.from, 'The affiliation');
  // End first, then insert: the exclusion constraint sees no overlap.
  await em.flush();
  em.persist(next);
  await em.flush();
  return next;
}

export async function endAffiliation(em: EntityManager, access: Access, input: EndInput) {
  const affiliation = await getByGlobalId(em, Affiliation, input.id, 'id', { lock: true });
  await access.requireEditorOf(ownedBy(affiliation), 'end this employment');
  endValidity(affiliation, input.on ?? today(), 'The affiliation');
  await em.flush();
  return affiliation;
}
