import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../common/context';
import { EndInput } from '../../common/end.inputs';
import { getByGlobalId, optionalId } from '../../common/lookup';
import { selectsWithDefaults } from '../../common/selection';
import { Connection } from '../../common/pagination';
import { TemporalArgs } from '../../common/temporal';
import { Membership } from '../groups/groups.entity';
import { Kommune, Organization } from '../kommuner/kommuner.entity';
import { Affiliation, ContactVisibility, Person, PersonStatus } from './people.entity';
import {
  AddAffiliationInput,
  ChangeAffiliationInput,
  CreatePersonInput,
  KommunePeopleArgs,
  PeopleArgs,
  UpdatePersonInput,
} from './people.inputs';
import * as people from './people.service';

export const PersonConnection = Connection(Person);

/**
 * Whether the caller may see a person's e-mail and phone: the person themself and admins always;
 * others as the person chose (every member, colleagues at a current employer, or nobody).
 */
async function contactVisible(ctx: Context, person: Person): Promise<boolean> {
  const { access } = ctx;
  if (access.has('admin') || access.isPerson(person.id)) return true;
  if (!access.signedIn || person.status === PersonStatus.ERASED) return false;
  switch (person.contactVisibility) {
    case ContactVisibility.MEMBERS:
      return true;
    case ContactVisibility.COLLEAGUES: {
      const current = await people.affiliationsOf(ctx.loaders, person.id);
      return access.worksFor({
        kommuneIds: current.map((affiliation) => affiliation.kommune?.id),
        organizationIds: current.map((affiliation) => affiliation.organization?.id),
      });
    }
    default:
      return false;
  }
}

@Authorized()
@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { description: 'One person by ID.' })
  person(
    @Arg('id', () => ID, { description: 'The person’s ID.' }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    if (selectsWithDefaults(info, 'affiliations')) {
      return people.getPersonWithAffiliations(ctx.em, ctx.loaders, id);
    }
    return getByGlobalId(ctx.em, Person, id, 'id');
  }

  @Query(() => PersonConnection, {
    description:
      'People, filtered by kommune, region, organisation, group, product, topic, status or name.',
  })
  people(@Args() args: PeopleArgs, @Ctx() ctx: Context) {
    return people.listPeople(ctx.em, {
      ...args,
      kommuneId: optionalId(args.kommuneId, 'Kommune', 'kommuneId'),
      organizationId: optionalId(args.organizationId, 'Organization', 'organizationId'),
      groupId: optionalId(args.groupId, 'Group', 'groupId'),
      productId: optionalId(args.productId, 'Product', 'productId'),
      topicId: optionalId(args.topicId, 'Topic', 'topicId'),
    });
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Work e-mail address; null unless the person’s contactVisibility lets the caller see it.',
  })
  async email(@Root() person: Person, @Ctx() ctx: Context) {
    return (await contactVisible(ctx, person)) ? (person.email ?? null) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Work phone number; null unless the person’s contactVisibility lets the caller see it.',
  })
  async phone(@Root() person: Person, @Ctx() ctx: Context) {
    return (await contactVisible(ctx, person)) ? (person.phone ?? null) : null;
  }

  @FieldResolver(() => [Affiliation], {
    description: 'Where the person works or worked (kommune history), newest first.',
  })
  affiliations(@Root() person: Person, @Args() args: TemporalArgs, @Ctx() ctx: Context) {
    return people.affiliationsOf(ctx.loaders, person.id, args);
  }

  @FieldResolver(() => [Membership], { description: 'The person’s seats in groups, newest first.' })
  memberships(@Root() person: Person, @Args() args: TemporalArgs, @Ctx() ctx: Context) {
    return ctx.loaders.during(Membership, 'person', person.id, args, { validFrom: 'desc' });
  }

  @Mutation(() => Person, { description: 'Adds a person to the network. Editors and admins.' })
  createPerson(
    @Arg('input', () => CreatePersonInput, { description: 'The new item.' })
    input: CreatePersonInput,
    @Ctx() ctx: Context,
  ) {
    return people.createPerson(ctx.em, ctx.access, input);
  }

  @Mutation(() => Person, {
    description:
      'Changes a person’s profile. The person themself, an editor of a kommune or organisation they work for, or an admin.',
  })
  updatePerson(
    @Arg('id', () => ID, { description: 'The person’s ID.' }) id: string,
    @Arg('input', () => UpdatePersonInput, {
      description: 'The changes; omitted fields stay as they are.',
    })
    input: UpdatePersonInput,
    @Ctx() ctx: Context,
  ) {
    return people.updatePerson(ctx.em, ctx.access, id, input);
  }
}

@Authorized()
@Resolver(() => Affiliation)
export class AffiliationResolver {
  @FieldResolver(() => Person, { description: 'The person employed.' })
  async person(@Root() affiliation: Affiliation, @Ctx() ctx: Context) {
    return ctx.loaders.one(Person, affiliation.person);
  }

  @FieldResolver(() => Kommune, {
    nullable: true,
    description: 'The employing kommune, if a kommune.',
  })
  kommune(@Root() affiliation: Affiliation, @Ctx() ctx: Context) {
    return ctx.loaders.one(Kommune, affiliation.kommune);
  }

  @FieldResolver(() => Organization, {
    nullable: true,
    description: 'The employing organisation, if not a kommune.',
  })
  organization(@Root() affiliation: Affiliation, @Ctx() ctx: Context) {
    return ctx.loaders.one(Organization, affiliation.organization);
  }

  @Mutation(() => Affiliation, {
    description:
      'Records that a person works for a kommune or an organisation. An editor of the employer, or an admin.',
  })
  addAffiliation(
    @Arg('input', () => AddAffiliationInput, { description: 'The details.' })
    input: AddAffiliationInput,
    @Ctx() ctx: Context,
  ) {
    return people.addAffiliation(ctx.em, ctx.access, input);
  }

  @Mutation(() => Affiliation, {
    description:
      'Changes title or unit from a date; the old affiliation ends and stays in the history. An editor of the employer, or an admin.',
  })
  changeAffiliation(
    @Arg('input', () => ChangeAffiliationInput, { description: 'The details.' })
    input: ChangeAffiliationInput,
    @Ctx() ctx: Context,
  ) {
    return people.changeAffiliation(ctx.em, ctx.access, input);
  }

  @Mutation(() => Affiliation, {
    description:
      'Ends an affiliation on a date (kept in the history). An editor of the employer, or an admin.',
  })
  endAffiliation(
    @Arg('input', () => EndInput, { description: 'What to end, and when.' }) input: EndInput,
    @Ctx() ctx: Context,
  ) {
    return people.endAffiliation(ctx.em, ctx.access, input);
  }
}

@Resolver(() => Kommune)
export class KommunePeopleResolver {
  @Authorized()
  @FieldResolver(() => PersonConnection, {
    description: 'People working for the kommune on the date.',
  })
  people(@Root() kommune: Kommune, @Args() args: KommunePeopleArgs, @Ctx() ctx: Context) {
    return people.listPeople(ctx.em, { ...args, kommuneId: kommune.id });
  }
}
