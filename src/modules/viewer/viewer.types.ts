import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Kommune, Organization } from '../kommuner/kommuner.entity';
import { Person } from '../people/people.entity';

/** The caller's role, as the API names it (the token's `member`, `editor`, `admin`). */
export enum ViewerRole {
  MEMBER = 'member',
  EDITOR = 'editor',
  ADMIN = 'admin',
}

registerEnumType(ViewerRole, {
  name: 'ViewerRole',
  description: 'What a signed-in caller may do; each role includes the ones before it.',
  valuesConfig: {
    MEMBER: { description: 'Reads the network, people included.' },
    EDITOR: { description: 'Also writes for their own kommune or organisation.' },
    ADMIN: { description: 'The OS2 secretariat: writes everything.' },
  },
});

@ObjectType({
  description:
    'Who is calling, as their token says: what the web app shows in its header and which pages it offers.',
})
export class Viewer {
  @Field(() => ViewerRole, { description: 'What the caller may do.' })
  role!: ViewerRole;

  @Field(() => Person, {
    nullable: true,
    description: 'The person in the network the caller is, when the token names one.',
  })
  person?: Person | null;

  @Field(() => Kommune, {
    nullable: true,
    description: 'The kommune the caller works for, when the token names one.',
  })
  kommune?: Kommune | null;

  @Field(() => Organization, {
    nullable: true,
    description: 'The organisation the caller works for, when the token names one.',
  })
  organization?: Organization | null;
}
