import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../common/context';
import { parseGlobalId } from '../../common/global-id';
import { BaseEntity } from '../../db/base.entity';
import { entityByTypeName } from '../../db/entities';

@Resolver()
export class NodeResolver {
  @Query(() => BaseEntity, {
    nullable: true,
    description: 'Anything by its global ID; null when the ID is unknown or malformed.',
  })
  async node(
    @Arg('id', () => ID, { description: 'A global ID from any `id` field.' }) id: string,
    @Ctx() ctx: Context,
  ) {
    const parsed = parseGlobalId(id);
    const entity = parsed && entityByTypeName(parsed.type);
    if (!parsed || !entity) return null;
    return ctx.em.findOne(entity, { id: parsed.id });
  }
}
