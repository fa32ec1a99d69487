import { useQuery } from '@apollo/client/react';
import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { usePageTitle } from '../app/usePageTitle';
import { useToken } from '../auth/session';
import { graphql } from '../gql';
import { ExpertHitList } from './ExpertHitList';
import { TEXT } from './search.texts';

/** How many people a page of results shows. */
const PAGE_SIZE = 10;

const ExpertsQuery = graphql(`
  query Experts($query: String!, $first: Int!, $after: String) {
    experts(query: $query, first: $first, after: $after) {
      totalCount
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

/** `/` and `/?q=…`: one search box, the people with evidence for it, ranked. */
export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const query = (params.get('q') ?? '').trim();
  const signedIn = Boolean(useToken());
  usePageTitle(query ? `${query} – ${TEXT.title}` : TEXT.title);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('q') ?? '').trim();
    setParams(value ? { q: value } : {});
  }

  return (
    <>
      <h1>{TEXT.title}</h1>
      <form role="search" className="app-search" onSubmit={submit}>
        <div className="form-group">
          <label className="form-label" htmlFor="search-query">
            {TEXT.label}
          </label>
          <span className="form-hint" id="search-hint">
            {TEXT.hint}
          </span>
          <div className="app-search-row">
            <input
              className="form-input"
              id="search-query"
              name="q"
              type="search"
              defaultValue={query}
              key={query}
              aria-describedby="search-hint"
              autoComplete="off"
            />
            <button type="submit" className="button button-primary">
              {TEXT.submit}
            </button>
          </div>
        </div>
      </form>
      {!signedIn ? (
        <div className="alert alert-info">
          <div className="alert-body">
            <p className="alert-text">
              {TEXT.signInFirst} <Link to="/log-ind">{TEXT.signIn}</Link>
            </p>
          </div>
        </div>
      ) : (
        query && <SearchResults query={query} />
      )}
    </>
  );
}

function SearchResults({ query }: { query: string }) {
  const { data, loading, error, fetchMore } = useQuery(ExpertsQuery, {
    variables: { query, first: PAGE_SIZE },
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
              ? TEXT.none(query)
              : experts
                ? TEXT.count(hits.length, experts.totalCount, query)
                : ''}
      </p>
      {hits.length > 0 && <ExpertHitList hits={hits} />}
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
