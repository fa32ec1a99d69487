import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';
import type { ExpertFilter } from '../gql/graphql';
import { ExpertHitList } from './ExpertHitList';
import type { SearchState } from './search-params';
import { TEXT } from './search.texts';

/** How many people a page of results shows. */
const PAGE_SIZE = 10;

const ExpertsQuery = graphql(`
  query Experts(
    $query: String
    $topicIds: [ID!]
    $filter: ExpertFilter
    $includeFormer: Boolean!
    $first: Int!
    $after: String
  ) {
    experts(
      query: $query
      topicIds: $topicIds
      filter: $filter
      includeFormer: $includeFormer
      first: $first
      after: $after
    ) {
      totalCount
      totalCountIsLowerBound
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          score
          person {
            id
            name
            title
            status
            openToQuestions
            affiliations {
              id
              title
              kommune {
                id
                name
              }
              organization {
                id
                name
              }
            }
          }
          evidence {
            kind
            reason
          }
          successors {
            id
            name
          }
        }
      }
    }
  }
`);

/** The API's filter for the state's kommune, region, product and open-to-questions choices. */
function expertFilter(state: SearchState): ExpertFilter | undefined {
  const filter: ExpertFilter = {};
  if (state.kommuneId) filter.kommuneId = state.kommuneId;
  if (state.region) filter.region = state.region;
  if (state.productId) filter.productId = state.productId;
  if (state.openToQuestions) filter.openToQuestions = true;
  return Object.keys(filter).length > 0 ? filter : undefined;
}

/** The people tab: ranked people with a relevance bar and their reasons, ten at a time. */
export function ExpertResults({ state }: { state: SearchState }) {
  // A topic picked from the suggestions is searched as the topic (its aliases and links count),
  // not as the words of its label.
  const byTopic = Boolean(state.topicId);
  const { data, loading, error, fetchMore } = useQuery(ExpertsQuery, {
    variables: {
      query: byTopic ? undefined : state.query,
      topicIds: byTopic ? [state.topicId] : undefined,
      filter: expertFilter(state),
      includeFormer: state.includeFormer,
      first: PAGE_SIZE,
    },
    notifyOnNetworkStatusChange: true,
  });
  const experts = data?.experts;
  const hits = experts?.edges.map((edge) => edge.node) ?? [];

  return (
    <section aria-labelledby="results-heading" className="app-results">
      <h2 id="results-heading">{TEXT.results}</h2>
      <p aria-live="polite" role="status">
        {error
          ? TEXT.failed
          : loading && !experts
            ? TEXT.searching
            : experts && experts.totalCount === 0
              ? TEXT.none(state.query)
              : experts
                ? TEXT.count(
                    hits.length,
                    experts.totalCount,
                    state.query,
                    experts.totalCountIsLowerBound,
                  )
                : ''}
      </p>
      {hits.length > 0 && <ExpertHitList hits={hits} />}
      {experts && !experts.pageInfo.hasNextPage && experts.totalCountIsLowerBound && (
        <p>{TEXT.narrowForMore}</p>
      )}
      {experts?.pageInfo.hasNextPage && (
        <button
          type="button"
          className="button button-secondary"
          disabled={loading}
          onClick={() => fetchMore({ variables: { after: experts.pageInfo.endCursor } })}
        >
          {loading ? TEXT.searching : TEXT.more}
        </button>
      )}
    </section>
  );
}
