import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { fromGlobalId } from '../../common/global-id';
import { optionalId } from '../../common/lookup';
import { PageArgs, toPage } from '../../common/pagination';
import { BaseEntity } from '../../db/base.entity';
import { entityByTypeName } from '../../db/entities';
import { Person } from '../people/people.entity';
import { toExpertHits } from './expert-hits';
import { MAX_SHORTLISTS, rankExperts, SHORTLIST } from './experts.service';
import { Evidence, ExpertConnection, ExpertFilter, ExpertHit } from './experts.types';

@Authorized()
@Resolver(() => ExpertHit)
export class ExpertResolver {
  @Query(() => ExpertConnection, {
    description: `Who has experience with this? People ranked by the evidence they have (claims, seats in groups, procurements, requirements, knowledge notes), each with the evidence that explains the rank. Danish words are stemmed, æ/ø/å and ae/oe/aa meet, one typo is forgiven, and topic aliases work as synonyms in both languages. Without a filter on kommune, region, organisation, group, product or topic, a broad query in a large network ranks the ${SHORTLIST} people with the most evidence for its words and topics, ${SHORTLIST} for each topic or product it names up to ${SHORTLIST * MAX_SHORTLISTS} (the same ones for every page), \`totalCount\` counts those ranked, and \`totalCountIsLowerBound\` says that there were more to rank: a filter weighs everyone it admits.`,
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
    const { rows, total, totalIsLowerBound, window } = await rankExperts(
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
    return { ...toPage(hits, total, window), totalCountIsLowerBound: totalIsLowerBound };
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
