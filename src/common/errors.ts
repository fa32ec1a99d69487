import { GraphQLError } from 'graphql';
import {
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  UniqueConstraintViolationException,
  CheckConstraintViolationException,
  DriverException,
} from '@mikro-orm/core';

/** The stable error codes clients can rely on (`extensions.code`). */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  /** PostgreSQL stopped a statement that ran longer than `STATEMENT_TIMEOUT_MS`. */
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  /** Too many requests from one caller (HTTP 429); see the `Retry-After` header. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Too many expensive requests are running or waiting (HTTP 503); see `Retry-After`. */
  SERVER_BUSY: 'SERVER_BUSY',
  /** The request body is larger than the server accepts (HTTP 413). */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** The input was wrong; `extensions.field` names the argument or input field at fault. */
export class BadUserInputError extends GraphQLError {
  constructor(field: string, message: string) {
    super(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field } });
  }
}

/** Nothing of that type has the given id. */
export class NotFoundError extends GraphQLError {
  constructor(type: string, id?: string, field?: string) {
    super(id ? `${type} ${id} was not found` : `${type} was not found`, {
      extensions: { code: ErrorCode.NOT_FOUND, ...(field ? { field } : {}) },
    });
  }
}

/** The change clashes with what is stored: a duplicate, or a state that does not allow it. */
export class ConflictError extends GraphQLError {
  constructor(message: string, field?: string) {
    super(message, { extensions: { code: ErrorCode.CONFLICT, ...(field ? { field } : {}) } });
  }
}

/** The request carries no valid identity, and the operation needs one (HTTP 401 when raised for the token itself). */
export class UnauthenticatedError extends GraphQLError {
  constructor(message = 'Sign in to do this: send a valid bearer token', status?: number) {
    super(message, {
      extensions: {
        code: ErrorCode.UNAUTHENTICATED,
        ...(status ? { http: { status, headers: new Map([['www-authenticate', 'Bearer']]) } } : {}),
      },
    });
  }
}

/** The caller is known but may not do this. */
export class ForbiddenError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: ErrorCode.FORBIDDEN } });
  }
}

/** The database stopped the request's query because it ran too long (`statement_timeout`). */
export class QueryTimeoutError extends GraphQLError {
  constructor() {
    super('The query took too long and was stopped', {
      extensions: { code: ErrorCode.QUERY_TIMEOUT },
    });
  }
}

/** SQLSTATE `query_canceled`: here, the statement timeout struck. */
const QUERY_CANCELED = '57014';

/** Names given to database constraints, and what they mean to a user. */
const CONSTRAINT_MESSAGES: Record<string, { field: string; message: string }> = {
  kommune_code_unique: { field: 'code', message: 'A kommune with this code already exists' },
  product_slug_unique: { field: 'slug', message: 'A product with this slug already exists' },
  topic_slug_unique: { field: 'slug', message: 'A topic with this slug already exists' },
  organization_slug_unique: {
    field: 'slug',
    message: 'An organisation with this slug already exists',
  },
  group_slug_unique: { field: 'slug', message: 'A group with this slug already exists' },
  person_external_id_unique: {
    field: 'externalId',
    message: 'A person with this external id already exists',
  },
  person_email_unique: { field: 'email', message: 'A person with this e-mail already exists' },
  membership_no_overlap: {
    field: 'personId',
    message: 'The person is already a member of this group in that period',
  },
  affiliation_no_overlap: {
    field: 'personId',
    message: 'The person already has an affiliation with this employer in that period',
  },
  product_adoption_no_overlap: {
    field: 'kommuneId',
    message: 'The kommune already has an adoption record for this product in that period',
  },
  claim_endorsement_unique: { field: 'claimId', message: 'You have already endorsed this claim' },
  requirement_external_id_unique: {
    field: 'externalId',
    message: 'A requirement with this external id already exists',
  },
  requirement_usage_unique: {
    field: 'procurementId',
    message: 'This kommune’s use of this requirement in this procurement is already recorded',
  },
};

/**
 * Turns a database exception into the error a user should see, or returns `undefined` when it
 * is not the user's doing (then it is logged and masked).
 */
export function mapDatabaseError(error: unknown): GraphQLError | undefined {
  // Raw SQL (em.execute) rejects with pg's own error, not a DriverException.
  if ((error as { code?: unknown } | null)?.code === QUERY_CANCELED) return new QueryTimeoutError();
  if (!(error instanceof DriverException)) return undefined;
  const constraint = (error as DriverException & { constraint?: string }).constraint;
  const known = constraint ? CONSTRAINT_MESSAGES[constraint] : undefined;
  const exclusionViolation = error.code === '23P01';
  // Two changes to the same rows at once, and PostgreSQL stopped one of them (deadlock or
  // serialization failure): nothing was written, and the caller may simply try again.
  if (error.code === '40P01' || error.code === '40001') {
    return new ConflictError('Another change to the same data got in the way; try again');
  }
  if (error instanceof UniqueConstraintViolationException || exclusionViolation) {
    return new ConflictError(known?.message ?? 'This would create a duplicate', known?.field);
  }
  if (error instanceof ForeignKeyConstraintViolationException) {
    return new ConflictError(
      'This refers to, or is referred to by, a record that does not allow it',
    );
  }
  if (error instanceof CheckConstraintViolationException) {
    return new BadUserInputError(
      known?.field ?? 'input',
      known?.message ?? 'The input breaks a rule of the data model',
    );
  }
  if (error instanceof NotNullConstraintViolationException) {
    return new BadUserInputError('input', 'A required value is missing');
  }
  return undefined;
}
