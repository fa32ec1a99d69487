import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';

/** What the API said went wrong with a write, sorted so a form can show it where it belongs. */
export interface ApiErrors {
  /** The Danish message for the input field the API named in `extensions.field`, if any. */
  field(name: string): string | undefined;
  /** Messages that name no field the form shows: shown above the form. */
  general: string[];
  /** True when there is anything to show. */
  any: boolean;
}

/** Danish words for the API's stable error codes (`extensions.code`). */
const BY_CODE: Record<string, string> = {
  BAD_USER_INPUT: 'Tjek det, du har skrevet',
  NOT_FOUND: 'Det findes ikke (længere)',
  CONFLICT: 'Det kan ikke gemmes, som tingene står nu',
  UNAUTHENTICATED: 'Du skal logge ind (igen)',
  FORBIDDEN: 'Du har ikke ret til at gøre dette',
  RATE_LIMITED: 'For mange forespørgsler lige nu – prøv igen om lidt',
  SERVER_BUSY: 'Serveren har travlt lige nu – prøv igen om lidt',
  QUERY_TIMEOUT: 'Det tog for lang tid – prøv igen',
  PAYLOAD_TOO_LARGE: 'Det er for stort til at blive sendt',
};
const FALLBACK = 'Noget gik galt';

/** One API error as a sentence: the Danish meaning of its code, then the API's own words. */
function sentence(code: unknown, message: string): string {
  const meaning = (typeof code === 'string' && BY_CODE[code]) || FALLBACK;
  return `${meaning}: ${message}`;
}

/**
 * Sorts an Apollo error into field messages and general ones. `fields` are the input names the
 * form shows; an error naming another field (or none) is general, so nothing the API says is lost.
 * The API names an input field as `input.title` or `title`: both match the field `title`.
 */
export function apiErrors(error: unknown, fields: readonly string[] = []): ApiErrors {
  const byField = new Map<string, string>();
  const general: string[] = [];
  if (CombinedGraphQLErrors.is(error)) {
    for (const each of error.errors) {
      const named = typeof each.extensions?.field === 'string' ? each.extensions.field : undefined;
      const field = named && fields.find((name) => named === name || named.endsWith(`.${name}`));
      const text = sentence(each.extensions?.code, each.message);
      if (field && !byField.has(field)) byField.set(field, text);
      else general.push(text);
    }
  } else if (ServerError.is(error)) {
    general.push(`${FALLBACK}: serveren svarede ${error.statusCode}`);
  } else if (error instanceof Error) {
    general.push(`${FALLBACK}: ${error.message}`);
  } else if (error) {
    general.push(FALLBACK);
  }
  return {
    field: (name) => byField.get(name),
    general,
    any: byField.size > 0 || general.length > 0,
  };
}
