import type { MiddlewareFn } from 'type-graphql';
import { openAuditEvent } from '../modules/audit/audit.service';
import type { Context } from './context';
import { mapDatabaseError } from './errors';

/**
 * Runs every mutation in one database transaction on the request's EntityManager: it commits
 * when the mutation returns and rolls back when it throws, so a failed mutation writes nothing.
 * The transaction opens the mutation's audit event first, so that every row it changes is audited
 * (see `openAuditEvent`).
 * Database errors a user caused (duplicates, overlaps) become `CONFLICT`/`BAD_USER_INPUT`.
 */
export const TransactionalMutations: MiddlewareFn<Context> = async (
  { context, info, args },
  next,
) => {
  if (info.parentType.name !== 'Mutation') return next();
  const { em } = context;
  await em.begin();
  try {
    await openAuditEvent(em, info.fieldName, context.access.identity, args);
    const result = await next();
    await em.commit();
    return result;
  } catch (error) {
    await em.rollback();
    em.clear();
    throw mapDatabaseError(error) ?? error;
  }
};
