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
import { mayRead, readableScope } from '../../access/visibility';
import type { Context } from '../../common/context';
import { getByGlobalId } from '../../common/lookup';
import { Connection } from '../../common/pagination';
import { Kommune } from '../kommuner/kommuner.entity';
import { Person } from '../people/people.entity';
import { Procurement } from '../procurements/procurements.entity';
import { Topic } from '../topics/topics.entity';
import { NotFoundError } from '../../common/errors';
import { Requirement, RequirementSharing, RequirementUsage } from './requirements.entity';
import {
  CreateRequirementInput,
  DeclineSharingArgs,
  RecordRequirementUsageInput,
  RequirementListArgs,
  SharingStepArgs,
  SimilarRequirementsArgs,
  UpdateRequirementInput,
} from './requirements.inputs';
import * as requirements from './requirements.service';
import { changeSharing, SHARING_STEPS } from './requirements.sharing';
import { similarRequirements } from './requirements.similarity';
import { KommuneRequirementUse, SimilarRequirement } from './requirements.types';

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
    if (!mayRead(ctx.access, requirement)) throw new NotFoundError('Requirement', id, 'id');
    return requirement;
  }

  @Query(() => RequirementConnection, {
    description:
      'Requirements, by category, importance, sharing, owning kommune, topic and title. Anonymous callers see shared requirements only.',
  })
  requirements(@Args() args: RequirementListArgs, @Ctx() ctx: Context) {
    return requirements.listRequirements(ctx.em, args, ctx.access);
  }

  @Query(() => [SimilarRequirement], {
    description:
      'Requirements much like one requirement (`id`) or a text, from every kommune, most similar first, so a kommune reuses one instead of writing it again. Compares Danish word stems (full text) and the trigrams of title and text, with æ/ø/å and ae/oe/aa alike; never lists the requirement itself. Anonymous callers see shared requirements only.',
  })
  similarRequirements(@Args() args: SimilarRequirementsArgs, @Ctx() ctx: Context) {
    return similarRequirements(ctx.em, ctx.access, args);
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

  @FieldResolver(() => [KommuneRequirementUse], {
    description:
      'The kommuner that recorded using it, most uses first, each with how often and when.',
  })
  usedBy(@Root() requirement: Requirement, @Ctx() ctx: Context) {
    return ctx.loaders.batch(
      'requirement-used-by',
      requirement.id,
      (ids) => requirements.requirementUses(ctx.em, 'requirement', ids, false),
      [],
    );
  }

  @Authorized()
  @FieldResolver(() => [Procurement], {
    description: 'The procurements it was used in (from its usages), newest first.',
  })
  async procurements(@Root() requirement: Requirement, @Ctx() ctx: Context) {
    const ids = await ctx.loaders.batch(
      'requirement-procurements',
      requirement.id,
      (batch) => requirements.procurementIdsOf(ctx.em, batch),
      [] as string[],
    );
    const found = await Promise.all(ids.map((id) => ctx.loaders.one(Procurement, { id })));
    return found.filter((procurement) => procurement !== null);
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
      'Changes a requirement. An editor of the owning kommune, or an admin (who alone keeps requirements no kommune owns). Once SHARED, only admins (the kravredaktion) change it: other kommuner use it and record their experience against its text.',
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

  @Mutation(() => Requirement, {
    description:
      'Proposes a local requirement for the shared catalogue (LOCAL → PROPOSED). An editor of the owning kommune, or an admin. CONFLICT when it is not LOCAL.',
  })
  proposeRequirementForSharing(@Args() args: SharingStepArgs, @Ctx() ctx: Context) {
    return changeSharing(ctx.em, ctx.access, args.id, SHARING_STEPS.propose, args.note);
  }

  @Mutation(() => Requirement, {
    description:
      'Takes a proposed requirement into the shared, cross-municipal catalogue (PROPOSED → SHARED), as OS2kravmotor’s kravredaktion does. Admins only. CONFLICT when it is not PROPOSED.',
  })
  shareRequirement(@Args() args: SharingStepArgs, @Ctx() ctx: Context) {
    return changeSharing(ctx.em, ctx.access, args.id, SHARING_STEPS.share, args.note);
  }

  @Mutation(() => Requirement, {
    description:
      'Declines a proposal to share a requirement (PROPOSED → LOCAL), with the reason the owning kommune will read. Admins only. CONFLICT when it is not PROPOSED.',
  })
  declineRequirementSharing(@Args() args: DeclineSharingArgs, @Ctx() ctx: Context) {
    return changeSharing(ctx.em, ctx.access, args.id, SHARING_STEPS.decline, args.reason);
  }

  @Mutation(() => Requirement, {
    description:
      'Withdraws the owning kommune’s proposal to share a requirement (PROPOSED → LOCAL). An editor of the owning kommune, or an admin. CONFLICT when it is not PROPOSED.',
  })
  withdrawRequirementProposal(@Args() args: SharingStepArgs, @Ctx() ctx: Context) {
    return changeSharing(ctx.em, ctx.access, args.id, SHARING_STEPS.withdraw, args.note);
  }
}

@Resolver(() => KommuneRequirementUse)
export class KommuneRequirementUseResolver {
  @FieldResolver(() => Kommune, { description: 'The kommune that used it.' })
  kommune(@Root() use: KommuneRequirementUse, @Ctx() ctx: Context) {
    return ctx.loaders.one(Kommune, { id: use.kommuneId });
  }

  @FieldResolver(() => Requirement, { description: 'The requirement it used.' })
  requirement(@Root() use: KommuneRequirementUse, @Ctx() ctx: Context) {
    return ctx.loaders.one(Requirement, { id: use.requirementId });
  }

  @Authorized()
  @FieldResolver(() => [RequirementUsage], {
    description: 'The usages the kommune recorded: procurement, outcome and lessons, oldest first.',
  })
  async usages(@Root() use: KommuneRequirementUse, @Ctx() ctx: Context) {
    const [fk, parentId] =
      use.listedBy === 'requirement'
        ? ['requirement', use.requirementId]
        : ['kommune', use.kommuneId];
    const usages = await ctx.loaders.many(
      RequirementUsage,
      fk,
      parentId,
      'all',
      {},
      {
        createdAt: 'asc',
        id: 'asc',
      },
    );
    return usages.filter(
      (usage) => usage.requirement.id === use.requirementId && usage.kommune?.id === use.kommuneId,
    );
  }
}

@Resolver(() => SimilarRequirement)
export class SimilarRequirementResolver {
  @FieldResolver(() => Requirement, { description: 'The similar requirement.' })
  requirement(@Root() hit: SimilarRequirement) {
    return hit.requirement;
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
      'Records that a kommune used a requirement and how it worked out: a shared requirement, or one of its own. The kommune is the one given, or the procurement’s only buyer, and must be a buyer of the procurement; each buyer of a joint procurement records its own use, once. An editor of that kommune, or an admin.',
  })
  recordRequirementUsage(
    @Arg('input', () => RecordRequirementUsageInput, { description: 'The details.' })
    input: RecordRequirementUsageInput,
    @Ctx() ctx: Context,
  ) {
    return requirements.recordRequirementUsage(ctx.em, ctx.access, input);
  }
}

/* The requirements of a kommune: the requirements module adds these fields to Kommune. */
@Resolver(() => Kommune)
export class KommuneRequirementsResolver {
  @FieldResolver(() => [Requirement], {
    description: 'Requirements the kommune owns (only the shared ones for anonymous callers).',
  })
  requirements(@Root() kommune: Kommune, @Ctx() ctx: Context) {
    const { variant, where } = readableScope(ctx.access, 'Requirement');
    return ctx.loaders.many(Requirement, 'owningKommune', kommune.id, variant, where, {
      title: 'asc',
    });
  }

  @FieldResolver(() => [KommuneRequirementUse], {
    description:
      'Requirements the kommune recorded using (its usages), most recent first; anonymous callers see the shared ones only.',
  })
  requirementsUsed(@Root() kommune: Kommune, @Ctx() ctx: Context) {
    const sharedOnly = !ctx.access.signedIn;
    return ctx.loaders.batch(
      `kommune-requirements-used:${sharedOnly ? 'shared' : 'all'}`,
      kommune.id,
      (ids) => requirements.requirementUses(ctx.em, 'kommune', ids, sharedOnly),
      [],
    );
  }

  @FieldResolver(() => [Requirement], {
    description:
      'Requirements the kommune owns and has proposed for, or given to, the shared catalogue (PROPOSED or SHARED), by title; anonymous callers see the shared ones only.',
  })
  requirementsShared(@Root() kommune: Kommune, @Ctx() ctx: Context) {
    const { variant, where } = readableScope(ctx.access, 'Requirement');
    return ctx.loaders.many(
      Requirement,
      'owningKommune',
      kommune.id,
      `proposed-or-shared:${variant}`,
      {
        $and: [
          { sharing: { $in: [RequirementSharing.PROPOSED, RequirementSharing.SHARED] } },
          where,
        ],
      },
      { title: 'asc' },
    );
  }
}

/** The requirements module's fields on Person: the requirements a person wrote. */
@Resolver(() => Person)
export class PersonRequirementsResolver {
  @Authorized()
  @FieldResolver(() => [Requirement], {
    description: 'Requirements the person wrote or co-wrote, newest first.',
  })
  requirementsWritten(@Root() person: Person, @Ctx() ctx: Context) {
    return ctx.loaders.containing(Requirement, 'authors', person.id, { createdAt: 'desc' });
  }
}
