import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { relayStylePagination } from '@apollo/client/utilities';
import { getToken, tokenRefused } from '../auth/session';

/** The API client: same origin, the tab's token as a bearer token, Relay paging for `experts` and `search`. */
export function createApolloClient() {
  const withToken = new SetContextLink((previous) => {
    const token = getToken();
    if (!token) return {};
    return { headers: { ...previous.headers, authorization: `Bearer ${token}` } };
  });
  // A token the API no longer accepts (HTTP 401, or UNAUTHENTICATED although one was sent) ends
  // the session, so the app asks the user to sign in again instead of showing errors.
  const refusedToken = new ErrorLink(({ error, operation }) => {
    const sent = operation.getContext().headers?.authorization?.replace(/^Bearer /, '');
    if (!sent) return;
    const refused =
      (ServerError.is(error) && error.statusCode === 401) ||
      (CombinedGraphQLErrors.is(error) &&
        error.errors.some((each) => each.extensions?.code === 'UNAUTHENTICATED'));
    if (refused) tokenRefused(sent);
  });
  return new ApolloClient({
    link: ApolloLink.from([withToken, refusedToken, new HttpLink({ uri: '/graphql' })]),
    cache: new InMemoryCache({
      typePolicies: {
        Query: {
          fields: {
            experts: relayStylePagination(['query', 'filter', 'includeFormer', 'topicIds']),
            search: relayStylePagination(['query', 'types']),
          },
        },
      },
    }),
  });
}
