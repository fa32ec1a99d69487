import { IsOptional, Matches, MaxLength, ValidateIf } from 'class-validator';
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
