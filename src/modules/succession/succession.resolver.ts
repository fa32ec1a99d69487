import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { Group, Membership } from '../groups/groups.entity';
import { Person } from '../people/people.entity';
import { Product } from '../products/products.entity';
import { Topic } from '../topics/topics.entity';
import { Handover } from './succession.entity';
import { RecordHandoverInput } from './succession.inputs';
import * as succession from './succession.service';

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

  @Mutation(() => Handover, { description: 'Records a handover from one person to a successor.' })
  recordHandover(
    @Arg('input', () => RecordHandoverInput, { description: 'The details.' })
    input: RecordHandoverInput,
    @Ctx() ctx: Context,
  ) {
    return succession.recordHandover(ctx.em, input);
  }
}

@Resolver(() => Person)
export class PersonHandoverResolver {
  @FieldResolver(() => [Handover], { description: 'What the person handed over to others.' })
  handoversGiven(@Root() person: Person, @Ctx() ctx: Context) {
    return ctx.loaders.many(Handover, 'fromPerson', person.id, 'all', {}, { date: 'desc' });
  }

  @FieldResolver(() => [Handover], { description: 'What the person took over from others.' })
  handoversReceived(@Root() person: Person, @Ctx() ctx: Context) {
    return ctx.loaders.many(Handover, 'toPerson', person.id, 'all', {}, { date: 'desc' });
  }
}
