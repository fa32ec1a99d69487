import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLFieldResolver } from 'graphql';
import { Access } from '../auth/access';
import type { Identity } from '../auth/identity';
import type { Context } from './context';
import { mapDatabaseError } from './errors';
import { Loaders } from './loaders';

/** The mutation whose transaction just opened. */
export interface MutationStart {
  /** The mutation's field name, e.g. `addMembership`. */
  action: string;
  identity: Identity | null;
  /** The mutation's arguments as the caller sent them. */
  args: Record<string, unknown>;
}

/**
 * Work that runs first in every mutation's transaction, on its EntityManager: the audit opens the
 * mutation's event here. A feature registers it (see {@link onMutationTransaction}), so the
 * transaction layer knows no feature.
 */
export type MutationTransactionHook = (em: EntityManager, mutation: MutationStart) => Promise<void>;

const hooks = new Set<MutationTransactionHook>();

/**
 * Runs `hook` first in the transaction of every mutation from now on, in the order registered
 * (registering the same hook again changes nothing). Returns a function that unregisters it.
 */
export function onMutationTransaction(hook: MutationTransactionHook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** Runs the registered hooks for `mutation` in the transaction `em` is in. */
export async function openMutationTransaction(
  em: EntityManager,
  mutation: MutationStart,
): Promise<void> {
  for (const hook of hooks) await hook(em, mutation);
}

/**
 * How often a mutation runs in all when PostgreSQL stops its transaction for a deadlock or a
 * serialization failure: such a transaction wrote nothing, and the next try usually gets through
 * (or meets the other change's result, say a seat that now exists, and says so).
 */
export const MUTATION_ATTEMPTS = 3;

/**
 * Up to this long (ms, times the attempt) between tries, at random, so that two transactions
 * stopped together do not meet again.
 */
const RETRY_JITTER_MS = 20;

/** Whether PostgreSQL stopped a transaction for a deadlock (40P01) or serialization failure. */
export function isTransactionConflict(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: unknown };
  return code === '40P01' || code === '40001';
}

/**
 * Runs a mutation field in one database transaction on the request's EntityManager: it commits
 * when the mutation returns and rolls back when it throws, so a failed mutation writes nothing.
 * The registered hooks run first in it (the audit opens the mutation's event, so that every row
 * it changes is audited). A transaction PostgreSQL stops for a deadlock or a serialization
 * failure is run again from the start, as a whole (up to {@link MUTATION_ATTEMPTS} times, after a
 * short random pause), with the request's caches emptied: what the failed try read may be gone.
 * Database errors a user caused (duplicates, overlaps) become `CONFLICT`/`BAD_USER_INPUT`.
 *
 * It wraps the field's whole resolver (middlewares and all) rather than being a middleware, as
 * a middleware cannot run the rest of the chain twice.
 */
export function transactionalMutation<Source, Args extends Record<string, unknown>>(
  resolve: GraphQLFieldResolver<Source, Context, Args>,
): GraphQLFieldResolver<Source, Context, Args> {
  return async (source, args, context, info) => {
    const { em } = context;
    for (let attempt = 1; ; attempt += 1) {
      await em.begin();
      try {
        await openMutationTransaction(em, {
          action: info.fieldName,
          identity: context.access.identity,
          args,
        });
        const result = await resolve(source, args, context, info);
        await em.commit();
        return result;
      } catch (error) {
        await em.rollback();
        em.clear();
        if (attempt < MUTATION_ATTEMPTS && isTransactionConflict(error)) {
          context.logger.info(
            { mutation: info.fieldName, attempt, code: (error as { code: string }).code },
            'mutation stopped by a concurrent change; trying again',
          );
          startAfresh(context);
          await sleep(Math.random() * RETRY_JITTER_MS * attempt);
          continue;
        }
        throw mapDatabaseError(error) ?? error;
      }
    }
  };
}

/** Forgets what a rolled-back try of a mutation loaded, for the next try. */
function startAfresh(context: Context) {
  context.loaders = new Loaders(context.em);
  context.access = new Access(context.access.identity, context.em);
}
