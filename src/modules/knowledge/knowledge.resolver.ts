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
import type { BaseEntity } from '../../db/base.entity';
import { Connection } from '../../common/pagination';
import { Group } from '../groups/groups.entity';
import { Kommune } from '../kommuner/kommuner.entity';
import { Person } from '../people/people.entity';
import { Procurement } from '../procurements/procurements.entity';
import { Product } from '../products/products.entity';
import { Requirement } from '../requirements/requirements.entity';
import { Topic } from '../topics/topics.entity';
import { KnowledgeItem } from './knowledge.entity';
import {
  CreateKnowledgeItemInput,
  KnowledgeListArgs,
  UpdateKnowledgeItemInput,
} from './knowledge.inputs';
import * as knowledge from './knowledge.service';

export const KnowledgeItemConnection = Connection(KnowledgeItem);

@Authorized()
@Resolver(() => KnowledgeItem)
export class KnowledgeItemResolver {
  @Query(() => KnowledgeItem, { description: 'One knowledge note by ID.' })
  knowledgeItem(
    @Arg('id', () => ID, { description: 'The note’s ID.' }) id: string,
    @Ctx() ctx: Context,
  ) {
    return getByGlobalId(ctx.em, KnowledgeItem, id, 'id');
  }

  @Query(() => KnowledgeItemConnection, {
    description:
      'Knowledge notes, by kind, topic, product, group, kommune, author and text; newest first.',
  })
  knowledgeItems(@Args() args: KnowledgeListArgs, @Ctx() ctx: Context) {
    return knowledge.listKnowledge(ctx.em, {
      ...args,
      topicId: optionalId(args.topicId, 'Topic', 'topicId'),
      productId: optionalId(args.productId, 'Product', 'productId'),
      groupId: optionalId(args.groupId, 'Group', 'groupId'),
      kommuneId: optionalId(args.kommuneId, 'Kommune', 'kommuneId'),
      authorId: optionalId(args.authorId, 'Person', 'authorId'),
    });
  }

  @FieldResolver(() => [Person], { description: 'Whose knowledge it is.' })
  authors(@Root() item: KnowledgeItem, @Ctx() ctx: Context) {
    return ctx.loaders.collection<KnowledgeItem, Person>(item, 'authors');
  }

  @FieldResolver(() => [Topic], { description: 'Topics.' })
  topics(@Root() item: KnowledgeItem, @Ctx() ctx: Context) {
    return ctx.loaders.collection<KnowledgeItem, Topic>(item, 'topics');
  }

  @FieldResolver(() => Product, { nullable: true, description: 'The product it is about.' })
  product(@Root() item: KnowledgeItem, @Ctx() ctx: Context) {
    return ctx.loaders.one(Product, item.product);
  }

  @FieldResolver(() => Group, { nullable: true, description: 'The group it is about.' })
  group(@Root() item: KnowledgeItem, @Ctx() ctx: Context) {
    return ctx.loaders.one(Group, item.group);
  }

  @FieldResolver(() => Procurement, { nullable: true, description: 'The procurement it is about.' })
  procurement(@Root() item: KnowledgeItem, @Ctx() ctx: Context) {
    return ctx.loaders.one(Procurement, item.procurement);
  }

  @FieldResolver(() => Requirement, { nullable: true, description: 'The requirement it is about.' })
  requirement(@Root() item: KnowledgeItem, @Ctx() ctx: Context) {
    return ctx.loaders.one(Requirement, item.requirement);
  }

  @FieldResolver(() => Kommune, { nullable: true, description: 'The kommune it is about.' })
  kommune(@Root() item: KnowledgeItem, @Ctx() ctx: Context) {
    return ctx.loaders.one(Kommune, item.kommune);
  }

  @Mutation(() => KnowledgeItem, {
    description:
      'Writes down a piece of knowledge. One of its authors, an editor of its kommune, or an admin.',
  })
  createKnowledgeItem(
    @Arg('input', () => CreateKnowledgeItemInput, { description: 'The new item.' })
    input: CreateKnowledgeItemInput,
    @Ctx() ctx: Context,
  ) {
    return knowledge.createKnowledgeItem(ctx.em, ctx.access, input);
  }

  @Mutation(() => KnowledgeItem, {
    description:
      'Changes a knowledge note and marks it verified today. One of its authors, an editor of its kommune, or an admin.',
  })
  updateKnowledgeItem(
    @Arg('id', () => ID, { description: 'The note’s ID.' }) id: string,
    @Arg('input', () => UpdateKnowledgeItemInput, {
      description: 'The changes; omitted fields stay as they are.',
    })
    input: UpdateKnowledgeItemInput,
    @Ctx() ctx: Context,
  ) {
    return knowledge.updateKnowledgeItem(ctx.em, ctx.access, id, input);
  }
}

/**
 * `knowledge` on another module's type: the notes about one of its items, newest first. The
 * knowledge module adds the field, so each type's resolver need not know about notes.
 */
function knowledgeAbout<T extends BaseEntity>(
  type: new () => T,
  about: 'group' | 'product' | 'procurement' | 'requirement',
) {
  @Authorized()
  @Resolver(() => type)
  class KnowledgeAboutResolver {
    @FieldResolver(() => [KnowledgeItem], { description: `Knowledge notes about the ${about}.` })
    knowledge(@Root() parent: T, @Ctx() ctx: Context) {
      return ctx.loaders.many(KnowledgeItem, about, parent.id, 'all', {}, { createdAt: 'desc' });
    }
  }
  return KnowledgeAboutResolver;
}

export const GroupKnowledgeResolver = knowledgeAbout(Group, 'group');
export const ProductKnowledgeResolver = knowledgeAbout(Product, 'product');
export const ProcurementKnowledgeResolver = knowledgeAbout(Procurement, 'procurement');
export const RequirementKnowledgeResolver = knowledgeAbout(Requirement, 'requirement');

@Authorized()
@Resolver(() => Person)
export class PersonKnowledgeResolver {
  @FieldResolver(() => [KnowledgeItem], {
    description: 'Knowledge notes the person wrote or co-wrote.',
  })
  authoredKnowledge(@Root() person: Person, @Ctx() ctx: Context) {
    return ctx.loaders.containing(KnowledgeItem, 'authors', person.id, { createdAt: 'desc' });
  }
}
