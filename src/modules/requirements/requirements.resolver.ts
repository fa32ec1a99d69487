import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { Context } from '../../common/context';
import { getByGlobalId } from '../../common/lookup';
import { Connection } from '../../common/pagination';
import { Kommune } from '../kommuner/kommuner.entity';
import { KnowledgeItem } from '../knowledge/knowledge.entity';
import { Person } from '../people/people.entity';
import { Procurement } from '../procurements/procurements.entity';
import { Topic } from '../topics/topics.entity';
import { NotFoundError } from '../../common/errors';
import { Requirement, RequirementUsage } from './requirements.entity';
import {
  CreateRequirementInput,
  RecordRequirementUsageInput,
  RequirementListArgs,
  UpdateRequirementInput,
} from './requirements.inputs';
import * as requirements from './requirements.service';

export const RequirementConnection = Connection(Requirement);

@Resolver(() => Requirement)
export class RequirementResolver {
  @Query(() => Requirement, {
    description:
      'One requirement by ID. Anonymous callers see shared requirements only; others are NOT_FOUND to them.',
  })
  async requirement(
    @Arg('id', () => ID, { description: 'The requirement’s ID.' }) id: string,
    @Ctx() ctx: Context,
  ) {
    const requirement = await getByGlobalId(ctx.em, Requirement, id, 'id');
    if (!requirements.readable(ctx.access, requirement))
      throw new NotFoundError('Requirement', id, 'id');
    return requirement;
  }

  @Query(() => RequirementConnection, {
    description:
      'Requirements, by category, importance, sharing, owning kommune, topic and title. Anonymous callers see shared requirements only.',
  })
  requirements(@Args() args: RequirementListArgs, @Ctx() ctx: Context) {
    return requirements.listRequirements(ctx.em, args, ctx.access);
  }

  @FieldResolver(() => Kommune, { nullable: true, description: 'The kommune that owns it.' })
  owningKommune(@Root() requirement: Requirement, @Ctx() ctx: Context) {
    return ctx.loaders.one(Kommune, requirement.owningKommune);
  }

  @FieldResolver(() => [Topic], { description: 'Topics.' })
  topics(@Root() requirement: Requirement, @Ctx() ctx: Context) {
    return ctx.loaders.collection<Requirement, Topic>(requirement, 'topics');
  }

  @Authorized()
  @FieldResolver(() => [Person], { description: 'The people who wrote it.' })
  authors(@Root() requirement: Requirement, @Ctx() ctx: Context) {
    return ctx.loaders.collection<Requirement, Person>(requirement, 'authors');
  }

  @Authorized()
  @FieldResolver(() => [RequirementUsage], {
    description: 'Where it was used and how it worked out.',
  })
  usages(@Root() requirement: Requirement, @Ctx() ctx: Context) {
    return ctx.loaders.many(
      RequirementUsage,
      'requirement',
      requirement.id,
      'all',
      {},
      { createdAt: 'asc' },
    );
  }

  @Authorized()
  @FieldResolver(() => [KnowledgeItem], { description: 'Knowledge notes about the requirement.' })
  knowledge(@Root() requirement: Requirement, @Ctx() ctx: Context) {
    return ctx.loaders.many(
      KnowledgeItem,
      'requirement',
      requirement.id,
      'all',
      {},
      { createdAt: 'desc' },
    );
  }

  @Mutation(() => Requirement, {
    description:
      'Adds a requirement. An editor of the owning kommune, or an admin (who alone keeps requirements no kommune owns).',
  })
  createRequirement(
    @Arg('input', () => CreateRequirementInput, { description: 'The new item.' })
    input: CreateRequirementInput,
    @Ctx() ctx: Context,
  ) {
    return requirements.createRequirement(ctx.em, ctx.access, input);
  }

  @Mutation(() => Requirement, {
    description:
      'Changes a requirement. An editor of the owning kommune, or an admin (who alone keeps requirements no kommune owns).',
  })
  updateRequirement(
    @Arg('id', () => ID, { description: 'The requirement’s ID.' }) id: string,
    @Arg('input', () => UpdateRequirementInput, {
      description: 'The changes; omitted fields stay as they are.',
    })
    input: UpdateRequirementInput,
    @Ctx() ctx: Context,
  ) {
    return requirements.updateRequirement(ctx.em, ctx.access, id, input);
  }
}

@Authorized()
@Resolver(() => RequirementUsage)
export class RequirementUsageResolver {
  @FieldResolver(() => Requirement, { description: 'The requirement.' })
  requirement(@Root() usage: RequirementUsage, @Ctx() ctx: Context) {
    return ctx.loaders.one(Requirement, usage.requirement);
  }

  @FieldResolver(() => Procurement, {
    nullable: true,
    description: 'The procurement it was used in.',
  })
  procurement(@Root() usage: RequirementUsage, @Ctx() ctx: Context) {
    return ctx.loaders.one(Procurement, usage.procurement);
  }

  @FieldResolver(() => Kommune, { nullable: true, description: 'The kommune that used it.' })
  kommune(@Root() usage: RequirementUsage, @Ctx() ctx: Context) {
    return ctx.loaders.one(Kommune, usage.kommune);
  }

  @Mutation(() => RequirementUsage, {
    description:
      'Records that a requirement was used and how it worked out. An editor of the kommune that used it (or of a buyer in the procurement), or an admin.',
  })
  recordRequirementUsage(
    @Arg('input', () => RecordRequirementUsageInput, { description: 'The details.' })
    input: RecordRequirementUsageInput,
    @Ctx() ctx: Context,
  ) {
    return requirements.recordRequirementUsage(ctx.em, ctx.access, input);
  }
}
