import { IsOptional, Matches, MaxLength, ValidateIf } from 'class-validator';
import type { GraphQLFieldResolver } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import { BadUserInputError } from './errors';

/** Longest name, title or label accepted. */
export const MAX_NAME_LENGTH = 200;
/** Longest free text (bio, narrative, body) accepted. */
export const MAX_TEXT_LENGTH = 20_000;

const NOT_BLANK = /\S/;

/** A required short text: a name, title or label. Not blank, at most {@link MAX_NAME_LENGTH} characters. */
export function NameText(): PropertyDecorator {
  return (target, key) => {
    Matches(NOT_BLANK, { message: `${String(key)} must not be empty` })(target, key);
    MaxLength(MAX_NAME_LENGTH, {
      message: `${String(key)} must be at most ${MAX_NAME_LENGTH} characters`,
    })(target, key);
  };
}

/** An optional short text; when given it follows {@link NameText}. */
export function OptionalNameText(): PropertyDecorator {
  return (target, key) => {
    ValidateIf((_object, value) => value != null)(target, key);
    NameText()(target, key);
  };
}

/** Required free text: not blank, at most {@link MAX_TEXT_LENGTH} characters. */
export function RequiredText(): PropertyDecorator {
  return (target, key) => {
    Matches(NOT_BLANK, { message: `${String(key)} must not be empty` })(target, key);
    MaxLength(MAX_TEXT_LENGTH, {
      message: `${String(key)} must be at most ${MAX_TEXT_LENGTH} characters`,
    })(target, key);
  };
}

/** Like {@link RequiredText} when given; may be omitted. */
export function OptionalRequiredText(): PropertyDecorator {
  return (target, key) => {
    ValidateIf((_object, value) => value != null)(target, key);
    RequiredText()(target, key);
  };
}

/** Optional free text of at most {@link MAX_TEXT_LENGTH} characters. */
export function LongText(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    MaxLength(MAX_TEXT_LENGTH, {
      message: `${String(key)} must be at most ${MAX_TEXT_LENGTH} characters`,
    })(target, key);
  };
}

/** Checks a validity interval: `validTo`, when given, must come after `validFrom`. */
export function assertPeriod(
  validFrom: string,
  validTo: string | null | undefined,
  field = 'validTo',
) {
  if (validTo != null && validTo <= validFrom) {
    throw new BadUserInputError(
      field,
      `${field} (${validTo}) must be after validFrom (${validFrom})`,
    );
  }
}

/** Trims a text and turns an empty optional text into null. */
export function clean<T extends string | null | undefined>(value: T): T {
  if (value == null) return value;
  return value.trim() as T;
}

/**
 * Copies the fields a caller gave onto an entity: `undefined` leaves a field as it is, `null`
 * clears it, except for the `required` fields, which cannot be cleared.
 */
export function applyChanges<T extends object>(
  entity: T,
  changes: object,
  required: readonly string[] = [],
): T {
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null && required.includes(key)) {
      throw new BadUserInputError(key, `${key} cannot be cleared`);
    }
    (entity as Record<string, unknown>)[key] = typeof value === 'string' ? value.trim() : value;
  }
  return entity;
}

/** Halves of a UTF-16 surrogate pair without the other half (a whole pair is one code point). */
const UNPAIRED_SURROGATE = /\p{Cs}/u;

/** Whether PostgreSQL can store the text in `text` and `jsonb`: no NUL, no unpaired surrogate. */
function storable(text: string): boolean {
  return !text.includes('\u0000') && !UNPAIRED_SURROGATE.test(text);
}

/** The argument or input field holding text PostgreSQL cannot store, if any. */
function unstorableField(value: unknown, field: string): string | undefined {
  if (typeof value === 'string') return storable(value) ? undefined : field;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = unstorableField(item, field);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = unstorableField(item, key);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Refuses text with a NUL character or an unpaired surrogate in any of `args`: PostgreSQL rejects
 * it (in a column, in a search, in a mutation's audit event), which would surface as an internal
 * error.
 */
export function refuseUnstorableText(args: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(args)) {
    const field = unstorableField(value, name);
    if (field) {
      throw new BadUserInputError(
        field,
        `${field} must not contain NUL characters or unpaired surrogates`,
      );
    }
  }
}

/** Refuses unstorable text (see {@link refuseUnstorableText}) in every argument of every field. */
export const StorableTextArguments: MiddlewareFn = ({ args }, next) => {
  refuseUnstorableText(args);
  return next();
};

/**
 * A field resolver that refuses unstorable text in its arguments before it runs `resolve`: for
 * a mutation, before its transaction opens and its audit event stores the arguments.
 */
export function storableArgumentsFirst<Source, Context, Args extends Record<string, unknown>>(
  resolve: GraphQLFieldResolver<Source, Context, Args>,
): GraphQLFieldResolver<Source, Context, Args> {
  return (source, args, context, info) => {
    refuseUnstorableText(args);
    return resolve(source, args, context, info);
  };
}
