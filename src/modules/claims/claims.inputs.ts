import { LocalDateResolver } from '../../common/local-date';
import { Field, ID, InputType } from 'type-graphql';
import { LongText } from '../../common/validation';
import { ClaimLevel } from './claims.entity';

@InputType({ description: 'A person states experience with a topic.' })
export class AddExperienceClaimInput {
  @Field(() => ID, { description: 'The person.' })
  personId!: string;

  @Field(() => ID, { description: 'The topic.' })
  topicId!: string;

  @Field(() => ClaimLevel, { description: 'How much experience.' })
  level!: ClaimLevel;

  @Field(() => String, { nullable: true, description: 'The story behind it.' })
  @LongText()
  narrative?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When the experience began.' })
  validFrom?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When it ended, if it has.' })
  validTo?: string | null;

  @Field(() => ID, { nullable: true, description: 'The product it came from.' })
  productId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The procurement it came from.' })
  procurementId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The group it came from.' })
  groupId?: string | null;
}

@InputType({ description: 'Changes to a claim; saving it also confirms that it still holds.' })
export class UpdateExperienceClaimInput {
  @Field(() => ClaimLevel, { nullable: true, description: 'How much experience.' })
  level?: ClaimLevel;

  @Field(() => String, { nullable: true, description: 'The story behind it.' })
  @LongText()
  narrative?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When the experience began.' })
  validFrom?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When it ended.' })
  validTo?: string | null;
}

@InputType({ description: 'A peer vouches for someone’s claim.' })
export class EndorseExperienceClaimInput {
  @Field(() => ID, { description: 'The claim.' })
  claimId!: string;

  @Field(() => ID, { description: 'The person endorsing it.' })
  endorserId!: string;

  @Field(() => String, { nullable: true, description: 'What the endorser has seen.' })
  @LongText()
  comment?: string | null;
}
