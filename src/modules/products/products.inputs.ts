import { ArrayMaxSize, IsOptional, IsUrl, Matches, MaxLength } from 'class-validator';
import { LocalDateResolver } from '../../common/local-date';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../common/pagination';
import { LongText, NameText, OptionalNameText } from '../../common/validation';
import { AdoptionStatus, ProductStage } from './products.entity';

@InputType({ description: 'A new product.' })
export class CreateProductInput {
  @Field(() => String, {
    description: 'Stable key: lowercase letters, digits and hyphens, e.g. "os2kravmotor".',
  })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
    message: 'slug must be lowercase letters, digits and hyphens',
  })
  @MaxLength(100)
  slug!: string;

  @Field(() => String, { description: 'Name.' })
  @NameText()
  name!: string;

  @Field(() => String, { nullable: true, description: 'Name in English, e.g. "Role catalogue".' })
  @OptionalNameText()
  nameEn?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Other names for it, in Danish and English (e.g. "SOFD", "role catalog").',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @MaxLength(100, { each: true, message: 'each alias must be at most 100 characters' })
  aliases?: string[];

  @Field(() => String, { nullable: true, description: 'What it does, in English.' })
  @LongText()
  summary?: string | null;

  @Field(() => String, { nullable: true, description: 'What it does, in Danish.' })
  @LongText()
  summaryDa?: string | null;

  @Field(() => String, { nullable: true, description: 'Category, e.g. "identity-and-access".' })
  @OptionalNameText()
  category?: string | null;

  @Field(() => String, { nullable: true, description: 'Source code repository URL.' })
  @IsOptional()
  @IsUrl({ require_protocol: true }, { message: 'repository must be a URL' })
  @MaxLength(500)
  repository?: string | null;

  @Field(() => ProductStage, {
    defaultValue: ProductStage.IDEA,
    description: 'Where it is in its life.',
  })
  stage: ProductStage = ProductStage.IDEA;

  @Field(() => [ID], { nullable: true, description: 'Supplier organisations.' })
  supplierIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Topics.' })
  topicIds?: string[];
}

@InputType({ description: 'Changes to a product; omitted fields stay, null clears.' })
export class UpdateProductInput {
  @Field(() => String, { nullable: true, description: 'Name.' })
  @OptionalNameText()
  name?: string;

  @Field(() => String, { nullable: true, description: 'Name in English.' })
  @OptionalNameText()
  nameEn?: string | null;

  @Field(() => [String], { nullable: true, description: 'Replaces the other names.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @MaxLength(100, { each: true, message: 'each alias must be at most 100 characters' })
  aliases?: string[];

  @Field(() => String, { nullable: true, description: 'What it does, in English.' })
  @LongText()
  summary?: string | null;

  @Field(() => String, { nullable: true, description: 'What it does, in Danish.' })
  @LongText()
  summaryDa?: string | null;

  @Field(() => String, { nullable: true, description: 'Category.' })
  @OptionalNameText()
  category?: string | null;

  @Field(() => String, { nullable: true, description: 'Source code repository URL.' })
  @IsOptional()
  @IsUrl({ require_protocol: true }, { message: 'repository must be a URL' })
  @MaxLength(500)
  repository?: string | null;

  @Field(() => ProductStage, {
    nullable: true,
    description: 'Where it is in its life; RETIRED ends it.',
  })
  stage?: ProductStage;

  @Field(() => [ID], { nullable: true, description: 'Replaces the supplier organisations.' })
  supplierIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Replaces the topics.' })
  topicIds?: string[];
}

@ArgsType()
export class ProductListArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only products in this category.' })
  @IsOptional()
  @MaxLength(200)
  category?: string;

  @Field(() => ProductStage, { nullable: true, description: 'Only products at this stage.' })
  stage?: ProductStage;

  @Field(() => ID, { nullable: true, description: 'Only products on this topic.' })
  topicId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Only products this kommune has adopted (any status but LEFT), today.',
  })
  kommuneId?: string;

  @Field(() => ID, { nullable: true, description: 'Only products this organisation supplies.' })
  supplierId?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only products whose name contains this text.',
  })
  @IsOptional()
  @MaxLength(200)
  search?: string;
}

@InputType({ description: 'A kommune’s adoption of a product reaches a new status from a date.' })
export class RecordProductAdoptionInput {
  @Field(() => ID, { description: 'The kommune.' })
  kommuneId!: string;

  @Field(() => ID, { description: 'The product.' })
  productId!: string;

  @Field(() => AdoptionStatus, { description: 'The new status.' })
  status!: AdoptionStatus;

  @Field(() => LocalDateResolver, { nullable: true, description: 'From when; defaults to today.' })
  from?: string;

  @Field(() => String, { nullable: true, description: 'A note, e.g. the source.' })
  @LongText()
  note?: string | null;
}
