import { LocalDateResolver } from './local-date';
import { Field, ID, InputType } from 'type-graphql';
import { LongText } from './validation';

/** Ends something that holds for a period. */
@InputType({ description: 'Ends something on a date; it stays in the history.' })
export class EndInput {
  @Field(() => ID, { description: 'What to end.' })
  id!: string;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'First day it no longer holds; defaults to today.',
  })
  on?: string;

  @Field(() => String, { nullable: true, description: 'Why it ended.' })
  @LongText()
  note?: string | null;
}
