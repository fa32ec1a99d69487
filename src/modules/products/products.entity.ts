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
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Searchable } from '../../search/searchable';
import { BaseEntity, TemporalEntity } from '../../db/base.entity';
import { Kommune, Organization } from '../kommuner/kommuner.entity';
import { Topic } from '../topics/topics.entity';

/** Where an OS2 product is in its life. */
export enum ProductStage {
  IDEA = 'IDEA',
  CROWDFUNDING = 'CROWDFUNDING',
  TILSLUTNINGSAFTALE = 'TILSLUTNINGSAFTALE',
  DEVELOPMENT = 'DEVELOPMENT',
  OPERATION = 'OPERATION',
  RETIRED = 'RETIRED',
}

registerEnumType(ProductStage, {
  name: 'ProductStage',
  description: 'Where an OS2 product is in its life, from idea to retirement.',
  valuesConfig: {
    IDEA: { description: 'Idé: an idea looking for kommuner that share the need.' },
    CROWDFUNDING: { description: 'Crowdfunding, runde 1: kommuner fund the solution description.' },
    TILSLUTNINGSAFTALE: {
      description:
        'Runde 2: kommuner sign a tilslutningsaftale (accession agreement) to join and pay.',
    },
    DEVELOPMENT: { description: 'Udvikling: being built.' },
    OPERATION: { description: 'Drift: in production and maintained.' },
    RETIRED: { description: 'Udfaset: archived or handed over.' },
  },
});

/** An OS2 product co-owned by kommuner. */
@ObjectType({
  implements: BaseEntity,
  description:
    'An OS2 product that kommuner co-own, e.g. OS2mo, OS2sofd, OS2rollekatalog, OS2kravmotor.',
})
@Entity()
@Searchable('product', [
  "name || ' ' || coalesce(name_en, '') || ' ' || search_join(aliases)",
  "coalesce(summary_da, '')",
  "coalesce(summary, '')",
])
export class Product extends BaseEntity {
  @Field(() => String, { description: 'Stable, URL-friendly key, e.g. "os2kravmotor".' })
  @Property({ type: 'text' })
  @Unique({ name: 'product_slug_unique' })
  slug!: string;

  @Field(() => String, { description: 'Product name, e.g. "OS2kravmotor".' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'What the product is called in English, e.g. "Role catalogue" for OS2rollekatalog.',
  })
  @Property({ type: 'text', nullable: true })
  nameEn?: string | null;

  @Field(() => [String], {
    description:
      'Other names people use for the product, in Danish and English (e.g. "SOFD", "SOFD Core"); the searches recognise the product by them.',
  })
  @Property({ type: 'text[]', default: '{}' })
  aliases: string[] = [];

  /** Its names, slug and aliases as phrases, by which a query names it (migration SearchNames). */
  @Property({
    type: 'unknown',
    columnType: 'tsquery',
    generated: '(search_names(array[name, name_en] || search_slug_names(slug) || aliases)) stored',
    lazy: true,
    hidden: true,
    nullable: true,
  })
  nameQuery?: unknown;

  @Field(() => String, { nullable: true, description: 'What the product does, in English.' })
  @Property({ type: 'text', nullable: true })
  summary?: string | null;

  @Field(() => String, { nullable: true, description: 'What the product does, in Danish.' })
  @Property({ type: 'text', nullable: true })
  summaryDa?: string | null;

  @Field(() => String, { nullable: true, description: 'Category, e.g. "identity-and-access".' })
  @Index()
  @Property({ type: 'text', nullable: true })
  category?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the source code lives.' })
  @Property({ type: 'text', nullable: true })
  repository?: string | null;

  @Field(() => ProductStage, { description: 'Where the product is in its life.' })
  @Enum({ items: () => ProductStage, default: ProductStage.OPERATION })
  stage: ProductStage = ProductStage.OPERATION;

  @ManyToMany(() => Organization)
  suppliers = new Collection<Organization>(this);

  @ManyToMany(() => Topic)
  topics = new Collection<Topic>(this);
}

/** How far a kommune has come with a product. */
export enum AdoptionStatus {
  INTERESTED = 'INTERESTED',
  FUNDING = 'FUNDING',
  SIGNED = 'SIGNED',
  IN_PRODUCTION = 'IN_PRODUCTION',
  LEFT = 'LEFT',
}

registerEnumType(AdoptionStatus, {
  name: 'AdoptionStatus',
  description: 'How far a kommune has come with a product.',
  valuesConfig: {
    INTERESTED: { description: 'Interested, following the product.' },
    FUNDING: { description: 'Took part in a crowdfunding round.' },
    SIGNED: { description: 'Signed the tilslutningsaftale (accession agreement).' },
    IN_PRODUCTION: { description: 'Uses the product in production.' },
    LEFT: { description: 'Has left the product.' },
  },
});

/** A kommune's relation to a product over a period. */
@ObjectType({
  implements: BaseEntity,
  description:
    'A kommune’s adoption of a product over a period: interested, funding, signed, in production or left.',
})
@Entity()
@Check({
  name: 'product_adoption_valid_period',
  expression: 'valid_to is null or valid_to > valid_from',
})
// A kommune has one adoption record for a product at a time. (an exclusion constraint, so concurrent writers cannot both succeed)
@Index({
  name: 'product_adoption_no_overlap',
  expression:
    'alter table "product_adoption" add constraint "product_adoption_no_overlap" exclude using gist ("kommune_id" with =, "product_id" with =, daterange("valid_from", "valid_to") with &&)',
})
export class ProductAdoption extends TemporalEntity {
  @Index()
  @ManyToOne(() => Kommune)
  kommune!: Rel<Kommune>;

  @Index()
  @ManyToOne(() => Product)
  product!: Rel<Product>;

  @Field(() => AdoptionStatus, { description: 'How far the kommune has come.' })
  @Enum({ items: () => AdoptionStatus })
  status!: AdoptionStatus;

  @Field(() => String, {
    nullable: true,
    description: 'A note, e.g. where the information comes from.',
  })
  @Property({ type: 'text', nullable: true })
  note?: string | null;
}
