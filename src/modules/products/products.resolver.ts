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
import { EndInput } from '../../common/end.inputs';
import { getByGlobalId, optionalId } from '../../common/lookup';
import { Connection } from '../../common/pagination';
import { periodFilter, periodKey, TemporalArgs } from '../../common/temporal';
import { Group } from '../groups/groups.entity';
import { Kommune, Organization } from '../kommuner/kommuner.entity';
import { Procurement } from '../procurements/procurements.entity';
import { Topic } from '../topics/topics.entity';
import { Product, ProductAdoption } from './products.entity';
import {
  CreateProductInput,
  ProductListArgs,
  RecordProductAdoptionInput,
  UpdateProductInput,
} from './products.inputs';
import * as products from './products.service';

export const ProductConnection = Connection(Product);

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, { description: 'One product by ID.' })
  product(
    @Arg('id', () => ID, { description: 'The product’s ID.' }) id: string,
    @Ctx() ctx: Context,
  ) {
    return getByGlobalId(ctx.em, Product, id, 'id');
  }

  @Query(() => Product, {
    nullable: true,
    description: 'One product by its slug (e.g. "os2kravmotor"), or null.',
  })
  productBySlug(
    @Arg('slug', () => String, { description: 'The product’s slug.' }) slug: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.em.findOne(Product, { slug });
  }

  @Query(() => ProductConnection, {
    description: 'Products, by category, stage, topic, adopting kommune, supplier and name.',
  })
  products(@Args() args: ProductListArgs, @Ctx() ctx: Context) {
    return products.listProducts(ctx.em, {
      ...args,
      topicId: optionalId(args.topicId, 'Topic', 'topicId'),
      kommuneId: optionalId(args.kommuneId, 'Kommune', 'kommuneId'),
      supplierId: optionalId(args.supplierId, 'Organization', 'supplierId'),
    });
  }

  @FieldResolver(() => [Organization], {
    description: 'The suppliers (leverandører) that build or run it.',
  })
  suppliers(@Root() product: Product, @Ctx() ctx: Context) {
    return ctx.loaders.collection<Product, Organization>(product, 'suppliers');
  }

  @FieldResolver(() => [Topic], { description: 'Topics the product concerns.' })
  topics(@Root() product: Product, @Ctx() ctx: Context) {
    return ctx.loaders.collection<Product, Topic>(product, 'topics');
  }

  @FieldResolver(() => [Group], {
    description: 'Groups that run the product (active ones by default).',
  })
  groups(@Root() product: Product, @Args() args: TemporalArgs, @Ctx() ctx: Context) {
    return ctx.loaders.many(
      Group,
      'product',
      product.id,
      periodKey(args),
      periodFilter(args.period, args.asOf),
      {
        name: 'asc',
      },
    );
  }

  @FieldResolver(() => [ProductAdoption], {
    description:
      'Kommuner’s adoption records for the product (those valid on the date by default).',
  })
  adoptions(@Root() product: Product, @Args() args: TemporalArgs, @Ctx() ctx: Context) {
    return ctx.loaders.many(
      ProductAdoption,
      'product',
      product.id,
      periodKey(args),
      periodFilter(args.period, args.asOf),
      {
        validFrom: 'asc',
      },
    );
  }

  @Authorized()
  @FieldResolver(() => [Procurement], { description: 'Procurements concerning the product.' })
  procurements(@Root() product: Product, @Ctx() ctx: Context) {
    return ctx.loaders.containing(Procurement, 'products', product.id, { year: 'desc' });
  }

  @Authorized('admin')
  @Mutation(() => Product, { description: 'Adds a product. Admins only.' })
  createProduct(
    @Arg('input', () => CreateProductInput, { description: 'The new item.' })
    input: CreateProductInput,
    @Ctx() ctx: Context,
  ) {
    return products.createProduct(ctx.em, input);
  }

  @Authorized('admin')
  @Mutation(() => Product, {
    description: 'Changes a product; setting stage RETIRED ends it. Admins only.',
  })
  updateProduct(
    @Arg('id', () => ID, { description: 'The product’s ID.' }) id: string,
    @Arg('input', () => UpdateProductInput, {
      description: 'The changes; omitted fields stay as they are.',
    })
    input: UpdateProductInput,
    @Ctx() ctx: Context,
  ) {
    return products.updateProduct(ctx.em, id, input);
  }
}

@Resolver(() => ProductAdoption)
export class ProductAdoptionResolver {
  @FieldResolver(() => Kommune, { description: 'The kommune.' })
  kommune(@Root() adoption: ProductAdoption, @Ctx() ctx: Context) {
    return ctx.loaders.one(Kommune, adoption.kommune);
  }

  @FieldResolver(() => Product, { description: 'The product.' })
  product(@Root() adoption: ProductAdoption, @Ctx() ctx: Context) {
    return ctx.loaders.one(Product, adoption.product);
  }

  @Mutation(() => ProductAdoption, {
    description:
      'Records a kommune’s new status with a product from a date; the previous status stays in the history. An editor of that kommune, or an admin.',
  })
  recordProductAdoption(
    @Arg('input', () => RecordProductAdoptionInput, { description: 'The details.' })
    input: RecordProductAdoptionInput,
    @Ctx() ctx: Context,
  ) {
    return products.recordProductAdoption(ctx.em, ctx.access, input);
  }

  @Mutation(() => ProductAdoption, {
    description: 'Ends an adoption record on a date. An editor of that kommune, or an admin.',
  })
  endProductAdoption(
    @Arg('input', () => EndInput, { description: 'What to end, and when.' }) input: EndInput,
    @Ctx() ctx: Context,
  ) {
    return products.endProductAdoption(ctx.em, ctx.access, input);
  }
}
