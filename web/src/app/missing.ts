import { CombinedGraphQLErrors } from '@apollo/client/errors';

/**
 * True when a page's query failed because the ID in its address names nothing: the API says
 * NOT_FOUND, or refuses the ID itself. Anything else (network, rate limits) is a failure to retry.
 */
export function isMissing(error: unknown): boolean {
  return (
    CombinedGraphQLErrors.is(error) &&
    error.errors.some(
      ({ extensions }) =>
        extensions?.code === 'NOT_FOUND' ||
        (extensions?.code === 'BAD_USER_INPUT' && extensions?.field === 'id'),
    )
  );
}
