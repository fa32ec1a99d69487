import type { MiddlewareFn } from 'type-graphql';
import type { Context } from './context';
import { mapDatabaseError } from './errors';

/**
 * Runs every mutation in one database transaction on the request's EntityManager: it commits
 * when the mutation returns and rolls back when it throws, so a failed mutation writes nothing.
 * Database errors a user caused (duplicates, overlaps) become `CONFLICT`/`BAD_USER_INPUT`.
 */
export const TransactionalMutations: MiddlewareFn<Context> = async ({ context, info }, next) => {
  if (info.parentType.name !== 'Mutation') return next();
  const { em } = context;
  await em.begin();
  try {
    const result = await next();
    await em.commit();
    return result;
  } catch (error) {
    await em.rollback();
    em.clear();
    throw mapDatabaseError(error) ?? error;
  }
};
