import { ArrayMaxSize, IsOptional, Matches, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../common/pagination';
import { LongText, NameText, OptionalNameText } from '../../common/validation';
import { TopicKind } from './topics.entity';

@InputType({ description: 'A new topic.' })
export class CreateTopicInput {
  @Field(() => String, { description: 'Stable key: lowercase letters, digits and hyphens.' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
    message: 'slug must be lowercase letters, digits and hyphens',
  })
  @MaxLength(100)
  slug!: string;

  @Field(() => TopicKind, { description: 'Branch of the taxonomy.' })
  kind!: TopicKind;

  @Field(() => String, { description: 'Danish label.' })
  @NameText()
  labelDa!: string;

  @Field(() => String, { description: 'English label.' })
  @NameText()
  labelEn!: string;

  @Field(() => [String], {
    nullable: true,
    description: 'Synonyms and abbreviations in both languages.',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @MaxLength(100, { each: true, message: 'each alias must be at most 100 characters' })
  aliases?: string[];

  @Field(() => String, { nullable: true, description: 'What the topic covers.' })
  @LongText()
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'KLE number, e.g. "17.01".' })
  @IsOptional()
  @Matches(/^\d{2}(\.\d{2}){0,2}$/, { message: 'kleNumber must look like 17, 17.01 or 17.01.05' })
  kleNumber?: string | null;

  @Field(() => ID, { nullable: true, description: 'The broader topic.' })
  parentId?: string | null;
}

@InputType({ description: 'Changes to a topic; omitted fields stay, null clears.' })
export class UpdateTopicInput {
  @Field(() => TopicKind, { nullable: true, description: 'Branch of the taxonomy.' })
  kind?: TopicKind;

  @Field(() => String, { nullable: true, description: 'Danish label.' })
  @OptionalNameText()
  labelDa?: string;

  @Field(() => String, { nullable: true, description: 'English label.' })
  @OptionalNameText()
  labelEn?: string;

  @Field(() => [String], { nullable: true, description: 'Replaces the aliases.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @MaxLength(100, { each: true, message: 'each alias must be at most 100 characters' })
  aliases?: string[];

  @Field(() => String, { nullable: true, description: 'What the topic covers.' })
  @LongText()
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'KLE number.' })
  @IsOptional()
  @Matches(/^\d{2}(\.\d{2}){0,2}$/, { message: 'kleNumber must look like 17, 17.01 or 17.01.05' })
  kleNumber?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The broader topic; null for a top-level topic.',
  })
  parentId?: string | null;
}

@ArgsType()
export class TopicListArgs extends PageArgs {
  @Field(() => TopicKind, { nullable: true, description: 'Only topics of this kind.' })
  kind?: TopicKind;

  @Field(() => ID, { nullable: true, description: 'Only the direct children of this topic.' })
  parentId?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only topics whose Danish or English label or an alias contains this text.',
  })
  @IsOptional()
  @MaxLength(200)
  search?: string;
}
