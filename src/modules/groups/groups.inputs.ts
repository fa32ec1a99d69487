import { IsOptional, Matches, MaxLength } from 'class-validator';
import { LocalDateResolver } from '../../common/local-date';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../common/pagination';
import { Period } from '../../common/temporal';
import { LongText, NameText, OptionalNameText } from '../../common/validation';
import { GroupKind, MembershipRole } from './groups.entity';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

@InputType({ description: 'A new group.' })
export class CreateGroupInput {
  @Field(() => String, { description: 'Stable key: lowercase letters, digits and hyphens.' })
  @Matches(SLUG, { message: 'slug must be lowercase letters, digits and hyphens' })
  @MaxLength(100)
  slug!: string;

  @Field(() => String, { description: 'Name.' })
  @NameText()
  name!: string;

  @Field(() => GroupKind, { description: 'What kind of group it is.' })
  kind!: GroupKind;

  @Field(() => String, { nullable: true, description: 'What the group is for.' })
  @LongText()
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'The product the group serves, if any.' })
  productId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Topics the group works on.' })
  topicIds?: string[];

  @Field(() => LocalDateResolver, { description: 'When the group was formed.' })
  validFrom!: string;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When it was dissolved, if known.',
  })
  validTo?: string | null;
}

@InputType({ description: 'Changes to a group; omitted fields stay, null clears.' })
export class UpdateGroupInput {
  @Field(() => String, { nullable: true, description: 'Name.' })
  @OptionalNameText()
  name?: string;

  @Field(() => GroupKind, { nullable: true, description: 'What kind of group it is.' })
  kind?: GroupKind;

  @Field(() => String, { nullable: true, description: 'What the group is for.' })
  @LongText()
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'The product the group serves; null for none.' })
  productId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Replaces the group’s topics.' })
  topicIds?: string[];
}

@ArgsType()
export class GroupListArgs extends PageArgs {
  @Field(() => GroupKind, { nullable: true, description: 'Only groups of this kind.' })
  kind?: GroupKind;

  @Field(() => ID, { nullable: true, description: 'Only groups for this product.' })
  productId?: string;

  @Field(() => ID, { nullable: true, description: 'Only groups working on this topic.' })
  topicId?: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'Only groups with a member from this kommune (affiliated with it or representing it).',
  })
  kommuneId?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only groups whose name contains this text.',
  })
  @IsOptional()
  @MaxLength(200)
  search?: string;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'The date to ask about; defaults to today.',
  })
  asOf?: string;

  @Field(() => Period, {
    defaultValue: Period.CURRENT,
    description: 'Groups active on the date (CURRENT), dissolved (PAST), or all.',
  })
  period: Period = Period.CURRENT;
}

@InputType({ description: 'A person joins a group.' })
export class AddMembershipInput {
  @Field(() => ID, { description: 'The group.' })
  groupId!: string;

  @Field(() => ID, { description: 'The person.' })
  personId!: string;

  @Field(() => MembershipRole, { defaultValue: MembershipRole.MEDLEM, description: 'The role.' })
  role: MembershipRole = MembershipRole.MEDLEM;

  @Field(() => ID, {
    nullable: true,
    description: 'The kommune the person represents in the group.',
  })
  representingKommuneId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The organisation the person represents, if not a kommune.',
  })
  representingOrganizationId?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'First day; defaults to today.' })
  validFrom?: string;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'First day no longer a member, if known.',
  })
  validTo?: string | null;

  @Field(() => String, { nullable: true, description: 'A note.' })
  @LongText()
  note?: string | null;
}

@InputType({ description: 'A member takes a new role from a date; the old membership ends.' })
export class ChangeMembershipRoleInput {
  @Field(() => ID, { description: 'The current membership.' })
  membershipId!: string;

  @Field(() => MembershipRole, { description: 'The new role.' })
  role!: MembershipRole;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'The day the new role starts; defaults to today.',
  })
  from?: string;
}
