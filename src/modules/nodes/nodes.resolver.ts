import type { GraphQLResolveInfo } from 'graphql';
import { isObjectType } from 'graphql';
import { Arg, Ctx, ID, Info, Query, Resolver } from 'type-graphql';
import type { Context } from '../../common/context';
import { UnauthenticatedError } from '../../common/errors';
import { parseGlobalId } from '../../common/global-id';
import { BaseEntity } from '../../db/base.entity';
import { entityByTypeName } from '../../db/entities';
import { mayRead, mayReadType } from '../../access/visibility';

/** Whether the API shows a type as a `Node` (some stored entities, such as departures, are not). */
function isNode(info: GraphQLResolveInfo, typeName: string): boolean {
  const type = info.schema.getType(typeName);
  return isObjectType(type) && type.getInterfaces().some((node) => node.name === 'Node');
}

@Resolver()
export class NodeResolver {
  @Query(() => BaseEntity, {
    nullable: true,
    description:
      'Anything by its global ID; null when the ID is unknown or malformed. Anonymous callers reach public things only: kommuner, organisations, groups and their seats, products and adoptions, topics, shared requirements.',
  })
  async node(
    @Arg('id', () => ID, { description: 'A global ID from any `id` field.' }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const parsed = parseGlobalId(id);
    const entity = parsed && entityByTypeName(parsed.type);
    if (!parsed || !entity || !isNode(info, parsed.type)) return null;
    if (!mayReadType(ctx.access, parsed.type)) {
      throw new UnauthenticatedError(`Sign in to read a ${parsed.type}`);
    }
    const found = await ctx.em.findOne(entity, { id: parsed.id });
    return found && mayRead(ctx.access, found) ? found : null;
  }
}
