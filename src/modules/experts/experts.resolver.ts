import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { Context } from '../../common/context';
import { fromGlobalId } from '../../common/global-id';
import { optionalId } from '../../common/lookup';
import { PageArgs, toPage } from '../../common/pagination';
import { BaseEntity } from '../../db/base.entity';
import { entityByTypeName } from '../../db/entities';
import { Person } from '../people/people.entity';
import { Requirement } from '../requirements/requirements.entity';
import { BadUserInputError } from '../../common/errors';
import { requirementEvidenceReason } from './experts.reasons';

import { evidenceReason } from './experts.reasons';
import type { EvidenceRow, ExpertRow } from './experts.service';
import { rankExperts, rankRequirementExperts } from './experts.service';
import { Evidence, ExpertConnection, ExpertFilter, ExpertHit } from './experts.types';

/**
 * Ranked rows as `ExpertHit`s, their people loaded in one batch; `reason` words each piece of
 * evidence (by default as the expert search does).
 */
async function toExpertHits<E extends EvidenceRow>(
  rows: (Omit<ExpertRow, 'evidence'> & { evidence: E[] })[],
  ctx: Context,
  reason: (evidence: E) => string = (evidence) => evidenceReason(evidence),
): Promise<ExpertHit[]> {
  const people = await Promise.all(
    rows.map((row) => ctx.loaders.one(Person, { id: row.personId })),
  );
  return rows.map((row, index) =>
    Object.assign(new ExpertHit(), {
      person: people[index],
      score: row.score,
      evidence: row.evidence.map((evidence) =>
        Object.assign(new Evidence(), {
          kind: evidence.kind,
          row: evidence,
          role: evidence.role,
          validFrom: evidence.validFrom,
          validTo: evidence.validTo,
          weight: evidence.weight,
          relevance: evidence.relevance,
          recency: evidence.recency,
          contribution: evidence.contribution,
          reason: reason(evidence),
        }),
      ),
    }),
  );
}

@Authorized()
@Resolver(() => ExpertHit)
export class ExpertResolver {
  @Query(() => ExpertConnection, {
    description:
      'Who has experience with this? People ranked by the evidence they have (claims, seats in groups, procurements, requirements, knowledge notes), each with the evidence that explains the rank. Danish words are stemmed, æ/ø/å and ae/oe/aa meet, one typo is forgiven, and topic aliases work as synonyms in both languages. Without a filter on kommune, region, organisation, group, product or topic, a broad query in a large network ranks the 200 people with the most evidence for its words and topics (more when paging deeper), and `totalCount` counts those ranked.',
  })
  async experts(
    @Arg('query', () => String, {
      nullable: true,
      description: 'What to find people for, in Danish or English.',
    })
    query: string | undefined,
    @Arg('topicIds', () => [ID], {
      nullable: true,
      description: 'Topics to find people for (with or without a query).',
    })
    topicIds: string[] | undefined,
    @Arg('filter', () => ExpertFilter, {
      nullable: true,
      description: 'Narrows the people considered.',
    })
    filter: ExpertFilter | undefined,
    @Arg('includeFormer', () => Boolean, {
      defaultValue: false,
      description: 'Also list people who have left (ranked lower, with their successors).',
    })
    includeFormer: boolean,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    const { rows, total, window } = await rankExperts(
      ctx.em,
      {
        query,
        topicIds: topicIds?.map((id) => fromGlobalId(id, 'Topic', 'topicIds')),
        includeFormer,
        filter: {
          kommuneId: optionalId(filter?.kommuneId, 'Kommune', 'kommuneId'),
          region: filter?.region,
          organizationId: optionalId(filter?.organizationId, 'Organization', 'organizationId'),
          productId: optionalId(filter?.productId, 'Product', 'productId'),
          groupId: optionalId(filter?.groupId, 'Group', 'groupId'),
          topicId: optionalId(filter?.topicId, 'Topic', 'topicId'),
          activeOnly: filter?.activeOnly,
          openToQuestions: filter?.openToQuestions,
        },
      },
      page,
    );
    const hits = await toExpertHits(rows, ctx);
    return toPage(hits, total, window);
  }

  @FieldResolver(() => Person, { description: 'The person.' })
  person(@Root() hit: ExpertHit) {
    return hit.person;
  }
}

@Authorized()
@Resolver(() => Evidence)
export class EvidenceResolver {
  @FieldResolver(() => BaseEntity, {
    description:
      'What the evidence is about: the claim, group, procurement, requirement or knowledge note.',
  })
  subject(@Root() evidence: Evidence, @Ctx() ctx: Context) {
    const entity = entityByTypeName(evidence.row.subjectType);
    return entity
      ? ctx.loaders.one(entity as typeof BaseEntity & (new () => BaseEntity), {
          id: evidence.row.subjectId,
        })
      : null;
  }
}

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
