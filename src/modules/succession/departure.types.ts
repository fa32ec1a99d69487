import { LocalDateResolver } from '../../common/local-date';
import { Field, Float, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { LongText } from '../../common/validation';
import { BaseEntity } from '../../db/base.entity';
import { ExperienceClaim } from '../claims/claims.entity';
import { Membership } from '../groups/groups.entity';
import { Affiliation, Person } from '../people/people.entity';
import { Handover } from './succession.entity';

@InputType({
  description:
    'What the leaver hands to whom: give exactly one of membershipId, groupId, productId, topicId.',
})
export class DepartureHandoverInput {
  @Field(() => ID, {
    nullable: true,
    description: 'A seat of the leaver; the successor takes it over with its role.',
  })
  membershipId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'A group the successor takes responsibility for.',
  })
  groupId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'A product the successor takes responsibility for.',
  })
  productId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'A topic the successor becomes the one to ask about.',
  })
  topicId?: string | null;

  @Field(() => ID, { description: 'Who takes over.' })
  successorId!: string;

  @Field(() => String, { nullable: true, description: 'What the successor needs to know.' })
  @LongText()
  note?: string | null;
}

@InputType({ description: 'A person leaves the network on a date.' })
export class RecordDepartureInput {
  @Field(() => ID, { description: 'Who leaves.' })
  personId!: string;

  @Field(() => LocalDateResolver, {
    description: 'The first day they are gone: employments and seats end on it.',
  })
  date!: string;

  @Field(() => String, { nullable: true, description: 'Why, or where they went.' })
  @LongText()
  note?: string | null;

  @Field(() => [DepartureHandoverInput], {
    defaultValue: [],
    description: 'Roles and responsibilities handed over.',
  })
  handovers?: DepartureHandoverInput[];
}

/** Why something is at risk. */
export enum RiskKind {
  GROUP_WITHOUT_COORDINATOR = 'GROUP_WITHOUT_COORDINATOR',
  TOPIC_WITHOUT_HOLDER = 'TOPIC_WITHOUT_HOLDER',
  BUS_FACTOR_ONE = 'BUS_FACTOR_ONE',
  BUS_FACTOR_ZERO = 'BUS_FACTOR_ZERO',
  MEMBERSHIP_ENDING = 'MEMBERSHIP_ENDING',
  STALE_CLAIM = 'STALE_CLAIM',
}

registerEnumType(RiskKind, {
  name: 'RiskKind',
  description: 'Why knowledge or responsibility is at risk.',
  valuesConfig: {
    GROUP_WITHOUT_COORDINATOR: { description: 'A group has no active tovholder or koordinator.' },
    TOPIC_WITHOUT_HOLDER: {
      description: 'Nobody active in the network claims experience with a topic any more.',
    },
    BUS_FACTOR_ONE: {
      description: 'A topic, product or group whose active knowledge rests on one person.',
    },
    BUS_FACTOR_ZERO: {
      description: 'A topic, product or group nobody active holds knowledge of any more.',
    },
    MEMBERSHIP_ENDING: { description: 'A seat that ends within the horizon.' },
    STALE_CLAIM: {
      description: 'A self-declared claim (no endorsements) not confirmed for 24 months.',
    },
  },
});

/** Something that now rests on too few people. */
@ObjectType({ description: 'Knowledge or responsibility at risk, and why.' })
export class RiskItem {
  @Field(() => RiskKind, { description: 'Why it is at risk.' })
  kind!: RiskKind;

  @Field(() => BaseEntity, {
    description: 'What is at risk: a topic, product, group, seat or claim.',
  })
  subject!: BaseEntity;

  @Field(() => String, { description: 'Why, in plain Danish.' })
  reason!: string;

  @Field(() => [Person], { description: 'The people involved (who left, who remain).' })
  people!: Person[];
}

/** What a departure did. */
@ObjectType({ description: 'What a departure changed, and what is now at risk.' })
export class DepartureReport {
  @Field(() => Person, { description: 'The person who left.' })
  person!: Person;

  @Field(() => [Affiliation], { description: 'Employments that ended.' })
  endedAffiliations!: Affiliation[];

  @Field(() => [Membership], { description: 'Seats in groups that ended.' })
  endedMemberships!: Membership[];

  @Field(() => [ExperienceClaim], {
    description: 'Claims that were still ongoing and now end on the departure date.',
  })
  endedClaims!: ExperienceClaim[];

  @Field(() => [Handover], { description: 'What was handed to successors.' })
  handovers!: Handover[];

  @Field(() => [RiskItem], {
    description: 'Groups and topics the departure leaves without anyone.',
  })
  knowledgeAtRisk!: RiskItem[];
}

/** Someone who could take over. */
@ObjectType({ description: 'A person who could take over from a leaver, with the reasons.' })
export class SuccessorCandidate {
  @Field(() => Person, { description: 'The candidate.' })
  person!: Person;

  @Field(() => Float, { description: 'How good a fit (higher is better); see the reasons.' })
  score!: number;

  @Field(() => [String], {
    description: 'Why, in plain Danish: shared topics, groups, products, closeness, availability.',
  })
  reasons!: string[];
}

@InputType({
  description: 'Where to look for knowledge at risk; give at most one (none: everything).',
})
export class RiskScope {
  @Field(() => ID, {
    nullable: true,
    description:
      'Groups with members from this kommune, its people’s seats and claims, the topics they claim, its products.',
  })
  kommuneId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The product, its groups and their seats, its topics.',
  })
  productId?: string;

  @Field(() => ID, { nullable: true, description: 'The group and its seats, its topics.' })
  groupId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The topic, the groups on it and their seats, the claims on it.',
  })
  topicId?: string;
}
