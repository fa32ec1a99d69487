import { ArrayMaxSize, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../common/pagination';
import {
  LongText,
  MAX_NAME_LENGTH,
  MAX_TEXT_LENGTH,
  NameText,
  OptionalNameText,
  OptionalRequiredText,
  RequiredText,
} from '../../common/validation';
import {
  RequirementImportance,
  RequirementKind,
  RequirementOrigin,
  RequirementSharing,
} from './requirements.entity';

const KLE = /^\d{2}(\.\d{2}){0,2}$/;

/** A list of short labels (tags, principles): at most 50, each 1–200 characters. */
function LabelList(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    ArrayMaxSize(50)(target, key);
    Matches(/\S/, { each: true, message: `${String(key)} must not hold empty labels` })(
      target,
      key,
    );
    MaxLength(MAX_NAME_LENGTH, {
      each: true,
      message: `${String(key)} must hold labels of at most ${MAX_NAME_LENGTH} characters`,
    })(target, key);
  };
}

@InputType({ description: 'A new requirement (krav).' })
export class CreateRequirementInput {
  @Field(() => String, { description: 'Short name.' })
  @NameText()
  title!: string;

  @Field(() => String, { description: 'The requirement as put to suppliers.' })
  @RequiredText()
  text!: string;

  @Field(() => String, { nullable: true, description: 'Why it is asked for.' })
  @LongText()
  rationale?: string | null;

  @Field(() => String, { nullable: true, description: 'Help text.' })
  @LongText()
  helpText?: string | null;

  @Field(() => String, { nullable: true, description: 'Category, e.g. "Logning".' })
  @OptionalNameText()
  category?: string | null;

  @Field(() => String, { nullable: true, description: 'Subcategory within the category.' })
  @OptionalNameText()
  subcategory?: string | null;

  @Field(() => [String], { nullable: true, description: 'Free tags, e.g. ["GDPR"].' })
  @LabelList()
  tags?: string[];

  @Field(() => [String], { nullable: true, description: 'Architecture principles it supports.' })
  @LabelList()
  architecturePrinciples?: string[];

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether it applies to SaaS solutions; null when unknown.',
  })
  relevantForSaas?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether it applies to on-premise solutions; null when unknown.',
  })
  relevantForOnPremise?: boolean | null;

  @Field(() => RequirementOrigin, {
    nullable: true,
    description: 'Its type in OS2kravmotor, when it comes from there.',
  })
  origin?: RequirementOrigin | null;

  @Field(() => RequirementImportance, {
    defaultValue: RequirementImportance.NORMAL,
    description: 'Importance.',
  })
  importance: RequirementImportance = RequirementImportance.NORMAL;

  @Field(() => RequirementKind, {
    defaultValue: RequirementKind.NON_FUNCTIONAL,
    description: 'Functional or not.',
  })
  kind: RequirementKind = RequirementKind.NON_FUNCTIONAL;

  @Field(() => [String], { nullable: true, description: 'KLE numbers, e.g. ["17.01"].' })
  @IsOptional()
  @ArrayMaxSize(50)
  @Matches(KLE, {
    each: true,
    message: 'kleDomains must be KLE numbers like 17, 17.01 or 17.01.05',
  })
  kleDomains?: string[];

  @Field(() => RequirementSharing, {
    defaultValue: RequirementSharing.LOCAL,
    description:
      'How widely it is shared from the start: LOCAL, or PROPOSED to propose it at once; only an admin (the kravredaktion) may add it SHARED. Later changes go through the sharing workflow.',
  })
  sharing: RequirementSharing = RequirementSharing.LOCAL;

  @Field(() => String, { nullable: true, description: 'Its id in OS2kravmotor or another source.' })
  @OptionalNameText()
  externalId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The owning kommune.' })
  owningKommuneId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Topics.' })
  topicIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'The people who wrote it.' })
  authorIds?: string[];
}

@InputType({
  description:
    'Changes to a requirement; omitted fields stay, null clears, lists replace. Its sharing status is not among them: that moves through proposeRequirementForSharing, shareRequirement, declineRequirementSharing and withdrawRequirementProposal, each step audited.',
})
export class UpdateRequirementInput {
  @Field(() => String, { nullable: true, description: 'Short name.' })
  @OptionalNameText()
  title?: string;

  @Field(() => String, { nullable: true, description: 'The requirement text.' })
  @OptionalRequiredText()
  text?: string;

  @Field(() => String, { nullable: true, description: 'Why it is asked for.' })
  @LongText()
  rationale?: string | null;

  @Field(() => String, { nullable: true, description: 'Help text.' })
  @LongText()
  helpText?: string | null;

  @Field(() => String, { nullable: true, description: 'Category.' })
  @OptionalNameText()
  category?: string | null;

  @Field(() => String, { nullable: true, description: 'Subcategory within the category.' })
  @OptionalNameText()
  subcategory?: string | null;

  @Field(() => [String], { nullable: true, description: 'Free tags; a list replaces the old one.' })
  @LabelList()
  tags?: string[];

  @Field(() => [String], { nullable: true, description: 'Architecture principles it supports.' })
  @LabelList()
  architecturePrinciples?: string[];

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether it applies to SaaS solutions; null when unknown.',
  })
  relevantForSaas?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether it applies to on-premise solutions; null when unknown.',
  })
  relevantForOnPremise?: boolean | null;

  @Field(() => RequirementOrigin, {
    nullable: true,
    description: 'Its type in OS2kravmotor, when it comes from there.',
  })
  origin?: RequirementOrigin | null;

  @Field(() => RequirementImportance, { nullable: true, description: 'Importance.' })
  importance?: RequirementImportance;

  @Field(() => RequirementKind, { nullable: true, description: 'Functional or not.' })
  kind?: RequirementKind;

  @Field(() => [String], { nullable: true, description: 'KLE numbers.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @Matches(KLE, {
    each: true,
    message: 'kleDomains must be KLE numbers like 17, 17.01 or 17.01.05',
  })
  kleDomains?: string[];

  @Field(() => ID, { nullable: true, description: 'The owning kommune; null for none.' })
  owningKommuneId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Topics.' })
  topicIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'The people who wrote it.' })
  authorIds?: string[];
}

@ArgsType()
export class RequirementListArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only requirements in this category.' })
  @IsOptional()
  @MaxLength(200)
  category?: string;

  @Field(() => RequirementImportance, {
    nullable: true,
    description: 'Only requirements of this importance.',
  })
  importance?: RequirementImportance;

  @Field(() => RequirementSharing, {
    nullable: true,
    description: 'Only requirements shared this widely.',
  })
  sharing?: RequirementSharing;

  @Field(() => ID, { nullable: true, description: 'Only requirements owned by this kommune.' })
  kommuneId?: string;

  @Field(() => ID, { nullable: true, description: 'Only requirements on this topic.' })
  topicId?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only requirements whose title contains this text.',
  })
  @IsOptional()
  @MaxLength(200)
  search?: string;
}

@InputType({
  description: 'A requirement was used (in a procurement, by a kommune), and how it worked out.',
})
export class RecordRequirementUsageInput {
  @Field(() => ID, { description: 'The requirement.' })
  requirementId!: string;

  @Field(() => ID, { nullable: true, description: 'The procurement it was used in.' })
  procurementId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The kommune that used it; may be omitted when the procurement has one buyer (that kommune), and must be one of its buyers otherwise.',
  })
  kommuneId?: string | null;

  @Field(() => String, { nullable: true, description: 'How it worked out.' })
  @LongText()
  outcome?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What had to be clarified or would be done differently.',
  })
  @LongText()
  lessons?: string | null;
}

/** Most hits `similarRequirements` returns. */
export const MAX_SIMILAR = 50;
/** Default least similarity of a hit of `similarRequirements`. */
export const DEFAULT_MIN_SIMILARITY = 0.2;

@ArgsType()
export class SimilarRequirementsArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'Find requirements like this one (give this or `text`, not both).',
  })
  id?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Find requirements like this text, e.g. a requirement about to be written (give this or `id`, not both).',
  })
  @IsOptional()
  @Matches(/\S/, { message: 'text must not be empty' })
  @MaxLength(MAX_TEXT_LENGTH, { message: `text must be at most ${MAX_TEXT_LENGTH} characters` })
  text?: string;

  @Field(() => Int, {
    defaultValue: 10,
    description: `How many to return, most similar first (1–${MAX_SIMILAR}).`,
  })
  @Min(1, { message: 'first must be at least 1' })
  @Max(MAX_SIMILAR, { message: `first must be at most ${MAX_SIMILAR}` })
  first: number = 10;

  @Field(() => Float, {
    defaultValue: DEFAULT_MIN_SIMILARITY,
    description: 'The least `score` a hit must have (0–1).',
  })
  @Min(0, { message: 'minSimilarity must be between 0 and 1' })
  @Max(1, { message: 'minSimilarity must be between 0 and 1' })
  minSimilarity: number = DEFAULT_MIN_SIMILARITY;
}

@ArgsType()
export class SharingStepArgs {
  @Field(() => ID, { description: 'The requirement’s ID.' })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'A note for the owning kommune and the kravredaktion, kept with the requirement.',
  })
  @LongText()
  note?: string | null;
}

@ArgsType()
export class DeclineSharingArgs {
  @Field(() => ID, { description: 'The requirement’s ID.' })
  id!: string;

  @Field(() => String, {
    description: 'Why it is not shared: the owning kommune reads it on the requirement.',
  })
  @RequiredText()
  reason!: string;
}
