import { IsOptional, IsUrl, Matches, MaxLength } from 'class-validator';
import { ArgsType, Field, InputType } from 'type-graphql';
import { PageArgs } from '../../common/pagination';
import { LongText, NameText, OptionalNameText } from '../../common/validation';
import { OrganizationKind } from './kommuner.entity';

@InputType({ description: 'A new kommune.' })
export class CreateKommuneInput {
  @Field(() => String, { description: '4-digit kommunekode, e.g. "0101".' })
  @Matches(/^\d{4}$/, { message: 'code must be four digits' })
  code!: string;

  @Field(() => String, { description: 'Short name.' })
  @NameText()
  name!: string;

  @Field(() => String, { description: 'Formal name.' })
  @NameText()
  officialName!: string;

  @Field(() => String, { description: 'Region name.' })
  @NameText()
  region!: string;

  @Field(() => String, { description: '4-digit region code.' })
  @Matches(/^\d{4}$/, { message: 'regionCode must be four digits' })
  regionCode!: string;
}

@InputType({ description: 'Changes to a kommune; omitted fields stay as they are.' })
export class UpdateKommuneInput {
  @Field(() => String, { nullable: true, description: 'Short name.' })
  @OptionalNameText()
  name?: string;

  @Field(() => String, { nullable: true, description: 'Formal name.' })
  @OptionalNameText()
  officialName?: string;

  @Field(() => String, { nullable: true, description: 'Region name.' })
  @OptionalNameText()
  region?: string;
}

@ArgsType()
export class KommuneListArgs extends PageArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Only kommuner in this region, e.g. "Region Midtjylland".',
  })
  @IsOptional()
  @MaxLength(200)
  region?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only kommuner whose name contains this text.',
  })
  @IsOptional()
  @MaxLength(200)
  search?: string;
}

@InputType({ description: 'A new organisation.' })
export class CreateOrganizationInput {
  @Field(() => String, {
    description: 'Stable, URL-friendly key: lowercase letters, digits and hyphens.',
  })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
    message: 'slug must be lowercase letters, digits and hyphens',
  })
  @MaxLength(100)
  slug!: string;

  @Field(() => String, { description: 'Name.' })
  @NameText()
  name!: string;

  @Field(() => OrganizationKind, { description: 'What kind of body it is.' })
  kind!: OrganizationKind;

  @Field(() => String, { nullable: true, description: 'CVR number (8 digits).' })
  @IsOptional()
  @Matches(/^\d{8}$/, { message: 'cvr must be eight digits' })
  cvr?: string | null;

  @Field(() => String, { nullable: true, description: 'Web site (an http or https URL).' })
  @OptionalNameText()
  @IsUrl(
    { require_protocol: true, protocols: ['http', 'https'] },
    { message: 'website must be an http or https URL' },
  )
  website?: string | null;

  @Field(() => String, { nullable: true, description: 'Short description.' })
  @LongText()
  description?: string | null;
}

@InputType({ description: 'Changes to an organisation; omitted fields stay, null clears.' })
export class UpdateOrganizationInput {
  @Field(() => String, { nullable: true, description: 'Name.' })
  @OptionalNameText()
  name?: string;

  @Field(() => OrganizationKind, { nullable: true, description: 'What kind of body it is.' })
  kind?: OrganizationKind;

  @Field(() => String, { nullable: true, description: 'CVR number (8 digits).' })
  @IsOptional()
  @Matches(/^\d{8}$/, { message: 'cvr must be eight digits' })
  cvr?: string | null;

  @Field(() => String, { nullable: true, description: 'Web site (an http or https URL).' })
  @OptionalNameText()
  @IsUrl(
    { require_protocol: true, protocols: ['http', 'https'] },
    { message: 'website must be an http or https URL' },
  )
  website?: string | null;

  @Field(() => String, { nullable: true, description: 'Short description.' })
  @LongText()
  description?: string | null;
}

@ArgsType()
export class OrganizationListArgs extends PageArgs {
  @Field(() => OrganizationKind, {
    nullable: true,
    description: 'Only organisations of this kind.',
  })
  kind?: OrganizationKind;

  @Field(() => String, {
    nullable: true,
    description: 'Only organisations whose name contains this text.',
  })
  @IsOptional()
  @MaxLength(200)
  search?: string;
}

@ArgsType()
export class KommuneByCodeArgs {
  @Field(() => String, { description: '4-digit kommunekode.' })
  code!: string;
}
