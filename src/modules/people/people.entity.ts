import type { Rel } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { LocalDateResolver } from '../../common/local-date';
import { Authorized, Field, ObjectType, registerEnumType } from 'type-graphql';
import { Searchable } from '../../search/searchable';
import { BaseEntity, TemporalEntity } from '../../db/base.entity';
import { Kommune, Organization } from '../kommuner/kommuner.entity';

/** Whether a person is still part of the network. */
export enum PersonStatus {
  ACTIVE = 'ACTIVE',
  LEFT = 'LEFT',
  ERASED = 'ERASED',
}

registerEnumType(PersonStatus, {
  name: 'PersonStatus',
  description: 'Whether a person is still part of the network.',
  valuesConfig: {
    ACTIVE: { description: 'Works in the network today.' },
    LEFT: { description: 'Has left; their history and contributions stay.' },
    ERASED: { description: 'Personal data erased on request; contributions kept, pseudonymised.' },
  },
});

/** Who may see a person's e-mail address and phone number. */
export enum ContactVisibility {
  MEMBERS = 'MEMBERS',
  COLLEAGUES = 'COLLEAGUES',
  PRIVATE = 'PRIVATE',
}

registerEnumType(ContactVisibility, {
  name: 'ContactVisibility',
  description:
    'Who may see a person’s e-mail address and phone number. The person themself and admins always can; anonymous callers never.',
  valuesConfig: {
    MEMBERS: { description: 'Every signed-in member of the network.' },
    COLLEAGUES: {
      description:
        'Signed-in members of a kommune or organisation the person works for (the default).',
    },
    PRIVATE: { description: 'Nobody but the person themself and admins.' },
  },
});

/** Someone in the network: a consultant, project lead, coordinator, supplier representative … */
@Authorized()
@ObjectType({
  implements: BaseEntity,
  description:
    'A person in the network: who they are, how to reach them, and whether they take questions.',
})
@Entity()
@Index({
  name: 'person_name_trgm',
  expression: 'create index "person_name_trgm" on "person" using gin ("name" gin_trgm_ops)',
})
// One person per e-mail address, whatever its case (`A@x.dk` is `a@x.dk`); imports match by it.
@Unique({
  name: 'person_email_unique',
  expression: 'create unique index "person_email_unique" on "person" (lower("email"))',
})
@Searchable('person', ['name', "coalesce(title, '')", "coalesce(bio, '')"])
export class Person extends BaseEntity {
  @Field(() => String, { description: 'Full name.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Job title, e.g. "Specialkonsulent i digitalisering".',
  })
  @Property({ type: 'text', nullable: true })
  title?: string | null;

  // e-mail and phone are fields of PersonResolver: they show as the person's contactVisibility allows.
  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @Property({ type: 'text', nullable: true })
  phone?: string | null;

  @Field(() => ContactVisibility, {
    description: 'Who may see the person’s e-mail address and phone number.',
  })
  @Enum({ items: () => ContactVisibility, default: ContactVisibility.COLLEAGUES })
  contactVisibility: ContactVisibility = ContactVisibility.COLLEAGUES;

  @Field(() => String, {
    nullable: true,
    description: 'A short biography in the person’s own words.',
  })
  @Property({ type: 'text', nullable: true })
  bio?: string | null;

  @Field(() => [String], {
    description: 'Languages the person works in, as ISO 639-1 codes (e.g. "da", "en").',
  })
  @Property({ type: 'text[]', default: '{}' })
  languages: string[] = [];

  @Field(() => Boolean, {
    description: 'Whether the person is happy to be asked questions by peers.',
  })
  @Property({ type: 'boolean', default: false })
  openToQuestions: boolean = false;

  @Field(() => Boolean, {
    description: 'Whether the person consents to be listed in the expert search.',
  })
  @Property({ type: 'boolean', default: true })
  listedAsExpert: boolean = true;

  @Field(() => PersonStatus, { description: 'Whether the person is still part of the network.' })
  @Enum({ items: () => PersonStatus, default: PersonStatus.ACTIVE })
  status: PersonStatus = PersonStatus.ACTIVE;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'The day the person left the network (their roles ended), if they have.',
  })
  @Property({ type: 'date', nullable: true })
  departedOn?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the person’s personal data was erased on request, if it was.',
  })
  @Property({ type: 'timestamptz', nullable: true })
  erasedAt?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Key in the source system this person was imported from.',
  })
  @Property({ type: 'text', nullable: true })
  @Unique({ name: 'person_external_id_unique' })
  externalId?: string | null;
}

/** A person works for a kommune or an organisation, for a period. */
@Authorized()
@ObjectType({
  implements: BaseEntity,
  description:
    'A person’s employment with a kommune or an organisation over a period. People move between kommuner; the history is kept.',
})
@Entity()
@Check({
  name: 'affiliation_one_employer',
  expression: '(kommune_id is null) <> (organization_id is null)',
})
@Check({
  name: 'affiliation_valid_period',
  expression: 'valid_to is null or valid_to > valid_from',
})
// One person cannot have two overlapping employments with the same employer. (an exclusion constraint, so concurrent writers cannot both succeed)
@Index({
  name: 'affiliation_no_overlap',
  expression:
    'alter table "affiliation" add constraint "affiliation_no_overlap" exclude using gist ("person_id" with =, (coalesce("kommune_id", "organization_id")) with =, daterange("valid_from", "valid_to") with &&)',
})
export class Affiliation extends TemporalEntity {
  @Index()
  @ManyToOne(() => Person, { deleteRule: 'cascade' })
  person!: Rel<Person>;

  @Index()
  @ManyToOne(() => Kommune, { nullable: true })
  kommune?: Rel<Kommune> | null;

  @Index()
  @ManyToOne(() => Organization, { nullable: true })
  organization?: Rel<Organization> | null;

  @Field(() => String, { nullable: true, description: 'Job title in this employment.' })
  @Property({ type: 'text', nullable: true })
  title?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Unit or department, e.g. "IT og Digitalisering".',
  })
  @Property({ type: 'text', nullable: true })
  unit?: string | null;
}
