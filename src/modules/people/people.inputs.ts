import { IsEmail, IsOptional, Matches, MaxLength } from 'class-validator';
import { LocalDateResolver } from '../../common/local-date';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../common/pagination';
import { LongText, NameText, OptionalNameText } from '../../common/validation';
import { ContactVisibility, PersonStatus } from './people.entity';

const PHONE = /^\+?[0-9][0-9 ()-]{2,29}$/;
const LANGUAGE = /^[a-z]{2}$/;

@InputType({ description: 'A new person.' })
export class CreatePersonInput {
  @Field(() => String, { description: 'Full name.' })
  @NameText()
  name!: string;

  @Field(() => String, { nullable: true, description: 'Job title.' })
  @OptionalNameText()
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Work e-mail address.' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Work phone number.' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Short biography.' })
  @LongText()
  bio?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Languages as ISO 639-1 codes, e.g. ["da", "en"].',
  })
  @IsOptional()
  @Matches(LANGUAGE, { each: true, message: 'languages must be two-letter ISO 639-1 codes' })
  languages?: string[];

  @Field(() => Boolean, {
    nullable: true,
    description: 'Happy to be asked questions by peers (default false).',
  })
  openToQuestions?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Consents to be listed in the expert search (default true).',
  })
  listedAsExpert?: boolean;

  @Field(() => ContactVisibility, {
    nullable: true,
    description: 'Who may see the e-mail address and phone number (default COLLEAGUES).',
  })
  contactVisibility?: ContactVisibility;

  @Field(() => String, {
    nullable: true,
    description: 'Key in the source system (e.g. an HR or OS2sofd id).',
  })
  @OptionalNameText()
  externalId?: string | null;
}

@InputType({ description: 'Changes to a person; omitted fields stay, null clears.' })
export class UpdatePersonInput {
  @Field(() => String, { nullable: true, description: 'Full name.' })
  @OptionalNameText()
  name?: string;

  @Field(() => String, { nullable: true, description: 'Job title.' })
  @OptionalNameText()
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Work e-mail address.' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Work phone number.' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Short biography.' })
  @LongText()
  bio?: string | null;

  @Field(() => [String], { nullable: true, description: 'Languages as ISO 639-1 codes.' })
  @IsOptional()
  @Matches(LANGUAGE, { each: true, message: 'languages must be two-letter ISO 639-1 codes' })
  languages?: string[];

  @Field(() => Boolean, { nullable: true, description: 'Happy to be asked questions by peers.' })
  openToQuestions?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Consents to be listed in the expert search.',
  })
  listedAsExpert?: boolean;

  @Field(() => ContactVisibility, {
    nullable: true,
    description: 'Who may see the e-mail address and phone number (default COLLEAGUES).',
  })
  contactVisibility?: ContactVisibility;
}

@ArgsType()
export class PeopleArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only people affiliated with this kommune.' })
  kommuneId?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only people affiliated with a kommune in this region.',
  })
  @IsOptional()
  @MaxLength(200)
  region?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Only people affiliated with this organisation.',
  })
  organizationId?: string;

  @Field(() => ID, { nullable: true, description: 'Only members of this group.' })
  groupId?: string;

  @Field(() => ID, { nullable: true, description: 'Only members of a group for this product.' })
  productId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Only people with a standing experience claim on this topic.',
  })
  topicId?: string;

  @Field(() => PersonStatus, { nullable: true, description: 'Only people with this status.' })
  status?: PersonStatus;

  @Field(() => String, {
    nullable: true,
    description: 'Only people whose name contains this text.',
  })
  @IsOptional()
  @MaxLength(200)
  search?: string;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'Date for the affiliation and membership filters; defaults to today.',
  })
  asOf?: string;
}

@InputType({
  description: 'A person starts working for a kommune or an organisation (give exactly one).',
})
export class AddAffiliationInput {
  @Field(() => ID, { description: 'The person.' })
  personId!: string;

  @Field(() => ID, { nullable: true, description: 'The kommune employing the person.' })
  kommuneId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The organisation employing the person.' })
  organizationId?: string | null;

  @Field(() => String, { nullable: true, description: 'Job title.' })
  @OptionalNameText()
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Unit or department.' })
  @OptionalNameText()
  unit?: string | null;

  @Field(() => LocalDateResolver, { description: 'First day.' })
  validFrom!: string;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'First day no longer employed, if known.',
  })
  validTo?: string | null;
}

@InputType({
  description: 'A new title or unit from a date: the old affiliation ends, a new one starts.',
})
export class ChangeAffiliationInput {
  @Field(() => ID, { description: 'The current affiliation.' })
  affiliationId!: string;

  @Field(() => String, { nullable: true, description: 'New job title (omit to keep).' })
  @OptionalNameText()
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'New unit (omit to keep).' })
  @OptionalNameText()
  unit?: string | null;

  @Field(() => LocalDateResolver, { description: 'The day the change takes effect.' })
  from!: string;
}

/** The arguments of `Kommune.people` and `Kommune.groups`: who or what, on a date, by name. */
@ArgsType()
export class KommunePeopleArgs extends PageArgs {
  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'The date to ask about; defaults to today.',
  })
  asOf?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only people whose name contains this text.',
  })
  @IsOptional()
  @MaxLength(200)
  search?: string;
}
