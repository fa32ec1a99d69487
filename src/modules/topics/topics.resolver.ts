import {
  Authorized,
  Arg,
  Args,
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
import { Group } from '../groups/groups.entity';
import { Product } from '../products/products.entity';
import { Topic } from './topics.entity';
import { CreateTopicInput, TopicListArgs, UpdateTopicInput } from './topics.inputs';
import * as topics from './topics.service';

export const TopicConnection = Connection(Topic);

@Resolver(() => Topic)
export class TopicResolver {
  @Query(() => Topic, { description: 'One topic by ID.' })
  topic(@Arg('id', () => ID, { description: 'The topic’s ID.' }) id: string, @Ctx() ctx: Context) {
    return getByGlobalId(ctx.em, Topic, id, 'id');
  }

  @Query(() => Topic, { nullable: true, description: 'One topic by its slug, or null.' })
  topicBySlug(
    @Arg('slug', () => String, { description: 'The topic’s slug.' }) slug: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.em.findOne(Topic, { slug });
  }

  @Query(() => TopicConnection, {
    description: 'The topic taxonomy, by kind, parent, and label or alias.',
  })
  topics(@Args() args: TopicListArgs, @Ctx() ctx: Context) {
    return topics.listTopics(ctx.em, {
      ...args,
      parentId: optionalId(args.parentId, 'Topic', 'parentId'),
    });
  }

  @FieldResolver(() => Topic, { nullable: true, description: 'The broader topic.' })
  parent(@Root() topic: Topic, @Ctx() ctx: Context) {
    return ctx.loaders.one(Topic, topic.parent);
  }

  @FieldResolver(() => [Topic], { description: 'The narrower topics.' })
  children(@Root() topic: Topic, @Ctx() ctx: Context) {
    return ctx.loaders.many(Topic, 'parent', topic.id, 'all', {}, { labelDa: 'asc' });
  }

  @FieldResolver(() => [Product], { description: 'Products concerning the topic.' })
  products(@Root() topic: Topic, @Ctx() ctx: Context) {
    return ctx.loaders.containing(Product, 'topics', topic.id, { name: 'asc' });
  }

  @FieldResolver(() => [Group], { description: 'Groups working on the topic.' })
  groups(@Root() topic: Topic, @Ctx() ctx: Context) {
    return ctx.loaders.containing(Group, 'topics', topic.id, { name: 'asc' });
  }

  @Authorized('admin')
  @Mutation(() => Topic, { description: 'Adds a topic to the taxonomy. Admins only.' })
  createTopic(
    @Arg('input', () => CreateTopicInput, { description: 'The new item.' }) input: CreateTopicInput,
    @Ctx() ctx: Context,
  ) {
    return topics.createTopic(ctx.em, input);
  }

  @Authorized('admin')
  @Mutation(() => Topic, { description: 'Changes a topic. Admins only.' })
  updateTopic(
    @Arg('id', () => ID, { description: 'The topic’s ID.' }) id: string,
    @Arg('input', () => UpdateTopicInput, {
      description: 'The changes; omitted fields stay as they are.',
    })
    input: UpdateTopicInput,
    @Ctx() ctx: Context,
  ) {
    return topics.updateTopic(ctx.em, id, input);
  }
}
