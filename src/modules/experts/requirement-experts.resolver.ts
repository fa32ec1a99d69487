import { Arg, Authorized, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { BadUserInputError } from '../../common/errors';
import { Requirement } from '../requirements/requirements.entity';
import { toExpertHits } from './expert-hits';
import { requirementEvidenceReason } from './experts.reasons';
import { rankRequirementExperts } from './experts.service';
import { ExpertHit } from './experts.types';

/** Most people `peopleToAsk` returns. */
const MAX_PEOPLE_TO_ASK = 20;

/* Whom to ask about a requirement: the experts module adds this field to Requirement. */
@Resolver(() => Requirement)
export class RequirementExpertsResolver {
  @Authorized()
  @FieldResolver(() => [ExpertHit], {
    description:
      'Whom to ask about it: the expert search restricted to the evidence about this requirement (who wrote it, who took part in procurements that used it, who wrote notes about it) and about its topics, best first, each with the evidence that explains why. People who have left are listed only with `includeFormer`, ranked lower and pointing to their successors.',
  })
  async peopleToAsk(
    @Root() requirement: Requirement,
    @Arg('first', () => Int, {
      defaultValue: 5,
      description: `How many people (1–${MAX_PEOPLE_TO_ASK}).`,
    })
    first: number,
    @Arg('includeFormer', () => Boolean, {
      defaultValue: false,
      description:
        'Also list people who have left (at half their score, with their successors), as the expert search does.',
    })
    includeFormer: boolean,
    @Ctx() ctx: Context,
  ) {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PEOPLE_TO_ASK) {
      throw new BadUserInputError('first', `first must be between 1 and ${MAX_PEOPLE_TO_ASK}`);
    }
    const rows = await ctx.loaders.batch(
      `requirement-people-to-ask:${first}:${includeFormer}`,
      requirement.id,
      (ids) => rankRequirementExperts(ctx.em, ids, first, includeFormer),
      [],
    );
    return toExpertHits(rows, ctx, (evidence) =>
      requirementEvidenceReason(evidence, evidence.link),
    );
  }
}
