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
import { getByGlobalId, optionalId } from '../../common/lookup';
import { Connection } from '../../common/pagination';
import { Kommune, Organization } from '../kommuner/kommuner.entity';
import { Person } from '../people/people.entity';
import { Product } from '../products/products.entity';
import { RequirementUsage } from '../requirements/requirements.entity';
import { Topic } from '../topics/topics.entity';
import { Procurement, ProcurementParticipant } from './procurements.entity';
import {
  AddProcurementParticipantInput,
  CreateProcurementInput,
  ProcurementListArgs,
  UpdateProcurementInput,
} from './procurements.inputs';
import * as procurements from './procurements.service';

export const ProcurementConnection = Connection(Procurement);

@Authorized()
@Resolver(() => Procurement)
export class ProcurementResolver {
  @Query(() => Procurement, { description: 'One procurement by ID.' })
  procurement(
    @Arg('id', () => ID, { description: 'The procurement’s ID.' }) id: string,
    @Ctx() ctx: Context,
  ) {
    return getByGlobalId(ctx.em, Procurement, id, 'id');
  }

  @Query(() => ProcurementConnection, {
    description:
      'Procurements, by kommune, product, topic, status, procedure, year and title; newest first.',
  })
  procurements(@Args() args: ProcurementListArgs, @Ctx() ctx: Context) {
    return procurements.listProcurements(ctx.em, {
      ...args,
      kommuneId: optionalId(args.kommuneId, 'Kommune', 'kommuneId'),
      productId: optionalId(args.productId, 'Product', 'productId'),
      topicId: optionalId(args.topicId, 'Topic', 'topicId'),
    });
  }

  @FieldResolver(() => [Kommune], { description: 'The buying kommuner.' })
  kommuner(@Root() procurement: Procurement, @Ctx() ctx: Context) {
    return ctx.loaders.collection<Procurement, Kommune>(procurement, 'kommuner');
  }

  @FieldResolver(() => [Product], { description: 'Products or systems concerned.' })
  products(@Root() procurement: Procurement, @Ctx() ctx: Context) {
    return ctx.loaders.collection<Procurement, Product>(procurement, 'products');
  }

  @FieldResolver(() => [Organization], { description: 'Suppliers that took part.' })
  suppliers(@Root() procurement: Procurement, @Ctx() ctx: Context) {
    return ctx.loaders.collection<Procurement, Organization>(procurement, 'suppliers');
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The supplier that won.' })
  winner(@Root() procurement: Procurement, @Ctx() ctx: Context) {
    return ctx.loaders.one(Organization, procurement.winner);
  }

  @FieldResolver(() => [Topic], { description: 'Topics.' })
  topics(@Root() procurement: Procurement, @Ctx() ctx: Context) {
    return ctx.loaders.collection<Procurement, Topic>(procurement, 'topics');
  }

  @FieldResolver(() => [ProcurementParticipant], {
    description: 'The people involved and their parts.',
  })
  participants(@Root() procurement: Procurement, @Ctx() ctx: Context) {
    return ctx.loaders.many(
      ProcurementParticipant,
      'procurement',
      procurement.id,
      'all',
      {},
      { createdAt: 'asc' },
    );
  }

  @FieldResolver(() => [RequirementUsage], {
    description: 'Requirements used, and how each worked out.',
  })
  requirementUsages(@Root() procurement: Procurement, @Ctx() ctx: Context) {
    return ctx.loaders.many(
      RequirementUsage,
      'procurement',
      procurement.id,
      'all',
      {},
      { createdAt: 'asc' },
    );
  }

  @Mutation(() => Procurement, {
    description: 'Records a procurement. An editor of a buying kommune, or an admin.',
  })
  createProcurement(
    @Arg('input', () => CreateProcurementInput, { description: 'The new item.' })
    input: CreateProcurementInput,
    @Ctx() ctx: Context,
  ) {
    return procurements.createProcurement(ctx.em, ctx.access, input);
  }

  @Mutation(() => Procurement, {
    description:
      'Changes a procurement; status COMPLETED or CANCELLED ends it. An editor of a buying kommune, or an admin.',
  })
  updateProcurement(
    @Arg('id', () => ID, { description: 'The procurement’s ID.' }) id: string,
    @Arg('input', () => UpdateProcurementInput, {
      description: 'The changes; omitted fields stay as they are.',
    })
    input: UpdateProcurementInput,
    @Ctx() ctx: Context,
  ) {
    return procurements.updateProcurement(ctx.em, ctx.access, id, input);
  }

  @Mutation(() => ProcurementParticipant, {
    description:
      'Records a person’s part in a procurement. An editor of a buying kommune, or an admin.',
  })
  addProcurementParticipant(
    @Arg('input', () => AddProcurementParticipantInput, { description: 'The details.' })
    input: AddProcurementParticipantInput,
    @Ctx() ctx: Context,
  ) {
    return procurements.addProcurementParticipant(ctx.em, ctx.access, input);
  }

  @Mutation(() => Procurement, {
    description:
      'Removes a participant recorded by mistake; returns the procurement. An editor of a buying kommune, or an admin.',
  })
  removeProcurementParticipant(
    @Arg('id', () => ID, { description: 'The participant record’s ID.' }) id: string,
    @Ctx() ctx: Context,
  ) {
    return procurements.removeProcurementParticipant(ctx.em, ctx.access, id);
  }
}

@Authorized()
@Resolver(() => ProcurementParticipant)
export class ProcurementParticipantResolver {
  @FieldResolver(() => Person, { description: 'The person.' })
  person(@Root() participant: ProcurementParticipant, @Ctx() ctx: Context) {
    return ctx.loaders.one(Person, participant.person);
  }

  @FieldResolver(() => Procurement, { description: 'The procurement.' })
  procurement(@Root() participant: ProcurementParticipant, @Ctx() ctx: Context) {
    return ctx.loaders.one(Procurement, participant.procurement);
  }

  @FieldResolver(() => Kommune, { nullable: true, description: 'The kommune they took part for.' })
  kommune(@Root() participant: ProcurementParticipant, @Ctx() ctx: Context) {
    return ctx.loaders.one(Kommune, participant.kommune);
  }
}

/** The procurements module's fields on Person: the parts a person played in procurements. */
@Authorized()
@Resolver(() => Person)
export class PersonProcurementsResolver {
  @FieldResolver(() => [ProcurementParticipant], {
    description: 'The person’s parts in procurements, newest first.',
  })
  procurementParticipations(@Root() person: Person, @Ctx() ctx: Context) {
    return ctx.loaders.many(
      ProcurementParticipant,
      'person',
      person.id,
      'all',
      {},
      {
        createdAt: 'desc',
      },
    );
  }
}
