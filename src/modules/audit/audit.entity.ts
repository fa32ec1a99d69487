import type { Rel } from '@mikro-orm/core';
import { ArrayType, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { JSONResolver } from 'graphql-scalars';
import { Authorized, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../common/global-id';
import { BaseEntity } from '../../db/base.entity';

/** What a statement did to a row. */
export enum AuditOperation {
  INSERT = 'INSERT',
  UPDATE = 'UPDATE',
  DELETE = 'DELETE',
}

registerEnumType(AuditOperation, {
  name: 'AuditOperation',
  description: 'What a mutation did to one row.',
  valuesConfig: {
    INSERT: { description: 'The row was added.' },
    UPDATE: { description: 'The row was changed.' },
    DELETE: { description: 'The row was removed.' },
  },
});

/** Who ran a mutation, as their token said at the time. */
@ObjectType({ description: 'Who ran a mutation, as their token said at the time.' })
export class AuditActor {
  @Field(() => String, { description: 'The token’s subject: the user at the identity provider.' })
  subject!: string;

  @Field(() => String, {
    description: 'The caller’s role: member, editor or admin (anonymous for no token).',
  })
  role!: string;

  /** The person the token named (database id); resolved to a `Person` by the resolver. */
  personId!: string | null;
}

/**
 * One mutation: who ran it, when, and with which arguments. Written by `auditMutation` in the
 * mutation's own transaction (see `transactionalMutation`), so a mutation that fails
 * leaves none; its row changes ({@link AuditChange}) are written by PostgreSQL triggers.
 *
 * Audit events are for admins only: every field is guarded, so `node(id)` shows no one else more
 * than that an ID exists.
 */
@ObjectType({
  implements: BaseEntity,
  description:
    'One mutation someone ran: who, when, with which arguments, and every row it changed. Admins only.',
})
@Entity({ tableName: 'audit_event' })
export class AuditEvent {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Authorized('admin')
  @Field(() => Date, { description: 'When the mutation’s transaction began.' })
  @Index()
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  occurredAt!: Date;

  @Authorized('admin')
  @Field(() => String, { description: 'The mutation’s name, e.g. `updateTopic`.' })
  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'text' })
  actorSubject!: string;

  @Property({ type: 'text' })
  actorRole!: string;

  /** No foreign key: the audit outlives the people in it. */
  @Index()
  @Property({ type: 'uuid', nullable: true })
  actorPersonId?: string | null;

  @Authorized('admin')
  @Field(() => JSONResolver, {
    nullable: true,
    description:
      'The arguments the mutation was called with (IDs as the API shows them); secrets are redacted.',
  })
  @Property({ type: 'json', nullable: true })
  arguments?: Record<string, unknown> | null;

  @Authorized('admin')
  @Field(() => ID, { name: 'id', description: 'Opaque global ID; use it with `node(id)`.' })
  get globalId(): string {
    return toGlobalId('AuditEvent', this.id);
  }

  @Authorized('admin')
  @Field(() => AuditActor, { description: 'Who ran the mutation.' })
  get actor(): AuditActor {
    return {
      subject: this.actorSubject,
      role: this.actorRole,
      personId: this.actorPersonId ?? null,
    };
  }
}

/**
 * One row a mutation inserted, updated or deleted, as PostgreSQL's `audit_row()` trigger saw it.
 * An update keeps only the columns that changed; `refs` holds every uuid of the row, old and new
 * (its id and its foreign keys), so the change shows in the history of everything it touches.
 */
@ObjectType({ description: 'One row a mutation inserted, updated or deleted.' })
@Entity({ tableName: 'audit_change' })
@Index({
  name: 'audit_change_refs_index',
  expression: 'create index "audit_change_refs_index" on "audit_change" using gin ("refs")',
})
export class AuditChange {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Index()
  @ManyToOne(() => AuditEvent, { deleteRule: 'cascade' })
  event!: Rel<AuditEvent>;

  @Field(() => String, { name: 'table', description: 'The table the row is in, e.g. `person`.' })
  @Property({ type: 'text' })
  tableName!: string;

  @Field(() => AuditOperation, { description: 'What happened to the row.' })
  @Enum({ items: () => AuditOperation })
  operation!: AuditOperation;

  /** The row's `id` column; null for link tables, which have none. */
  @Property({ type: 'uuid', nullable: true })
  rowId?: string | null;

  @Property({ type: ArrayType, columnType: 'uuid[]', lazy: true })
  refs!: string[];

  @Field(() => JSONResolver, {
    nullable: true,
    description:
      'The row before the change, by column: the whole row for a delete, the changed columns for an update, null for an insert.',
  })
  @Property({ type: 'json', nullable: true })
  before?: Record<string, unknown> | null;

  @Field(() => JSONResolver, {
    nullable: true,
    description:
      'The row after the change, by column: the whole row for an insert, the changed columns for an update, null for a delete.',
  })
  @Property({ type: 'json', nullable: true })
  after?: Record<string, unknown> | null;
}
