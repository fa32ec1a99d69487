import { GraphQLError, GraphQLScalarType } from 'graphql';
import { LocalDateResolver as IsoLocalDate } from 'graphql-scalars';

/** The calendar check of graphql-scalars, and no year 0000. */
function storableDate(value: string): string {
  if (value.startsWith('0000-')) {
    throw new GraphQLError(`Value is not a valid LocalDate: ${value} (there is no year 0)`);
  }
  return value;
}

/**
 * The `LocalDate` scalar (`YYYY-MM-DD`, a real calendar day). graphql-scalars' own accepts the
 * year 0000, which PostgreSQL's `date` refuses, so such a date failed in the database as an
 * internal error; this one refuses it as invalid input. Use it instead of graphql-scalars'.
 */
export const LocalDateResolver = new GraphQLScalarType<string, string>({
  ...IsoLocalDate.toConfig(),
  parseValue: (value) => storableDate(IsoLocalDate.parseValue(value) as string),
  parseLiteral: (ast, variables) =>
    storableDate(IsoLocalDate.parseLiteral(ast, variables) as string),
});
