import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { relayStylePagination } from '@apollo/client/utilities';
import { getToken } from '../auth/session';

/** The API client: same origin, the tab's token as a bearer token, Relay paging for `experts` and `search`. */
export function createApolloClient() {
  const withToken = new SetContextLink((previous) => {
    const token = getToken();
    if (!token) return {};
    return { headers: { ...previous.headers, authorization: `Bearer ${token}` } };
  });
  return new ApolloClient({
    link: ApolloLink.from([withToken, new HttpLink({ uri: '/graphql' })]),
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
