import {
  Authorized,
  Arg,
  Args,
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
import { LocalDateResolver } from '../../common/local-date';
import type { Context } from '../../common/context';
import { EndInput } from '../../common/end.inputs';
import { getByGlobalId, optionalId } from '../../common/lookup';
import { KommunePeopleArgs } from '../people/people.inputs';
import { selectsOnlyOn, selectsWithDefaults } from '../../common/selection';
import { Connection } from '../../common/pagination';
import { Period, TemporalArgs } from '../../common/temporal';
import { Kommune, Organization } from '../kommuner/kommuner.entity';
import { Person } from '../people/people.entity';
import { Product } from '../products/products.entity';
import { Topic } from '../topics/topics.entity';
import { byRole, Group, Membership, MembershipRole, SEAT_ORDER } from './groups.entity';
import {
  AddMembershipInput,
  ChangeMembershipRoleInput,
  CreateGroupInput,
  GroupListArgs,
  UpdateGroupInput,
} from './groups.inputs';
import * as groups from './groups.service';

export const GroupConnection = Connection(Group);

@Resolver(() => Group)
export class GroupResolver {
  @Query(() => Group, { description: 'One group by ID.' })
  group(
    @Arg('id', () => ID, { description: 'The group’s ID.' }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    if (selectsWithDefaults(info, 'members')) {
      const cards = selectsOnlyOn(info, 'Person', groups.PERSON_CARD_FIELDS);
      return groups.getGroupWithMembers(ctx.em, ctx.loaders, id, cards);
    }
    return getByGlobalId(ctx.em, Group, id, 'id');
  }

  @Query(() => Group, { nullable: true, description: 'One group by its slug, or null.' })
  groupBySlug(
    @Arg('slug', () => String, { description: 'The group’s slug.' }) slug: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.em.findOne(Group, { slug });
  }

  @Query(() => GroupConnection, {
    description:
      'Groups, filtered by kind, product, topic, kommune and name; active ones by default.',
  })
  groups(@Args() args: GroupListArgs, @Ctx() ctx: Context) {
    return groups.listGroups(ctx.em, {
      ...args,
      productId: optionalId(args.productId, 'Product', 'productId'),
      topicId: optionalId(args.topicId, 'Topic', 'topicId'),
      kommuneId: optionalId(args.kommuneId, 'Kommune', 'kommuneId'),
    });
  }

  @FieldResolver(() => Product, {
    nullable: true,
    description: 'The product the group serves, if any.',
  })
  product(@Root() group: Group, @Ctx() ctx: Context) {
    return ctx.loaders.one(Product, group.product);
  }

  @FieldResolver(() => [Topic], { description: 'Topics the group works on.' })
  topics(@Root() group: Group, @Ctx() ctx: Context) {
    return ctx.loaders.collection<Group, Topic>(group, 'topics');
  }

  @FieldResolver(() => [Membership], {
    description:
      'Members on the date (by default today): tovholder and koordinator first, then formand, sekretær, members.',
  })
  async members(@Root() group: Group, @Args() args: TemporalArgs, @Ctx() ctx: Context) {
    return byRole(await ctx.loaders.during(Membership, 'group', group.id, args, SEAT_ORDER));
  }

  @FieldResolver(() => [Membership], {
    description: 'Members whose seat had ended by the date (default today).',
  })
  formerMembers(
    @Root() group: Group,
    @Arg('asOf', () => LocalDateResolver, {
      nullable: true,
      description: 'The date; defaults to today.',
    })
    asOf: string | undefined,
    @Ctx() ctx: Context,
  ) {
    const args = { asOf, period: Period.PAST };
    return ctx.loaders.during(Membership, 'group', group.id, args, { validTo: 'desc' });
  }

  @FieldResolver(() => Membership, {
    nullable: true,
    description:
      'The seat that holds the threads today: the active tovholder, else koordinator; null when nobody does.',
  })
  async activeCoordinator(@Root() group: Group, @Ctx() ctx: Context) {
    const args = { period: Period.CURRENT };
    const seats = byRole(await ctx.loaders.during(Membership, 'group', group.id, args, SEAT_ORDER));
    return (
      seats.find(
        (seat) =>
          seat.role === MembershipRole.TOVHOLDER || seat.role === MembershipRole.KOORDINATOR,
      ) ?? null
    );
  }

  @Authorized('admin')
  @Mutation(() => Group, { description: 'Forms a group. Admins only.' })
  createGroup(
    @Arg('input', () => CreateGroupInput, { description: 'The new item.' }) input: CreateGroupInput,
    @Ctx() ctx: Context,
  ) {
    return groups.createGroup(ctx.em, input);
  }

  @Authorized('admin')
  @Mutation(() => Group, { description: 'Changes a group. Admins only.' })
  updateGroup(
    @Arg('id', () => ID, { description: 'The group’s ID.' }) id: string,
    @Arg('input', () => UpdateGroupInput, {
      description: 'The changes; omitted fields stay as they are.',
    })
    input: UpdateGroupInput,
    @Ctx() ctx: Context,
  ) {
    return groups.updateGroup(ctx.em, id, input);
  }

  @Authorized('admin')
  @Mutation(() => Group, {
    description: 'Dissolves a group on a date; its open memberships end with it. Admins only.',
  })
  endGroup(
    @Arg('input', () => EndInput, { description: 'What to end, and when.' }) input: EndInput,
    @Ctx() ctx: Context,
  ) {
    return groups.endGroup(ctx.em, input);
  }
}

@Resolver(() => Membership)
export class MembershipResolver {
  @Authorized()
  @FieldResolver(() => Person, { description: 'The member.' })
  person(@Root() membership: Membership, @Ctx() ctx: Context) {
    return groups.personCardOf(membership) ?? ctx.loaders.one(Person, membership.person);
  }

  @FieldResolver(() => Group, { description: 'The group.' })
  group(@Root() membership: Membership, @Ctx() ctx: Context) {
    return ctx.loaders.one(Group, membership.group);
  }

  @FieldResolver(() => Kommune, {
    nullable: true,
    description: 'The kommune the member represents.',
  })
  representingKommune(@Root() membership: Membership, @Ctx() ctx: Context) {
    return ctx.loaders.one(Kommune, membership.representingKommune);
  }

  @FieldResolver(() => Organization, {
    nullable: true,
    description: 'The organisation the member represents.',
  })
  representingOrganization(@Root() membership: Membership, @Ctx() ctx: Context) {
    return ctx.loaders.one(Organization, membership.representingOrganization);
  }

  @Mutation(() => Membership, {
    description:
      'Adds a person to a group with a role. An editor of the kommune or organisation the seat represents or the member works for, or an admin.',
  })
  addMembership(
    @Arg('input', () => AddMembershipInput, { description: 'The details.' })
    input: AddMembershipInput,
    @Ctx() ctx: Context,
  ) {
    return groups.addMembership(ctx.em, ctx.access, input);
  }

  @Mutation(() => Membership, {
    description:
      'Gives a member a new role from a date; the old seat ends and stays in the history. An editor of the kommune or organisation the seat represents or the member works for, or an admin.',
  })
  changeMembershipRole(
    @Arg('input', () => ChangeMembershipRoleInput, { description: 'The details.' })
    input: ChangeMembershipRoleInput,
    @Ctx() ctx: Context,
  ) {
    return groups.changeMembershipRole(ctx.em, ctx.access, input);
  }

  @Mutation(() => Membership, {
    description:
      'Ends a membership on a date (kept as a former membership). An editor of the kommune or organisation the seat represents or the member works for, or an admin.',
  })
  endMembership(
    @Arg('input', () => EndInput, { description: 'What to end, and when.' }) input: EndInput,
    @Ctx() ctx: Context,
  ) {
    return groups.endMembership(ctx.em, ctx.access, input);
  }
}

@Resolver(() => Kommune)
export class KommuneGroupsResolver {
  @FieldResolver(() => GroupConnection, {
    description:
      'Groups with a member from the kommune (affiliated with it or representing it) on the date.',
  })
  groups(@Root() kommune: Kommune, @Args() args: KommunePeopleArgs, @Ctx() ctx: Context) {
    return groups.listGroups(ctx.em, {
      first: args.first,
      after: args.after,
      asOf: args.asOf,
      search: args.search,
      period: Period.CURRENT,
      kommuneId: kommune.id,
    });
  }
}
