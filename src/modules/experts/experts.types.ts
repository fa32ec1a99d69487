import { IsOptional, MaxLength } from 'class-validator';
import { LocalDateResolver } from '../../common/local-date';
import { Field, Float, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../common/pagination';
import type { Person } from '../people/people.entity';
import { EvidenceKind } from './evidence';
import type { EvidenceRow } from './experts.service';

registerEnumType(EvidenceKind, {
  name: 'EvidenceKind',
  description: 'What kind of thing a piece of evidence is.',
  valuesConfig: {
    CLAIM: {
      description: 'An experience claim the person made (weighed by level and endorsements).',
    },
    MEMBERSHIP: { description: 'A seat in a group (weighed by role and tenure).' },
    PROCUREMENT: { description: 'A part in a procurement (weighed by role and outcome).' },
    REQUIREMENT: {
      description: 'A requirement the person wrote (weighed by how often it was used).',
    },
    KNOWLEDGE: { description: 'A knowledge note the person wrote.' },
  },
});

/** One reason a person ranks where they do. */
@ObjectType({ description: 'One piece of evidence behind an expert’s rank, and why it counts.' })
export class Evidence {
  @Field(() => EvidenceKind, { description: 'What kind of evidence it is.' })
  kind!: EvidenceKind;

  /** Loaded by the resolver from `row`. */
  row!: EvidenceRow;

  @Field(() => String, {
    nullable: true,
    description: 'The role, level or kind the weight comes from, e.g. TOVHOLDER, EXPERT.',
  })
  role?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When it began, where known.' })
  validFrom?: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When it ended; null while it holds.',
  })
  validTo?: string | null;

  @Field(() => Float, {
    description: 'How much this kind of evidence weighs (role, level, endorsements, tenure).',
  })
  weight!: number;

  @Field(() => Float, {
    description: 'How well it matches the query (text match, plus 1 for a named topic).',
  })
  relevance!: number;

  @Field(() => Float, {
    description: 'Recency factor: 1 while current, halving every five years after.',
  })
  recency!: number;

  @Field(() => Float, { description: 'What it adds to the score: weight × relevance × recency.' })
  contribution!: number;

  @Field(() => String, { description: 'Why it counts, in plain Danish.' })
  reason!: string;
}

/** A person found by the expert search. */
@ObjectType({
  description: 'A person the expert search found, with the score and the evidence behind it.',
})
export class ExpertHit {
  person!: Person;

  @Field(() => Float, {
    description: 'The sum of the evidence’s contributions (halved for people who left).',
  })
  score!: number;

  @Field(() => [Evidence], { description: 'The evidence that counted most, strongest first.' })
  evidence!: Evidence[];
}

/** A page of the expert search, with whether more people than were ranked have evidence. */
@ObjectType('ExpertHitConnection', { description: 'A page of ExpertHit items (Relay connection).' })
export class ExpertConnection extends Connection(ExpertHit, 'ExpertHit', { extended: true }) {
  @Field(() => Boolean, {
    description:
      'Whether more people have evidence for the query than were ranked: without a filter, a broad query in a large network ranks only the people with the most evidence for its words and topics, and `totalCount` counts those with a score. A filter (kommune, region, organisation, group, product, topic) weighs everyone it admits.',
  })
  totalCountIsLowerBound!: boolean;
}

/** Filters of the expert search. */
@InputType({ description: 'Narrows the expert search.' })
export class ExpertFilter {
  @Field(() => ID, {
    nullable: true,
    description:
      'Only people working for this kommune (or, for people who left, last working there).',
  })
  kommuneId?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only people working in a kommune of this region.',
  })
  @IsOptional()
  @MaxLength(200)
  region?: string;

  @Field(() => ID, { nullable: true, description: 'Only people working for this organisation.' })
  organizationId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Only people who sit or sat in a group for this product.',
  })
  productId?: string;

  @Field(() => ID, { nullable: true, description: 'Only people who sit or sat in this group.' })
  groupId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Only people with a standing claim on this topic.',
  })
  topicId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only people still active in the network.' })
  activeOnly?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Only people happy to be asked questions.' })
  openToQuestions?: boolean;
}
