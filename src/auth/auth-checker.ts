import type { AuthChecker, MiddlewareFn } from 'type-graphql';
import { ForbiddenError, UnauthenticatedError } from '../common/errors';
import type { Context } from '../common/context';
import type { Role } from './identity';

/**
 * `@Authorized()` needs a signed-in caller; `@Authorized('editor')` or `'admin'` needs at least
 * that role. Anonymous callers get `UNAUTHENTICATED`, signed-in ones without the role `FORBIDDEN`.
 */
export const authChecker: AuthChecker<Context, Role> = ({ context, info }, roles) => {
  const { access } = context;
  if (!access.signedIn) {
    throw new UnauthenticatedError(`Sign in to read ${info.parentType.name}.${info.fieldName}`);
  }
  if (roles.length > 0 && !roles.some((role) => access.has(role))) {
    throw new ForbiddenError(
      `${info.parentType.name}.${info.fieldName} needs the role ${roles.join(' or ')}`,
    );
  }
  // A role is a rule for a mutation; a bare @Authorized() (signed in, on a whole resolver class)
  // is not: the service must still say whose the thing is.
  if (info.parentType.name === 'Mutation' && roles.length > 0) access.ruled = true;
  return true;
};

/**
 * Closed by default: anonymous callers change nothing, and a mutation whose resolver ran no
 * authorization rule (`@Authorized` or an `Access.require…` check) is refused and rolled back,
 * so a new mutation without a rule cannot slip through.
 */
export const AuthorizedMutations: MiddlewareFn<Context> = async ({ context, info }, next) => {
  if (info.parentType.name !== 'Mutation') return next();
  if (!context.access.signedIn) {
    throw new UnauthenticatedError(`Sign in to ${info.fieldName}`);
  }
  try {
    const result = await next();
    if (!context.access.ruled) {
      throw new Error(`Mutation.${info.fieldName} has no authorization rule`);
    }
    return result;
  } finally {
    // `@Authorized` runs before this middleware and may have set it; the next mutation starts anew.
    context.access.ruled = false;
  }
};
