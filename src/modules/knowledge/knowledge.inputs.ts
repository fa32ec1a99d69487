import { IsOptional, IsUrl, MaxLength } from 'class-validator';
import { LocalDateResolver } from '../../common/local-date';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../common/pagination';
import {
  NameText,
  OptionalNameText,
  OptionalRequiredText,
  RequiredText,
} from '../../common/validation';
import { KnowledgeKind } from './knowledge.entity';

@InputType({ description: 'A new knowledge note.' })
export class CreateKnowledgeItemInput {
  @Field(() => KnowledgeKind, { description: 'What kind of knowledge it is.' })
  kind!: KnowledgeKind;

  @Field(() => String, { description: 'Title.' })
  @NameText()
  title!: string;

  @Field(() => String, { description: 'The knowledge itself.' })
  @RequiredText()
  body!: string;

  @Field(() => String, { nullable: true, description: 'Link to the source or document.' })
  @IsOptional()
  @IsUrl({ require_protocol: true }, { message: 'url must be a URL' })
  @MaxLength(2000)
  url?: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When it happened or was written.',
  })
  occurredOn?: string | null;

  @Field(() => [ID], { description: 'Whose knowledge it is (one or more people).' })
  authorIds!: string[];

  @Field(() => [ID], { nullable: true, description: 'Topics.' })
  topicIds?: string[];

  @Field(() => ID, { nullable: true, description: 'The product it is about.' })
  productId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The group it is about.' })
  groupId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The procurement it is about.' })
  procurementId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The requirement it is about.' })
  requirementId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The kommune it is about.' })
  kommuneId?: string | null;
}

@InputType({ description: 'Changes to a knowledge note; saving it marks it verified today.' })
export class UpdateKnowledgeItemInput {
  @Field(() => KnowledgeKind, { nullable: true, description: 'What kind of knowledge it is.' })
  kind?: KnowledgeKind;

  @Field(() => String, { nullable: true, description: 'Title.' })
  @OptionalNameText()
  title?: string;

  @Field(() => String, { nullable: true, description: 'The knowledge itself.' })
  @OptionalRequiredText()
  body?: string;

  @Field(() => String, { nullable: true, description: 'Link.' })
  @IsOptional()
  @IsUrl({ require_protocol: true }, { message: 'url must be a URL' })
  @MaxLength(2000)
  url?: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When it happened or was written.',
  })
  occurredOn?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Replaces the authors.' })
  authorIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Replaces the topics.' })
  topicIds?: string[];
}

@ArgsType()
export class KnowledgeListArgs extends PageArgs {
  @Field(() => KnowledgeKind, { nullable: true, description: 'Only notes of this kind.' })
  kind?: KnowledgeKind;

  @Field(() => ID, { nullable: true, description: 'Only notes on this topic.' })
  topicId?: string;

  @Field(() => ID, { nullable: true, description: 'Only notes about this product.' })
  productId?: string;

  @Field(() => ID, { nullable: true, description: 'Only notes about this group.' })
  groupId?: string;

  @Field(() => ID, { nullable: true, description: 'Only notes about this kommune.' })
  kommuneId?: string;

  @Field(() => ID, { nullable: true, description: 'Only notes by this person.' })
  authorId?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only notes whose title or text contains this.',
  })
  @IsOptional()
  @MaxLength(200)
  search?: string;
}
