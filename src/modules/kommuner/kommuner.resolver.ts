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
import { getByGlobalId } from '../../common/lookup';
import { Connection } from '../../common/pagination';
import { periodFilter, periodKey, TemporalArgs } from '../../common/temporal';
import { Affiliation } from '../people/people.entity';
import { Procurement } from '../procurements/procurements.entity';
import { Product, ProductAdoption } from '../products/products.entity';
import { Kommune, Organization } from './kommuner.entity';
import {
  CreateKommuneInput,
  CreateOrganizationInput,
  KommuneListArgs,
  OrganizationListArgs,
  UpdateKommuneInput,
  UpdateOrganizationInput,
} from './kommuner.inputs';
import * as kommuner from './kommuner.service';

export const KommuneConnection = Connection(Kommune);
export const OrganizationConnection = Connection(Organization);

@Resolver(() => Kommune)
export class KommuneResolver {
  @Query(() => Kommune, { description: 'One kommune by ID.' })
  kommune(
    @Arg('id', () => ID, { description: 'The kommune’s ID.' }) id: string,
    @Ctx() ctx: Context,
  ) {
    return getByGlobalId(ctx.em, Kommune, id, 'id');
  }

  @Query(() => Kommune, {
    nullable: true,
    description: 'One kommune by its 4-digit code, or null.',
  })
  kommuneByCode(
    @Arg('code', () => String, { description: 'Kommunekode, e.g. "0706".' }) code: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.em.findOne(Kommune, { code });
  }

  @Query(() => KommuneConnection, {
    description: 'The kommuner, by region and name, ordered by code.',
  })
  kommuner(@Args() args: KommuneListArgs, @Ctx() ctx: Context) {
    return kommuner.listKommuner(ctx.em, args);
  }

  @Authorized()
  @FieldResolver(() => [Affiliation], {
    description: 'Employments with the kommune (current by default).',
  })
  affiliations(@Root() kommune: Kommune, @Args() args: TemporalArgs, @Ctx() ctx: Context) {
    return ctx.loaders.many(
      Affiliation,
      'kommune',
      kommune.id,
      periodKey(args),
      periodFilter(args.period, args.asOf),
      {
        validFrom: 'desc',
      },
    );
  }

  @FieldResolver(() => [ProductAdoption], {
    description: 'The kommune’s products: interest, funding, agreements, use.',
  })
  productAdoptions(@Root() kommune: Kommune, @Args() args: TemporalArgs, @Ctx() ctx: Context) {
    return ctx.loaders.many(
      ProductAdoption,
      'kommune',
      kommune.id,
      periodKey(args),
      periodFilter(args.period, args.asOf),
      {
        validFrom: 'asc',
      },
    );
  }

  @Authorized()
  @FieldResolver(() => [Procurement], { description: 'Procurements the kommune took part in.' })
  procurements(@Root() kommune: Kommune, @Ctx() ctx: Context) {
    return ctx.loaders.containing(Procurement, 'kommuner', kommune.id, { year: 'desc' });
  }

  @Authorized('admin')
  @Mutation(() => Kommune, {
    description: 'Adds a kommune (the 98 are seeded; for corrections and tests). Admins only.',
  })
  createKommune(
    @Arg('input', () => CreateKommuneInput, { description: 'The new item.' })
    input: CreateKommuneInput,
    @Ctx() ctx: Context,
  ) {
    return kommuner.createKommune(ctx.em, input);
  }

  @Mutation(() => Kommune, {
    description: 'Corrects a kommune’s names or region. An editor of that kommune, or an admin.',
  })
  updateKommune(
    @Arg('id', () => ID, { description: 'The kommune’s ID.' }) id: string,
    @Arg('input', () => UpdateKommuneInput, {
      description: 'The changes; omitted fields stay as they are.',
    })
    input: UpdateKommuneInput,
    @Ctx() ctx: Context,
  ) {
    return kommuner.updateKommune(ctx.em, ctx.access, id, input);
  }
}

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { description: 'One organisation by ID.' })
  organization(
    @Arg('id', () => ID, { description: 'The organisation’s ID.' }) id: string,
    @Ctx() ctx: Context,
  ) {
    return getByGlobalId(ctx.em, Organization, id, 'id');
  }

  @Query(() => OrganizationConnection, { description: 'Organisations, by kind and name.' })
  organizations(@Args() args: OrganizationListArgs, @Ctx() ctx: Context) {
    return kommuner.listOrganizations(ctx.em, args);
  }

  @Authorized()
  @FieldResolver(() => [Affiliation], {
    description: 'Employments with the organisation (current by default).',
  })
  affiliations(
    @Root() organization: Organization,
    @Args() args: TemporalArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.loaders.many(
      Affiliation,
      'organization',
      organization.id,
      periodKey(args),
      periodFilter(args.period, args.asOf),
      { validFrom: 'desc' },
    );
  }

  @FieldResolver(() => [Product], { description: 'Products the organisation supplies.' })
  suppliedProducts(@Root() organization: Organization, @Ctx() ctx: Context) {
    return ctx.loaders.containing(Product, 'suppliers', organization.id, { name: 'asc' });
  }

  @Authorized('admin')
  @Mutation(() => Organization, { description: 'Adds an organisation. Admins only.' })
  createOrganization(
    @Arg('input', () => CreateOrganizationInput, { description: 'The new item.' })
    input: CreateOrganizationInput,
    @Ctx() ctx: Context,
  ) {
    return kommuner.createOrganization(ctx.em, input);
  }

  @Mutation(() => Organization, {
    description: 'Changes an organisation. An editor of that organisation, or an admin.',
  })
  updateOrganization(
    @Arg('id', () => ID, { description: 'The organisation’s ID.' }) id: string,
    @Arg('input', () => UpdateOrganizationInput, {
      description: 'The changes; omitted fields stay as they are.',
    })
    input: UpdateOrganizationInput,
    @Ctx() ctx: Context,
  ) {
    return kommuner.updateOrganization(ctx.em, ctx.access, id, input);
  }
}
