import { LocalDateResolver } from '../../common/local-date';
import { Field, ID, InputType } from 'type-graphql';
import { LongText } from '../../common/validation';

@InputType({
  description:
    'Records a handover from one person to another: give exactly one of membershipId, groupId, productId, topicId.',
})
export class RecordHandoverInput {
  @Field(() => ID, { description: 'Who hands over.' })
  fromPersonId!: string;

  @Field(() => ID, { description: 'Who takes over.' })
  toPersonId!: string;

  @Field(() => ID, { nullable: true, description: 'The seat in a group handed over.' })
  membershipId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'A group handed over (without a specific seat).',
  })
  groupId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A product handed over.' })
  productId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A topic handed over.' })
  topicId?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When; defaults to today.' })
  date?: string;

  @Field(() => String, { nullable: true, description: 'What the successor needs to know.' })
  @LongText()
  note?: string | null;
}
