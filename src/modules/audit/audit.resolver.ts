import type { GraphQLResolveInfo } from 'graphql';
import {
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { Context } from '../../common/context';
import { toGlobalId } from '../../common/global-id';
import { Connection } from '../../common/pagination';
import { Person } from '../people/people.entity';
import { AuditActor, AuditChange, AuditEvent } from './audit.entity';
import { AuditEventListArgs } from './audit.inputs';
import * as audit from './audit.service';

export const AuditEventConnection = Connection(AuditEvent);

@Resolver(() => AuditEvent)
export class AuditEventResolver {
  @Authorized('admin')
  @Query(() => AuditEventConnection, {
    description:
      'The audit: every mutation, who ran it and what it changed, newest first. Admins only.',
  })
  auditEvents(@Args() args: AuditEventListArgs, @Ctx() ctx: Context) {
    return audit.listAuditEvents(ctx.em, args);
  }

  @Authorized('admin')
  @FieldResolver(() => [AuditChange], {
    description: 'Every row the mutation inserted, updated or deleted, in the order it did so.',
  })
  changes(@Root() event: AuditEvent, @Ctx() ctx: Context) {
    return ctx.loaders.many(AuditChange, 'event', event.id, 'all', {}, { id: 'asc' });
  }
}

@Resolver(() => AuditActor)
export class AuditActorResolver {
  @FieldResolver(() => Person, {
    nullable: true,
    description:
      'The person the caller is, when their token named one and the person still exists.',
  })
  person(@Root() actor: AuditActor, @Ctx() ctx: Context) {
    return ctx.loaders.one(Person, actor.personId ? { id: actor.personId } : null);
  }
}

@Resolver(() => AuditChange)
export class AuditChangeResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'The type of the changed thing, e.g. `Person`; null for a link table.',
  })
  entityType(@Root() change: AuditChange, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return audit.nodeTypeOfTable(ctx.em, info.schema, change.tableName);
  }

  @FieldResolver(() => ID, {
    nullable: true,
    description:
      'The changed thing’s ID, for `node(id)` (it may since have been deleted); null for a link table.',
  })
  entityId(@Root() change: AuditChange, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    const type = audit.nodeTypeOfTable(ctx.em, info.schema, change.tableName);
    return type && change.rowId ? toGlobalId(type, change.rowId) : null;
  }
}
