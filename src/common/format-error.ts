import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ValidationError } from 'class-validator';
import type { Logger } from 'pino';
import { tokenLimitError } from '../limits';
import { ErrorCode, mapDatabaseError } from './errors';

/** Codes whose message is meant for the client and passes unchanged. */
const CLIENT_CODES = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.NOT_FOUND,
  ErrorCode.CONFLICT,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.QUERY_TIMEOUT,
  ErrorCode.RATE_LIMITED,
  ErrorCode.SERVER_BUSY,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * What graphql-js throws when the variables hold more than 50 invalid values: it stops coercing
 * them and gives the error no code, although it is as much the caller's doing as each of the 50.
 */
const TOO_MANY_VARIABLE_ERRORS =
  'Too many errors processing variables, error limit reached. Execution aborted.';

/** The first failing property of a class-validator result, with its dotted path and message. */
function firstViolation(
  errors: ValidationError[],
  prefix = '',
): { field: string; message: string } | null {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const message = error.constraints && Object.values(error.constraints)[0];
    if (message) return { field: path, message };
    const nested = firstViolation(error.children ?? [], path);
    if (nested) return nested;
  }
  return null;
}

/** The input field a variable-coercion message names, e.g. `validFrom` in `at "input.validFrom"`. */
function fieldFromMessage(message: string): string | undefined {
  const missing = /Field "([^"]+)" of required type/.exec(message);
  if (missing) return missing[1];
  const at = /at "([^"]+)"/.exec(message);
  if (at)
    return at[1]
      .split('.')
      .at(-1)
      ?.replace(/\[\d+\]$/, '');
  const variable = /Variable "\$([^"]+)"/.exec(message);
  return variable?.[1];
}

/**
 * Shapes every error a client sees: user mistakes keep their message and gain `extensions.field`;
 * database constraint violations become `CONFLICT`, a statement timeout `QUERY_TIMEOUT`; the
 * operation limits are `GRAPHQL_VALIDATION_FAILED` with `extensions.limit`; anything else is
 * logged and masked.
 */
export function createErrorFormatter(logger: Logger, exposeDetails: boolean) {
  const format = shapeError(logger, exposeDetails);
  if (exposeDetails) return format;
  // In production no message spells out the schema that introspection hides: graphql-js's "Did
  // you mean …" suggestions of fields, arguments, types and enum values are cut off.
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const shaped = format(formatted, error);
    const message = shaped.message.replace(/\s*Did you mean [^]*$/, '');
    return message === shaped.message ? shaped : { ...shaped, message };
  };
}

function shapeError(logger: Logger, exposeDetails: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const mapped = mapDatabaseError(original);
    if (mapped) {
      if (mapped.extensions.code === ErrorCode.QUERY_TIMEOUT) {
        logger.warn({ path: formatted.path }, 'a query ran into the statement timeout');
      }
      return { ...formatted, message: mapped.message, extensions: { ...mapped.extensions } };
    }
    const overLimit = tokenLimitError(formatted);
    if (overLimit) return overLimit;
    if (original instanceof GraphQLError && original.message === TOO_MANY_VARIABLE_ERRORS) {
      return { ...formatted, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }

    const code = formatted.extensions?.code as string | undefined;
    if (code && CLIENT_CODES.has(code)) {
      const validationErrors = formatted.extensions?.validationErrors as
        ValidationError[] | undefined;
      if (validationErrors) {
        const violation = firstViolation(validationErrors);
        return {
          message: violation?.message ?? 'The input is not valid',
          locations: formatted.locations,
          path: formatted.path,
          extensions: { code: ErrorCode.BAD_USER_INPUT, field: violation?.field.split('.').at(-1) },
        };
      }
      if (code === ErrorCode.BAD_USER_INPUT && !formatted.extensions?.field) {
        return {
          ...formatted,
          extensions: { ...formatted.extensions, field: fieldFromMessage(formatted.message) },
        };
      }
      return formatted;
    }
    if (
      original instanceof GraphQLError &&
      original.extensions?.code &&
      CLIENT_CODES.has(String(original.extensions.code))
    ) {
      return formatted;
    }
    if (isCodelessRefusal(original)) {
      return { ...formatted, extensions: { code: 'BAD_REQUEST' } };
    }
    logger.error(
      { err: original, path: formatted.path },
      'unexpected error while handling a GraphQL request',
    );
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: {
        code: ErrorCode.INTERNAL_SERVER_ERROR,
        ...(exposeDetails && original instanceof Error ? { detail: original.message } : {}),
      },
    };
  };
}

/**
 * An error Apollo raises about the request itself with a 4xx status and no code (a persisted
 * query whose hash does not match, an unsupported version of them): the client's mistake, in
 * Apollo's words, not an internal error.
 */
function isCodelessRefusal(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions?.code !== undefined) return false;
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
