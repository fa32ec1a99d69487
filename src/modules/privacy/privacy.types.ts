import { Field, ObjectType } from 'type-graphql';
import { Person } from '../people/people.entity';

/** A place where an erasure could not replace the person's name, e-mail or phone. */
@ObjectType({
  description:
    'A place where an erasure could not replace the erased person’s name, e-mail address or phone number, so that someone can see to it by hand.',
})
export class ErasureGap {
  @Field(() => String, { description: 'The table, e.g. `knowledge_item`.' })
  table!: string;

  @Field(() => String, { description: 'The column, e.g. `body`.' })
  column!: string;

  @Field(() => String, { description: 'Why the database refused the replacement.' })
  reason!: string;
}

/** What an erasure did. */
@ObjectType({
  description:
    'What an erasure did: the erased person (under their pseudonym), and each place where their name, e-mail or phone could not be replaced (normally none).',
})
export class PersonErasure {
  @Field(() => Person, { description: 'The person, erased.' })
  person!: Person;

  @Field(() => [ErasureGap], {
    description:
      'Columns where the person’s name, e-mail address or phone number could not be replaced by the pseudonym; empty when the erasure is complete.',
  })
  notReplaced!: ErasureGap[];
}
