import type { EntityManager } from '@mikro-orm/postgresql';
import { toGlobalId } from '../../src/common/global-id';
import type { BaseEntity } from '../../src/db/base.entity';
import {
  Group,
  GroupKind,
  Membership,
  MembershipRole,
} from '../../src/modules/groups/groups.entity';
import {
  Kommune,
  Organization,
  OrganizationKind,
} from '../../src/modules/kommuner/kommuner.entity';
import { Affiliation, Person } from '../../src/modules/people/people.entity';
import { Product } from '../../src/modules/products/products.entity';
import { Topic, TopicKind } from '../../src/modules/topics/topics.entity';

let sequence = 0;
const next = () => (sequence += 1);

/** The global ID of an entity, as the API shows it. */
export function gid(entity: BaseEntity): string {
  return toGlobalId(entity.constructor.name, entity.id);
}

async function save<T extends object>(em: EntityManager, entity: T): Promise<T> {
  await em.persistAndFlush(entity);
  return entity;
}

export function buildKommune(em: EntityManager, overrides: Partial<Kommune> = {}) {
  const n = next();
  return save(
    em,
    Object.assign(new Kommune(), {
      code: String(9000 + (n % 1000)).padStart(4, '0'),
      name: `Testkommune ${n}`,
      officialName: `Testkommune ${n} Kommune`,
      region: 'Region Midtjylland',
      regionCode: '1082',
      ...overrides,
    }),
  );
}

export function buildOrganization(em: EntityManager, overrides: Partial<Organization> = {}) {
  const n = next();
  return save(
    em,
    Object.assign(new Organization(), {
      slug: `org-${n}`,
      name: `Organisation ${n}`,
      kind: OrganizationKind.SUPPLIER,
      ...overrides,
    }),
  );
}

export function buildPerson(em: EntityManager, overrides: Partial<Person> = {}) {
  const n = next();
  return save(em, Object.assign(new Person(), { name: `Person ${n}`, ...overrides }));
}

export function buildAffiliation(
  em: EntityManager,
  person: Person,
  employer: Kommune | Organization,
  overrides: Partial<Affiliation> = {},
) {
  const affiliation = Object.assign(new Affiliation(), {
    person,
    validFrom: '2020-01-01',
    ...overrides,
  });
  if (employer instanceof Kommune) affiliation.kommune = employer;
  else affiliation.organization = employer;
  return save(em, affiliation);
}

export function buildTopic(em: EntityManager, overrides: Partial<Topic> = {}) {
  const n = next();
  return save(
    em,
    Object.assign(new Topic(), {
      slug: `topic-${n}`,
      kind: TopicKind.ARCHITECTURE,
      labelDa: `Emne ${n}`,
      labelEn: `Topic ${n}`,
      ...overrides,
    }),
  );
}

export function buildProduct(em: EntityManager, overrides: Partial<Product> = {}) {
  const n = next();
  return save(
    em,
    Object.assign(new Product(), { slug: `product-${n}`, name: `OS2test${n}`, ...overrides }),
  );
}

export function buildGroup(em: EntityManager, overrides: Partial<Group> = {}) {
  const n = next();
  return save(
    em,
    Object.assign(new Group(), {
      slug: `group-${n}`,
      name: `Gruppe ${n}`,
      kind: GroupKind.KOORDINATIONSGRUPPE,
      validFrom: '2019-01-01',
      ...overrides,
    }),
  );
}

export function buildMembership(
  em: EntityManager,
  group: Group,
  person: Person,
  overrides: Partial<Membership> = {},
) {
  return save(
    em,
    Object.assign(new Membership(), {
      group,
      person,
      role: MembershipRole.MEDLEM,
      validFrom: '2020-01-01',
      ...overrides,
    }),
  );
}
