import { IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../common/pagination';
import { LongText, NameText, OptionalNameText } from '../../common/validation';
import { ProcurementProcedure, ProcurementRole, ProcurementStatus } from './procurements.entity';

@InputType({ description: 'A new procurement (anskaffelse).' })
export class CreateProcurementInput {
  @Field(() => String, { description: 'Title.' })
  @NameText()
  title!: string;

  @Field(() => String, { nullable: true, description: 'What was bought and why.' })
  @LongText()
  description?: string | null;

  @Field(() => Int, { nullable: true, description: 'The year.' })
  @IsOptional()
  @IsInt()
  @Min(1990, { message: 'year must be 1990 or later' })
  @Max(2100, { message: 'year must be 2100 or earlier' })
  year?: number | null;

  @Field(() => ProcurementProcedure, { description: 'How it is run.' })
  procedure!: ProcurementProcedure;

  @Field(() => ProcurementStatus, {
    defaultValue: ProcurementStatus.PLANNED,
    description: 'Where it stands.',
  })
  status: ProcurementStatus = ProcurementStatus.PLANNED;

  @Field(() => String, { nullable: true, description: 'Lessons learned.' })
  @LongText()
  lessonsLearned?: string | null;

  @Field(() => [ID], {
    description: 'The buying kommuner (one or more; joint procurements have several).',
  })
  kommuneIds!: string[];

  @Field(() => [ID], { nullable: true, description: 'Products or systems concerned.' })
  productIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Suppliers that took part.' })
  supplierIds?: string[];

  @Field(() => ID, { nullable: true, description: 'The supplier that won.' })
  winnerId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Topics.' })
  topicIds?: string[];
}

@InputType({
  description: 'Changes to a procurement; omitted fields stay, null clears, lists replace.',
})
export class UpdateProcurementInput {
  @Field(() => String, { nullable: true, description: 'Title.' })
  @OptionalNameText()
  title?: string;

  @Field(() => String, { nullable: true, description: 'What was bought and why.' })
  @LongText()
  description?: string | null;

  @Field(() => Int, { nullable: true, description: 'The year.' })
  @IsOptional()
  @IsInt()
  @Min(1990, { message: 'year must be 1990 or later' })
  @Max(2100, { message: 'year must be 2100 or earlier' })
  year?: number | null;

  @Field(() => ProcurementProcedure, { nullable: true, description: 'How it is run.' })
  procedure?: ProcurementProcedure;

  @Field(() => ProcurementStatus, {
    nullable: true,
    description: 'Where it stands; COMPLETED or CANCELLED ends it.',
  })
  status?: ProcurementStatus;

  @Field(() => String, { nullable: true, description: 'Lessons learned.' })
  @LongText()
  lessonsLearned?: string | null;

  @Field(() => [ID], { nullable: true, description: 'The buying kommuner.' })
  kommuneIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Products or systems concerned.' })
  productIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Suppliers that took part.' })
  supplierIds?: string[];

  @Field(() => ID, { nullable: true, description: 'The supplier that won; null for none.' })
  winnerId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Topics.' })
  topicIds?: string[];
}

@ArgsType()
export class ProcurementListArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only procurements by this kommune.' })
  kommuneId?: string;

  @Field(() => ID, { nullable: true, description: 'Only procurements concerning this product.' })
  productId?: string;

  @Field(() => ID, { nullable: true, description: 'Only procurements on this topic.' })
  topicId?: string;

  @Field(() => ProcurementStatus, {
    nullable: true,
    description: 'Only procurements with this status.',
  })
  status?: ProcurementStatus;

  @Field(() => ProcurementProcedure, {
    nullable: true,
    description: 'Only procurements run this way.',
  })
  procedure?: ProcurementProcedure;

  @Field(() => Int, { nullable: true, description: 'Only procurements of this year.' })
  year?: number;

  @Field(() => String, {
    nullable: true,
    description: 'Only procurements whose title contains this text.',
  })
  @IsOptional()
  @MaxLength(200)
  search?: string;
}

@InputType({ description: 'A person’s part in a procurement.' })
export class AddProcurementParticipantInput {
  @Field(() => ID, { description: 'The procurement.' })
  procurementId!: string;

  @Field(() => ID, { description: 'The person.' })
  personId!: string;

  @Field(() => ProcurementRole, { description: 'The part they played.' })
  role!: ProcurementRole;

  @Field(() => ID, { nullable: true, description: 'The kommune they took part for.' })
  kommuneId?: string | null;

  @Field(() => String, { nullable: true, description: 'A note.' })
  @LongText()
  note?: string | null;
}
