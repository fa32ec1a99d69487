import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { Context } from '../../common/context';
import { Group, Membership } from '../groups/groups.entity';
import { BadUserInputError } from '../../common/errors';
import { getByGlobalId } from '../../common/lookup';
import { type BaseEntity, today } from '../../db/base.entity';
import { Person, PersonStatus } from '../people/people.entity';
import { Product } from '../products/products.entity';
import { Topic } from '../topics/topics.entity';
import { ExpertHit } from '../experts/experts.types';
import { busFactorCounts, type BusFactorSubject } from './bus-factor.queries';
import { Handover } from './succession.entity';
import { RecordHandoverInput } from './succession.inputs';
import * as succession from './succession.service';
import * as departures from './departure.service';
import {
  DepartureReport,
  RecordDepartureInput,
  RiskItem,
  RiskKind,
  RiskScope,
  SuccessorCandidate,
} from './departure.types';
import { knowledgeAtRisk } from './risk.service';
import type { SuccessionTarget } from './successors.service';
import {
  assertCandidateCount,
  candidateReasons,
  rankSuccessorCandidates,
} from './successors.service';

/**
 * Whom `successorCandidates` asks about, from its arguments: exactly one of a person and a seat,
 * by global id (decoded here, at the edge), checked in that order before the count.
 */
async function successionTarget(
  em: Context['em'],
  args: { personId?: string | null; membershipId?: string | null },
  first: number,
): Promise<SuccessionTarget> {
  if ((args.personId == null) === (args.membershipId == null)) {
    throw new BadUserInputError('personId', 'Give exactly one of personId and membershipId');
  }
  assertCandidateCount(first);
  if (args.membershipId != null) {
    const seat = await getByGlobalId(em, Membership, args.membershipId, 'membershipId');
    return { personId: seat.person.id, groupId: seat.group.id };
  }
  return { personId: (await getByGlobalId(em, Person, args.personId as string, 'personId')).id };
}

@Authorized()
@Resolver(() => Handover)
export class HandoverResolver {
  @FieldResolver(() => Person, { description: 'Who handed over.' })
  fromPerson(@Root() handover: Handover, @Ctx() ctx: Context) {
    return ctx.loaders.one(Person, handover.fromPerson);
  }

  @FieldResolver(() => Person, { description: 'Who took over.' })
  toPerson(@Root() handover: Handover, @Ctx() ctx: Context) {
    return ctx.loaders.one(Person, handover.toPerson);
  }

  @FieldResolver(() => Membership, { nullable: true, description: 'The seat handed over.' })
  membership(@Root() handover: Handover, @Ctx() ctx: Context) {
    return ctx.loaders.one(Membership, handover.membership);
  }

  @FieldResolver(() => Group, { nullable: true, description: 'The group handed over.' })
  group(@Root() handover: Handover, @Ctx() ctx: Context) {
    return ctx.loaders.one(Group, handover.group);
  }

  @FieldResolver(() => Product, { nullable: true, description: 'The product handed over.' })
  product(@Root() handover: Handover, @Ctx() ctx: Context) {
    return ctx.loaders.one(Product, handover.product);
  }

  @FieldResolver(() => Topic, { nullable: true, description: 'The topic handed over.' })
  topic(@Root() handover: Handover, @Ctx() ctx: Context) {
    return ctx.loaders.one(Topic, handover.topic);
  }

  @Mutation(() => Handover, {
    description:
      'Records a handover from one person to a successor. The one handing over, an editor of where they work, or an admin.',
  })
  recordHandover(
    @Arg('input', () => RecordHandoverInput, { description: 'The details.' })
    input: RecordHandoverInput,
    @Ctx() ctx: Context,
  ) {
    return succession.recordHandover(ctx.em, ctx.access, input);
  }
}

@Authorized()
@Resolver(() => Person)
export class PersonHandoverResolver {
  @FieldResolver(() => [Person], {
    description:
      'Who took over from the person (from their handovers): ask them when the person has left.',
  })
  successors(@Root() person: Person, @Ctx() ctx: Context) {
    return succession.successorsOf(ctx.loaders, person);
  }

  @Mutation(() => DepartureReport, {
    description:
      'A person leaves: employments and seats end on the date, roles go to successors, the person is marked LEFT; returns what is now at risk. An editor of where the person works, or an admin.',
  })
  recordDeparture(
    @Arg('input', () => RecordDepartureInput, { description: 'The details.' })
    input: RecordDepartureInput,
    @Ctx() ctx: Context,
  ) {
    return departures.recordDeparture(ctx.em, ctx.access, input);
  }

  @Mutation(() => Person, {
    description:
      'Undoes a departure recorded by mistake. An editor of where the person worked, or an admin.',
  })
  revertDeparture(
    @Arg('personId', () => ID, { description: 'The person whose departure to undo.' })
    personId: string,
    @Ctx() ctx: Context,
  ) {
    return departures.revertDeparture(ctx.em, ctx.access, personId);
  }

  @FieldResolver(() => [Handover], { description: 'What the person handed over to others.' })
  handoversGiven(@Root() person: Person, @Ctx() ctx: Context) {
    return ctx.loaders.many(Handover, 'fromPerson', person.id, 'all', {}, { date: 'desc' });
  }

  @FieldResolver(() => [Handover], { description: 'What the person took over from others.' })
  handoversReceived(@Root() person: Person, @Ctx() ctx: Context) {
    return ctx.loaders.many(Handover, 'toPerson', person.id, 'all', {}, { date: 'desc' });
  }
}

@Authorized()
@Resolver(() => SuccessorCandidate)
export class SuccessorCandidateResolver {
  @Query(() => [SuccessorCandidate], {
    description:
      'Who could take over from a person, or take a seat in a group: people ranked by how much of the leaver’s evidence (topics, groups, products) they share, closeness (kommune, network, the group itself), handovers already received and availability, each with reasons; equal scores go first to more shared groups, products, the same kommune, more topics and fewer roles.',
  })
  async successorCandidates(
    @Arg('personId', () => ID, {
      nullable: true,
      description: 'The leaver (give this or membershipId).',
    })
    personId: string | undefined,
    @Arg('membershipId', () => ID, {
      nullable: true,
      description: 'The seat to fill (give this or personId).',
    })
    membershipId: string | undefined,
    @Arg('first', () => Int, { defaultValue: 10, description: 'How many candidates (1–100).' })
    first: number,
    @Ctx() ctx: Context,
  ) {
    const rows = await rankSuccessorCandidates(
      ctx.em,
      await successionTarget(ctx.em, { personId, membershipId }, first),
      first,
    );
    const people = await Promise.all(
      rows.map((row) => ctx.loaders.one(Person, { id: row.personId })),
    );
    return rows.map((row, index) =>
      Object.assign(new SuccessorCandidate(), {
        person: people[index],
        score: row.score,
        reasons: candidateReasons(row),
      }),
    );
  }
}

@Authorized()
@Resolver(() => RiskItem)
export class RiskItemResolver {
  @Query(() => [RiskItem], {
    description:
      'Knowledge at risk: topics, products and groups that rest on one person or nobody, groups without an active tovholder or koordinator, seats ending soon, and self-declared claims unconfirmed for 24 months.',
  })
  knowledgeAtRisk(
    @Arg('scope', () => RiskScope, {
      nullable: true,
      description: 'Where to look; everything when omitted.',
    })
    scope: RiskScope | undefined,
    @Arg('horizonDays', () => Int, {
      defaultValue: 90,
      description: 'How far ahead to look for seats that end.',
    })
    horizonDays: number,
    @Ctx() ctx: Context,
  ) {
    return knowledgeAtRisk(ctx.em, scope, horizonDays);
  }

  @FieldResolver(() => [Person], {
    description:
      'Who could take over: candidates for the one holder or the ending seat, the active members for a group without a coordinator.',
  })
  async suggestedSuccessors(
    @Root() item: RiskItem,
    @Arg('first', () => Int, { defaultValue: 3, description: 'How many (1–100).' }) first: number,
    @Ctx() ctx: Context,
  ) {
    let rows: { personId: string }[] = [];
    if (item.kind === RiskKind.BUS_FACTOR_ONE && item.people.length === 1) {
      rows = await rankSuccessorCandidates(ctx.em, { personId: item.people[0].id }, first);
    } else if (item.kind === RiskKind.MEMBERSHIP_ENDING && item.subject instanceof Membership) {
      const seat = item.subject;
      rows = await rankSuccessorCandidates(
        ctx.em,
        { personId: seat.person.id, groupId: seat.group.id },
        first,
      );
    } else if (item.kind === RiskKind.GROUP_WITHOUT_COORDINATOR) {
      const members = await ctx.em.find(Membership, {
        group: item.subject.id,
        person: { status: PersonStatus.ACTIVE },
        validFrom: { $lte: today() },
        $or: [{ validTo: null }, { validTo: { $gt: today() } }],
      });
      rows = members.slice(0, first).map((member) => ({ personId: member.person.id }));
    }
    const people = await Promise.all(
      rows.map((row) => ctx.loaders.one(Person, { id: row.personId })),
    );
    return people.filter((person): person is Person => Boolean(person));
  }
}

@Authorized()
@Resolver(() => ExpertHit)
export class ExpertHitSuccessorsResolver {
  @FieldResolver(() => [Person], {
    description:
      'Who took over from the person (from handovers); ask them instead when the person has left.',
  })
  successors(@Root() hit: ExpertHit, @Ctx() ctx: Context) {
    return succession.successorsOf(ctx.loaders, hit.person);
  }
}

/**
 * `busFactor` on another module's type: how many active people hold the knowledge of one of its
 * items today, batched per request (see `bus-factor.queries.ts`).
 */
function busFactorOf<T extends BaseEntity>(
  type: new () => T,
  subject: BusFactorSubject,
  description: string,
) {
  @Resolver(() => type)
  class BusFactorResolver {
    @FieldResolver(() => Int, { description })
    busFactor(@Root() parent: T, @Ctx() ctx: Context) {
      const load = (ids: readonly string[]) => busFactorCounts(ctx.em, subject, ids);
      return ctx.loaders.batch(`${subject}-bus-factor`, parent.id, load, 0);
    }
  }
  return BusFactorResolver;
}

export const GroupBusFactorResolver = busFactorOf(
  Group,
  'group',
  'Bus factor: how many active people sit in the group today (1: it rests on one person).',
);
export const ProductBusFactorResolver = busFactorOf(
  Product,
  'product',
  'Bus factor: how many active people hold knowledge of the product today (seats in its groups, claims tied to it).',
);
export const TopicBusFactorResolver = busFactorOf(
  Topic,
  'topic',
  'Bus factor: how many active people hold knowledge of the topic today (standing claims, seats in groups on it).',
);
