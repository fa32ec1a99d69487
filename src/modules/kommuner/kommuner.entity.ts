import { Entity, Enum, Index, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';

/** One of the 98 Danish municipalities. */
@ObjectType({
  implements: BaseEntity,
  description: 'A kommune: one of the 98 Danish municipalities, identified by its 4-digit code.',
})
@Entity()
export class Kommune extends BaseEntity {
  @Field(() => String, { description: 'Official 4-digit kommunekode, e.g. "0101" for København.' })
  @Property({ type: 'text' })
  @Unique({ name: 'kommune_code_unique' })
  code!: string;

  @Field(() => String, { description: 'Short name as used in addresses, e.g. "København".' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { description: 'Formal name, e.g. "Københavns Kommune".' })
  @Property({ type: 'text' })
  officialName!: string;

  @Field(() => String, {
    description: 'The region the kommune lies in, e.g. "Region Hovedstaden".',
  })
  @Index()
  @Property({ type: 'text' })
  region!: string;

  @Field(() => String, { description: 'The region’s 4-digit code, e.g. "1084".' })
  @Property({ type: 'text' })
  regionCode!: string;
}

/** What kind of body an organisation is. */
export enum OrganizationKind {
  SECRETARIAT = 'SECRETARIAT',
  SUPPLIER = 'SUPPLIER',
  AGENCY = 'AGENCY',
  ASSOCIATION = 'ASSOCIATION',
  REGION = 'REGION',
  CONSULTANCY = 'CONSULTANCY',
  OTHER = 'OTHER',
}

registerEnumType(OrganizationKind, {
  name: 'OrganizationKind',
  description: 'What kind of body an organisation is.',
  valuesConfig: {
    SECRETARIAT: { description: 'A secretariat, such as OS2’s own (OS2-sekretariatet).' },
    SUPPLIER: { description: 'A supplier (leverandør) that builds or runs products.' },
    AGENCY: { description: 'A state agency, e.g. STIL or Digitaliseringsstyrelsen.' },
    ASSOCIATION: { description: 'An association or community, e.g. KL or OS2 itself.' },
    REGION: { description: 'One of the five Danish regions.' },
    CONSULTANCY: { description: 'A consultancy.' },
    OTHER: { description: 'Anything else.' },
  },
});

/** Everything a person can work for that is not a kommune. */
@ObjectType({
  implements: BaseEntity,
  description:
    'An organisation other than a kommune: OS2’s secretariat, a supplier (leverandør), an agency, KL, a region or a consultancy.',
})
@Entity()
export class Organization extends BaseEntity {
  @Field(() => String, { description: 'Stable, URL-friendly key, e.g. "os2-sekretariatet".' })
  @Property({ type: 'text' })
  @Unique({ name: 'organization_slug_unique' })
  slug!: string;

  @Field(() => String, { description: 'Name of the organisation.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => OrganizationKind, { description: 'What kind of body it is.' })
  @Enum({ items: () => OrganizationKind })
  kind!: OrganizationKind;

  @Field(() => String, {
    nullable: true,
    description: 'Danish CVR number (8 digits), where known.',
  })
  @Property({ type: 'text', nullable: true })
  cvr?: string | null;

  @Field(() => String, { nullable: true, description: 'Web site.' })
  @Property({ type: 'text', nullable: true })
  website?: string | null;

  @Field(() => String, { nullable: true, description: 'A short description.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null;
}
