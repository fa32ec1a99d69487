import type { Rel } from '@mikro-orm/core';
import {
  Check,
  Collection,
  Entity,
  Enum,
  Index,
  ManyToMany,
  ManyToOne,
  Property,
  Unique,
} from '@mikro-orm/core';
import { Authorized, Field, ObjectType, registerEnumType } from 'type-graphql';
import { Searchable } from '../../search/searchable';
import { BaseEntity, TemporalEntity } from '../../db/base.entity';
import { Kommune, Organization } from '../kommuner/kommuner.entity';
import { Person } from '../people/people.entity';
import { Product } from '../products/products.entity';
import { Topic } from '../topics/topics.entity';

/** The kinds of group the OS2 community runs. */
export enum GroupKind {
  STYREGRUPPE = 'STYREGRUPPE',
  KOORDINATIONSGRUPPE = 'KOORDINATIONSGRUPPE',
  PROJEKTGRUPPE = 'PROJEKTGRUPPE',
  KRAVREDAKTION = 'KRAVREDAKTION',
  NETVAERK = 'NETVAERK',
  ARBEJDSGRUPPE = 'ARBEJDSGRUPPE',
}

registerEnumType(GroupKind, {
  name: 'GroupKind',
  description: 'The kinds of group the OS2 community runs.',
  valuesConfig: {
    STYREGRUPPE: {
      description: 'Styregruppe: steering group deciding a product’s direction and budget.',
    },
    KOORDINATIONSGRUPPE: {
      description: 'Koordinationsgruppe: coordination group running a product day to day.',
    },
    PROJEKTGRUPPE: { description: 'Projektgruppe: project group building something.' },
    KRAVREDAKTION: {
      description: 'Kravredaktion: editorial board for requirements (e.g. OS2kravmotor).',
    },
    NETVAERK: { description: 'Netværk: an inter-municipal network or club, e.g. 3K or DIGIT.' },
    ARBEJDSGRUPPE: { description: 'Arbejdsgruppe: working group on a delimited task.' },
  },
});

/** A group of people working together over a period. */
@ObjectType({
  implements: BaseEntity,
  description:
    'A group in the community: styregruppe, koordinationsgruppe, projektgruppe, kravredaktion, netværk or arbejdsgruppe, optionally for one product.',
})
@Entity({ tableName: 'group' })
@Index({
  name: 'group_name_trgm',
  expression: 'create index "group_name_trgm" on "group" using gin ("name" gin_trgm_ops)',
})
@Check({ name: 'group_valid_period', expression: 'valid_to is null or valid_to > valid_from' })
@Searchable('group', ['name', "coalesce(description, '')", "''"])
export class Group extends TemporalEntity {
  @Field(() => String, {
    description: 'Stable, URL-friendly key, e.g. "os2kravmotor-kravredaktion".',
  })
  @Property({ type: 'text' })
  @Unique({ name: 'group_slug_unique' })
  slug!: string;

  @Field(() => String, { description: 'Name of the group.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => GroupKind, { description: 'What kind of group it is.' })
  @Index()
  @Enum({ items: () => GroupKind })
  kind!: GroupKind;

  @Field(() => String, { nullable: true, description: 'What the group is for and how it works.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Index()
  @ManyToOne(() => Product, { nullable: true })
  product?: Rel<Product> | null;

  @ManyToMany(() => Topic)
  topics = new Collection<Topic>(this);
}

/** The roles a person can hold in a group. */
export enum MembershipRole {
  FORMAND = 'FORMAND',
  TOVHOLDER = 'TOVHOLDER',
  KOORDINATOR = 'KOORDINATOR',
  MEDLEM = 'MEDLEM',
  SEKRETAER = 'SEKRETAER',
  LEVERANDOERREPRAESENTANT = 'LEVERANDOERREPRAESENTANT',
}

registerEnumType(MembershipRole, {
  name: 'MembershipRole',
  description: 'The role a person holds in a group.',
  valuesConfig: {
    FORMAND: { description: 'Formand: chair.' },
    TOVHOLDER: {
      description: 'Tovholder: the one who holds the threads, convening and following up.',
    },
    KOORDINATOR: { description: 'Koordinator: the product’s coordinator (often a paid role).' },
    MEDLEM: { description: 'Medlem: member.' },
    SEKRETAER: { description: 'Sekretær: secretary.' },
    LEVERANDOERREPRAESENTANT: {
      description: 'Leverandørrepræsentant: the supplier’s representative.',
    },
  },
});

/** A person's seat in a group, with a role, for a period. */
@ObjectType({
  implements: BaseEntity,
  description: 'A person’s membership of a group: role, whom they represent, and the period.',
})
@Entity()
@Check({ name: 'membership_valid_period', expression: 'valid_to is null or valid_to > valid_from' })
// One person cannot hold two overlapping seats in the same group: an exclusion constraint, so
// concurrent writers cannot both succeed. It leads with group_id, so that a generic plan for
// the seats of a group does not scan all of it (see the MembershipOverlapKey migration), and
// keys the person by text, so that no lookup by person scans it (MembershipPersonLookup).
@Index({
  name: 'membership_no_overlap',
  expression:
    'alter table "membership" add constraint "membership_no_overlap" exclude using gist ("group_id" with =, ("person_id"::text) with =, daterange("valid_from", "valid_to") with &&)',
})
export class Membership extends TemporalEntity {
  @Index()
  @ManyToOne(() => Person, { deleteRule: 'cascade' })
  person!: Rel<Person>;

  @Index()
  @ManyToOne(() => Group)
  group!: Rel<Group>;

  @Field(() => MembershipRole, { description: 'The role held.' })
  @Enum({ items: () => MembershipRole })
  role!: MembershipRole;

  @ManyToOne(() => Kommune, { nullable: true })
  representingKommune?: Rel<Kommune> | null;

  @ManyToOne(() => Organization, { nullable: true })
  representingOrganization?: Rel<Organization> | null;

  // Free text about a person's seat: for members, not for anonymous callers.
  @Authorized()
  @Field(() => String, {
    nullable: true,
    description: 'A note on the membership (for signed-in callers: it may speak of the person).',
  })
  @Property({ type: 'text', nullable: true })
  note?: string | null;
}

/** Order in which roles are listed: those who hold the threads first. */
const ROLE_ORDER: MembershipRole[] = [
  MembershipRole.TOVHOLDER,
  MembershipRole.KOORDINATOR,
  MembershipRole.FORMAND,
  MembershipRole.SEKRETAER,
  MembershipRole.MEDLEM,
  MembershipRole.LEVERANDOERREPRAESENTANT,
];

/** The order in which a group's seats are read, before {@link byRole} (ties stay in it). */
export const SEAT_ORDER = { validFrom: 'asc', id: 'asc' } as const;

/** Sorts memberships by role (tovholder, koordinator, formand …), then by start date. */
export function byRole(memberships: Membership[]): Membership[] {
  return [...memberships].sort(
    (a, b) =>
      ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) ||
      a.validFrom.localeCompare(b.validFrom),
  );
}
