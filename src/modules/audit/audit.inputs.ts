import { IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../common/pagination';

@InputType({ description: 'Which audit events to list; every given condition must hold.' })
export class AuditFilter {
  @Field(() => ID, {
    nullable: true,
    description:
      'Only events that changed this thing (any ID), or a row referring to it: a membership change shows for the person and the group.',
  })
  entityId?: string;

  @Field(() => ID, { nullable: true, description: 'Only events this person ran.' })
  personId?: string;

  @Field(() => String, { nullable: true, description: 'Only this mutation, e.g. `updateTopic`.' })
  @IsOptional()
  @MaxLength(100)
  action?: string;

  @Field(() => Date, { nullable: true, description: 'Only events at or after this time.' })
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Only events before this time.' })
  to?: Date;
}

@ArgsType()
export class AuditEventListArgs extends PageArgs {
  @Field(() => AuditFilter, { nullable: true, description: 'Which events; all when omitted.' })
  @IsOptional()
  @ValidateNested()
  filter?: AuditFilter;
}
