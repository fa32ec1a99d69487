import type { Rel } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { LocalDateResolver } from '../../common/local-date';
import { Authorized, Field, ObjectType, registerEnumType } from 'type-graphql';
import { Searchable } from '../../search/searchable';
import { BaseEntity } from '../../db/base.entity';
import { Group } from '../groups/groups.entity';
import { Person } from '../people/people.entity';
import { Procurement } from '../procurements/procurements.entity';
import { Product } from '../products/products.entity';
import { Topic } from '../topics/topics.entity';

/** How much experience a claim states. */
export enum ClaimLevel {
  BASIC = 'BASIC',
  WORKING = 'WORKING',
  EXPERT = 'EXPERT',
}

registerEnumType(ClaimLevel, {
  name: 'ClaimLevel',
  description: 'How much experience a person states.',
  valuesConfig: {
    BASIC: { description: 'Has been involved and knows the basics.' },
    WORKING: { description: 'Has done it; can help others get started.' },
    EXPERT: { description: 'Has led it or done it many times; others ask them.' },
  },
});

/** "I have experience with topic T": a person's statement, backed by peers' endorsements. */
@Authorized()
@ObjectType({
  implements: BaseEntity,
  description:
    'A person’s statement of experience with a topic, with level, story and period, linked to where it came from and endorsed by peers.',
})
@Entity()
@Check({
  name: 'experience_claim_valid_period',
  expression: 'valid_to is null or valid_to >= valid_from',
})
@Searchable('experience_claim', ["''", "coalesce(narrative, '')", "''"])
export class ExperienceClaim extends BaseEntity {
  @Index()
  @ManyToOne(() => Person, { deleteRule: 'cascade' })
  person!: Rel<Person>;

  @Index()
  @ManyToOne(() => Topic)
  topic!: Rel<Topic>;

  @Field(() => ClaimLevel, { description: 'How much experience is claimed.' })
  @Enum({ items: () => ClaimLevel })
  level!: ClaimLevel;

  @Field(() => String, {
    nullable: true,
    description: 'The story behind the claim, in the person’s own words.',
  })
  @Property({ type: 'text', nullable: true })
  narrative?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When the experience began.' })
  @Property({ type: 'date', nullable: true })
  validFrom?: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When the experience ended; null if ongoing.',
  })
  @Property({ type: 'date', nullable: true })
  validTo?: string | null;

  @ManyToOne(() => Product, { nullable: true })
  product?: Rel<Product> | null;

  @ManyToOne(() => Procurement, { nullable: true })
  procurement?: Rel<Procurement> | null;

  @ManyToOne(() => Group, { nullable: true })
  group?: Rel<Group> | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the person withdrew the claim; withdrawn claims no longer count.',
  })
  @Property({ type: 'timestamptz', nullable: true })
  withdrawnAt?: Date | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When the person last confirmed the claim still holds.',
  })
  @Property({ type: 'date', nullable: true })
  confirmedOn?: string | null;
}

/** A peer vouches for a claim. */
@Authorized()
@ObjectType({ implements: BaseEntity, description: 'A peer’s endorsement of an experience claim.' })
@Entity()
@Unique({ name: 'claim_endorsement_unique', properties: ['claim', 'endorser'] })
export class ClaimEndorsement extends BaseEntity {
  @Index()
  @ManyToOne(() => ExperienceClaim, { deleteRule: 'cascade' })
  claim!: Rel<ExperienceClaim>;

  @Index()
  @ManyToOne(() => Person, { deleteRule: 'cascade' })
  endorser!: Rel<Person>;

  @Field(() => String, { nullable: true, description: 'What the endorser has seen the person do.' })
  @Property({ type: 'text', nullable: true })
  comment?: string | null;
}
