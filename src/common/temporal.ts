import { BadUserInputError, ConflictError } from './errors';
import { LocalDateResolver } from './local-date';
import { ArgsType, Field, registerEnumType } from 'type-graphql';
import { today } from '../db/base.entity';

/** Which part of a history to list, relative to a date. */
export enum Period {
  CURRENT = 'CURRENT',
  PAST = 'PAST',
  FUTURE = 'FUTURE',
  ALL = 'ALL',
}

registerEnumType(Period, {
  name: 'Period',
  description: 'Which part of a history to list, relative to the `asOf` date.',
  valuesConfig: {
    CURRENT: { description: 'What holds on the date.' },
    PAST: { description: 'What had ended by the date (former).' },
    FUTURE: { description: 'What starts after the date.' },
    ALL: { description: 'The whole history.' },
  },
});

/** `asOf` and `period` arguments of every list over things with a validity period. */
@ArgsType()
export class TemporalArgs {
  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'The date to ask about; defaults to today.',
  })
  asOf?: string;

  @Field(() => Period, {
    defaultValue: Period.CURRENT,
    description: 'Which part of the history to list.',
  })
  period: Period = Period.CURRENT;
}

/** The MikroORM filter selecting a period relative to a date. */
export function periodFilter(period: Period, asOf: string = today()): Record<string, unknown> {
  switch (period) {
    case Period.CURRENT:
      return { validFrom: { $lte: asOf }, $or: [{ validTo: null }, { validTo: { $gt: asOf } }] };
    case Period.PAST:
      return { validTo: { $lte: asOf } };
    case Period.FUTURE:
      return { validFrom: { $gt: asOf } };
    case Period.ALL:
      return {};
  }
}

/**
 * The SQL condition of {@link periodFilter} on the rows of `alias`, with the date as the
 * placeholder `date` (e.g. `$2`); undefined for the whole history, which needs no date.
 */
export function periodSql(alias: string, period: Period, date: string): string | undefined {
  switch (period) {
    case Period.CURRENT:
      return validOnSql(alias, date);
    case Period.PAST:
      return `${alias}.valid_to <= ${date}`;
    case Period.FUTURE:
      return `${alias}.valid_from > ${date}`;
    case Period.ALL:
      return undefined;
  }
}

/** A key naming a period and date, for batching loaders. */
export function periodKey(args: TemporalArgs): string {
  return `${args.period}@${args.asOf ?? today()}`;
}

/**
 * Ends something on a date: `validTo` becomes `on`. It must have started before that day and not
 * have ended already (a `CONFLICT`, so two people ending the same thing cannot both win).
 */
export function endValidity(
  entity: { validFrom: string; validTo?: string | null },
  on: string,
  what: string,
): void {
  if (entity.validTo != null && entity.validTo <= on) {
    throw new ConflictError(`${what} already ended on ${entity.validTo}`, 'id');
  }
  if (on <= entity.validFrom) {
    throw new BadUserInputError(
      'on',
      `${what} started on ${entity.validFrom}; it can only end after that`,
    );
  }
  entity.validTo = on;
}

/**
 * SQL condition: the row `alias` holds on `date` (an SQL expression or `?`; today by default),
 * over the half-open interval [valid_from, valid_to).
 */
export function validOnSql(alias: string, date = 'current_date'): string {
  return `${alias}.valid_from <= ${date} and (${alias}.valid_to is null or ${alias}.valid_to > ${date})`;
}
