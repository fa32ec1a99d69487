import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { EndInput } from '../../common/end.inputs';
import { getByGlobalId } from '../../common/lookup';
import { Connection } from '../../common/pagination';
import { periodFilter, periodKey, TemporalArgs } from '../../common/temporal';
import { ExperienceClaim } from '../expertise/expertise.entity';
import { Membership } from '../groups/groups.entity';
import { Kommune, Organization } from '../kommuner/kommuner.entity';
import { KnowledgeItem } from '../knowledge/knowledge.entity';
import { Affiliation, Person } from './people.entity';
import {
  AddAffiliationInput,
  ChangeAffiliationInput,
  CreatePersonInput,
  PeopleArgs,
  UpdatePersonInput,
} from './people.inputs';
import * as people from './people.service';

export const PersonConnection = Connection(Person);

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { description: 'One person by ID.' })
  person(
    @Arg('id', () => ID, { description: 'The person’s ID.' }) id: string,
    @Ctx() ctx: Context,
  ) {
    return getByGlobalId(ctx.em, Person, id, 'id');
  }

  @Query(() => PersonConnection, {
    description:
      'People, filtered by kommune, region, organisation, group, product, topic, status or name.',
  })
  people(@Args() args: PeopleArgs, @Ctx() ctx: Context) {
    return people.listPeople(ctx.em, args);
  }

  @FieldResolver(() => [Affiliation], {
    description: 'Where the person works or worked (kommune history), newest first.',
  })
  affiliations(@Root() person: Person, @Args() args: TemporalArgs, @Ctx() ctx: Context) {
    return ctx.loaders.many(
      Affiliation,
      'person',
      person.id,
      periodKey(args),
      periodFilter(args.period, args.asOf),
      {
        validFrom: 'desc',
      },
    );
  }

  @FieldResolver(() => [Membership], { description: 'The person’s seats in groups, newest first.' })
  memberships(@Root() person: Person, @Args() args: TemporalArgs, @Ctx() ctx: Context) {
    return ctx.loaders.many(
      Membership,
      'person',
      person.id,
      periodKey(args),
      periodFilter(args.period, args.asOf),
      {
        validFrom: 'desc',
      },
    );
  }

  @FieldResolver(() => [ExperienceClaim], {
    description: 'What the person says they have experience with.',
  })
  claims(
    @Root() person: Person,
    @Arg('includeWithdrawn', () => Boolean, {
      defaultValue: false,
      description: 'Include claims the person has withdrawn.',
    })
    includeWithdrawn: boolean,
    @Ctx() ctx: Context,
  ) {
    const where = includeWithdrawn ? {} : { withdrawnAt: null };
    return ctx.loaders.many(ExperienceClaim, 'person', person.id, String(includeWithdrawn), where, {
      createdAt: 'asc',
    });
  }

  @FieldResolver(() => [KnowledgeItem], {
    description: 'Knowledge notes the person wrote or co-wrote.',
  })
  authoredKnowledge(@Root() person: Person, @Ctx() ctx: Context) {
    return ctx.loaders.containing(KnowledgeItem, 'authors', person.id, { createdAt: 'desc' });
  }

  @Mutation(() => Person, { description: 'Adds a person to the network.' })
  createPerson(
    @Arg('input', () => CreatePersonInput, { description: 'The new item.' })
    input: CreatePersonInput,
    @Ctx() ctx: Context,
  ) {
    return people.createPerson(ctx.em, input);
  }

  @Mutation(() => Person, { description: 'Changes a person’s profile.' })
  updatePerson(
    @Arg('id', () => ID, { description: 'The person’s ID.' }) id: string,
    @Arg('input', () => UpdatePersonInput, {
      description: 'The changes; omitted fields stay as they are.',
    })
    input: UpdatePersonInput,
    @Ctx() ctx: Context,
  ) {
    return people.updatePerson(ctx.em, id, input);
  }
}

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
    description: 'Records that a person works for a kommune or an organisation.',
  })
  addAffiliation(
    @Arg('input', () => AddAffiliationInput, { description: 'The details.' })
    input: AddAffiliationInput,
    @Ctx() ctx: Context,
  ) {
    return people.addAffiliation(ctx.em, input);
  }

  @Mutation(() => Affiliation, {
    description:
      'Changes title or unit from a date; the old affiliation ends and stays in the history.',
  })
  changeAffiliation(
    @Arg('input', () => ChangeAffiliationInput, { description: 'The details.' })
    input: ChangeAffiliationInput,
    @Ctx() ctx: Context,
  ) {
    return people.changeAffiliation(ctx.em, input);
  }

  @Mutation(() => Affiliation, {
    description: 'Ends an affiliation on a date (kept in the history).',
  })
  endAffiliation(
    @Arg('input', () => EndInput, { description: 'What to end, and when.' }) input: EndInput,
    @Ctx() ctx: Context,
  ) {
    return people.endAffiliation(ctx.em, input);
  }
}
