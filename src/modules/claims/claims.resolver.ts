import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Resolver,
  Root,
} from 'type-graphql';
import type { Context } from '../../common/context';
import { Group } from '../groups/groups.entity';
import { Person } from '../people/people.entity';
import { Procurement } from '../procurements/procurements.entity';
import { Product } from '../products/products.entity';
import { Topic } from '../topics/topics.entity';
import { ClaimEndorsement, ExperienceClaim } from './claims.entity';
import {
  AddExperienceClaimInput,
  EndorseExperienceClaimInput,
  UpdateExperienceClaimInput,
} from './claims.inputs';
import * as claims from './claims.service';

@Authorized()
@Resolver(() => ExperienceClaim)
export class ExperienceClaimResolver {
  @FieldResolver(() => Person, { description: 'Who claims the experience.' })
  person(@Root() claim: ExperienceClaim, @Ctx() ctx: Context) {
    return ctx.loaders.one(Person, claim.person);
  }

  @FieldResolver(() => Topic, { description: 'The topic.' })
  topic(@Root() claim: ExperienceClaim, @Ctx() ctx: Context) {
    return ctx.loaders.one(Topic, claim.topic);
  }

  @FieldResolver(() => Product, {
    nullable: true,
    description: 'The product the experience came from.',
  })
  product(@Root() claim: ExperienceClaim, @Ctx() ctx: Context) {
    return ctx.loaders.one(Product, claim.product);
  }

  @FieldResolver(() => Procurement, {
    nullable: true,
    description: 'The procurement the experience came from.',
  })
  procurement(@Root() claim: ExperienceClaim, @Ctx() ctx: Context) {
    return ctx.loaders.one(Procurement, claim.procurement);
  }

  @FieldResolver(() => Group, {
    nullable: true,
    description: 'The group the experience came from.',
  })
  group(@Root() claim: ExperienceClaim, @Ctx() ctx: Context) {
    return ctx.loaders.one(Group, claim.group);
  }

  @FieldResolver(() => [ClaimEndorsement], { description: 'Peers’ endorsements, oldest first.' })
  endorsements(@Root() claim: ExperienceClaim, @Ctx() ctx: Context) {
    return ctx.loaders.many(ClaimEndorsement, 'claim', claim.id, 'all', {}, { createdAt: 'asc' });
  }

  @FieldResolver(() => Int, { description: 'How many peers endorse the claim.' })
  async endorsementCount(@Root() claim: ExperienceClaim, @Ctx() ctx: Context) {
    return (await this.endorsements(claim, ctx)).length;
  }

  @Mutation(() => ExperienceClaim, {
    description:
      'A person states experience with a topic. The person themself, an editor of where they work, or an admin.',
  })
  addExperienceClaim(
    @Arg('input', () => AddExperienceClaimInput, { description: 'The details.' })
    input: AddExperienceClaimInput,
    @Ctx() ctx: Context,
  ) {
    return claims.addExperienceClaim(ctx.em, ctx.access, input);
  }

  @Mutation(() => ExperienceClaim, {
    description:
      'Changes a claim and confirms it still holds. The person themself, an editor of where they work, or an admin.',
  })
  updateExperienceClaim(
    @Arg('id', () => ID, { description: 'The claim’s ID.' }) id: string,
    @Arg('input', () => UpdateExperienceClaimInput, {
      description: 'The changes; omitted fields stay as they are.',
    })
    input: UpdateExperienceClaimInput,
    @Ctx() ctx: Context,
  ) {
    return claims.updateExperienceClaim(ctx.em, ctx.access, id, input);
  }

  @Mutation(() => ExperienceClaim, {
    description:
      'A peer endorses a claim; returns the claim. Only in one’s own name (the token’s person), or by an admin.',
  })
  endorseExperienceClaim(
    @Arg('input', () => EndorseExperienceClaimInput, { description: 'The details.' })
    input: EndorseExperienceClaimInput,
    @Ctx() ctx: Context,
  ) {
    return claims.endorseExperienceClaim(ctx.em, ctx.access, input);
  }

  @Mutation(() => ExperienceClaim, {
    description:
      'Withdraws a claim; it is kept but no longer counts. The person themself, an editor of where they work, or an admin.',
  })
  withdrawExperienceClaim(
    @Arg('id', () => ID, { description: 'The claim’s ID.' }) id: string,
    @Ctx() ctx: Context,
  ) {
    return claims.withdrawExperienceClaim(ctx.em, ctx.access, id);
  }
}

@Authorized()
@Resolver(() => ClaimEndorsement)
export class ClaimEndorsementResolver {
  @FieldResolver(() => Person, { description: 'The peer who endorsed.' })
  endorser(@Root() endorsement: ClaimEndorsement, @Ctx() ctx: Context) {
    return ctx.loaders.one(Person, endorsement.endorser);
  }

  @FieldResolver(() => Date, { description: 'When the endorsement was given.' })
  endorsedAt(@Root() endorsement: ClaimEndorsement) {
    return endorsement.createdAt;
  }

  @FieldResolver(() => ExperienceClaim, { description: 'The claim endorsed.' })
  claim(@Root() endorsement: ClaimEndorsement, @Ctx() ctx: Context) {
    return ctx.loaders.one(ExperienceClaim, endorsement.claim);
  }
}

/* Experience claims of other things: the claims module adds these fields to their types. */

@Authorized()
@Resolver(() => Person)
export class PersonClaimsResolver {
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
}

@Authorized()
@Resolver(() => Topic)
export class TopicClaimsResolver {
  @FieldResolver(() => [ExperienceClaim], {
    description: 'Standing experience claims on the topic.',
  })
  claims(@Root() topic: Topic, @Ctx() ctx: Context) {
    return ctx.loaders.many(
      ExperienceClaim,
      'topic',
      topic.id,
      'standing',
      { withdrawnAt: null },
      { createdAt: 'asc' },
    );
  }
}
