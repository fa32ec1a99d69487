import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import { isObjectType } from 'graphql';
import type { Identity } from '../../auth/identity';
import { BadUserInputError } from '../../common/errors';
import { parseGlobalId } from '../../common/global-id';
import type { MutationTransactionHook } from '../../common/transaction';
import { optionalId, queryPage } from '../../common/lookup';
import { entityByTypeName } from '../../db/entities';
import { AuditEvent } from './audit.entity';
import type { AuditEventListArgs } from './audit.inputs';

/** Argument names whose values never go into the audit. */
const SECRET = /password|secret|token/i;

/**
 * The argument holding an imported file: the audit keeps its size and digest, not the file.
 * The rows it changed are in the audit one by one, where an erasure can find them; a copy of
 * the whole file, personal data and all, would escape it.
 */
const FILE_CONTENT = 'content';

function fileSummary(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const digest = createHash('sha256').update(value).digest('hex');
  return `[file: ${value.length} characters, sha256 ${digest}]`;
}

/**
 * Opens the audit event of a mutation, in the mutation's transaction on `em` (call it right after
 * `em.begin()`): one statement inserts the event and makes it the transaction's
 * `erfaringsnet.audit_event`, which the `audit_row()` triggers give every row change. The setting
 * ends with the transaction, and a rollback takes the event with it.
 */
export async function openAuditEvent(
  em: EntityManager,
  action: string,
  identity: Identity | null,
  args: Record<string, unknown>,
): Promise<void> {
  await em.execute(
    `with event as (
       insert into audit_event (action, actor_subject, actor_role, actor_person_id, arguments)
       values (?, ?, ?, ?, ?::jsonb) returning id)
     select set_config('erfaringsnet.audit_event', id::text, true) from event`,
    [
      action,
      // Mutations refuse anonymous callers, but should one ever run it is audited all the same.
      identity?.subject ?? 'anonymous',
      identity?.role ?? 'anonymous',
      identity?.personId ?? null,
      JSON.stringify(args, (key, value: unknown) =>
        SECRET.test(key) ? '[redacted]' : key === FILE_CONTENT ? fileSummary(value) : value,
      ),
    ],
  );
}

/**
 * Audits every mutation: registered as a mutation transaction hook (see `onMutationTransaction`),
 * it opens the mutation's event first in its transaction.
 */
export const auditMutation: MutationTransactionHook = (em, { action, identity, args }) =>
  openAuditEvent(em, action, identity, args);

/** Audit events, newest first, filtered by what they touched, who ran them, action and period. */
export function listAuditEvents(em: EntityManager, args: AuditEventListArgs) {
  const filter = args.filter ?? {};
  const qb = em.createQueryBuilder(AuditEvent, 'e');
  if (filter.entityId != null) {
    const parsed = parseGlobalId(filter.entityId);
    if (!parsed || !entityByTypeName(parsed.type)) {
      throw new BadUserInputError('entityId', 'entityId is not a valid ID');
    }
    qb.andWhere(`e.id in (select c.event_id from audit_change c where c.refs @> array[?::uuid])`, [
      parsed.id,
    ]);
  }
  const personId = optionalId(filter.personId, 'Person', 'personId');
  if (personId) qb.andWhere({ actorPersonId: personId });
  if (filter.action != null) qb.andWhere({ action: filter.action });
  if (filter.from && filter.to && filter.from >= filter.to) {
    throw new BadUserInputError('to', 'to must be after from');
  }
  if (filter.from) qb.andWhere({ occurredAt: { $gte: filter.from } });
  if (filter.to) qb.andWhere({ occurredAt: { $lt: filter.to } });
  qb.orderBy({ occurredAt: 'desc', id: 'desc' });
  return queryPage(qb, args);
}

const typeNamesByTable = new WeakMap<object, Map<string, string>>();

/**
 * The GraphQL type whose rows a table holds (`person` → `Person`), or null for a table that is not
 * a `Node` type's, such as a link table (`group_topics`).
 */
export function nodeTypeOfTable(
  em: EntityManager,
  schema: GraphQLSchema,
  table: string,
): string | null {
  const metadata = em.getMetadata();
  let byTable = typeNamesByTable.get(metadata);
  if (!byTable) {
    byTable = new Map(
      Object.values(metadata.getAll())
        .filter((meta) => !meta.abstract && !meta.pivotTable)
        .map((meta) => [meta.tableName, meta.className]),
    );
    typeNamesByTable.set(metadata, byTable);
  }
  const type = schema.getType(byTable.get(table) ?? '');
  return isObjectType(type) && type.getInterfaces().some((node) => node.name === 'Node')
    ? type.name
    : null;
}

/**
 * Replaces a person's personal data in the audit, for erasure. `replacements` names, per table,
 * the columns to replace and their new values: for `person`, in the person's own rows (e.g.
 * `{ name: 'tidligere medarbejder, Aarhus', email: null, languages: [] }`); for other tables, in
 * the rows that refer to the person (`{ affiliation: { title: null } }`, their employments). Any
 * value those columns ever had (each item of a list) is also replaced wherever else the audit
 * holds it for a change that refers to the person (link rows, and the arguments of those
 * mutations).
 *
 * Call it in the erasure's transaction after the person's rows are erased: those updates are
 * audited too, with the old values in `before`.
 */
export async function scrubPersonFromAudit(
  em: EntityManager,
  personId: string,
  replacements: Record<string, Record<string, unknown>>,
): Promise<void> {
  await em.execute(`select audit_scrub_person(?::uuid, ?::jsonb)`, [
    personId,
    JSON.stringify(replacements),
  ]);
}
