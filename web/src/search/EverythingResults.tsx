import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { graphql } from '../gql';
import type { EverythingSearchQuery } from '../gql/graphql';
import { searchHref } from './search-params';
import { Snippet } from './Snippet';
import { TEXT } from './search.texts';

/** How many hits a page of the general search shows. */
const PAGE_SIZE = 20;

const EverythingQuery = graphql(`
  query EverythingSearch($query: String!, $first: Int!, $after: String) {
    search(query: $query, first: $first, after: $after) {
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
          snippet
          node {
            __typename
            ... on Person {
              id
              name
              jobTitle: title
            }
            ... on Group {
              id
              name
            }
            ... on Product {
              id
              name
            }
            ... on Topic {
              id
              labelDa
            }
            ... on Requirement {
              id
              title
            }
            ... on Procurement {
              id
              title
              year
              kommuner {
                id
              }
            }
            ... on KnowledgeItem {
              id
              title
              requirement {
                id
              }
              product {
                id
              }
              group {
                id
              }
              kommune {
                id
              }
              authors {
                id
              }
            }
          }
        }
      }
    }
  }
`);

type Found = EverythingSearchQuery['search']['edges'][number]['node']['node'];

/** What a hit is called, its kind in Danish, and the page that tells the most about it. */
export function describeHit(found: Found): { title: string; kind: string; href: string | null } {
  const id = (value: string) => encodeURIComponent(value);
  switch (found.__typename) {
    case 'Person':
      return {
        title: found.jobTitle ? `${found.name}, ${found.jobTitle}` : found.name,
        kind: TEXT.kinds.Person,
        href: `/personer/${id(found.id)}`,
      };
    case 'Group':
      return { title: found.name, kind: TEXT.kinds.Group, href: `/grupper/${id(found.id)}` };
    case 'Product':
      return { title: found.name, kind: TEXT.kinds.Product, href: `/produkter/${id(found.id)}` };
    case 'Topic':
      // A topic has no page of its own: the people who know it are what one looks for.
      return {
        title: found.labelDa,
        kind: TEXT.kinds.Topic,
        href: searchHref({ query: found.labelDa, topicId: found.id }),
      };
    case 'Requirement':
      return { title: found.title, kind: TEXT.kinds.Requirement, href: `/krav/${id(found.id)}` };
    case 'Procurement': {
      // No procurement page yet: the first buying kommune's page lists its procurements.
      const kommune = found.kommuner[0];
      return {
        title: found.year ? `${found.title} (${found.year})` : found.title,
        kind: TEXT.kinds.Procurement,
        href: kommune ? `/kommuner/${id(kommune.id)}` : null,
      };
    }
    case 'KnowledgeItem': {
      // No page for a note yet: the page of what it is about, else its first author's.
      const href = found.requirement
        ? `/krav/${id(found.requirement.id)}`
        : found.product
          ? `/produkter/${id(found.product.id)}`
          : found.group
            ? `/grupper/${id(found.group.id)}`
            : found.kommune
              ? `/kommuner/${id(found.kommune.id)}`
              : found.authors[0]
                ? `/personer/${id(found.authors[0].id)}`
                : null;
      return { title: found.title, kind: TEXT.kinds.KnowledgeItem, href };
    }
  }
}

/** The "everything" tab: the general search's typed hits with their marked snippets. */
export function EverythingResults({ query }: { query: string }) {
  const { data, loading, error, fetchMore } = useQuery(EverythingQuery, {
    variables: { query, first: PAGE_SIZE },
    notifyOnNetworkStatusChange: true,
  });
  const search = data?.search;
  const hits = search?.edges.map((edge) => edge.node) ?? [];
  return (
    <section aria-labelledby="everything-heading" className="app-results">
      <h2 id="everything-heading">{TEXT.results}</h2>
      <p aria-live="polite" role="status">
        {error
          ? TEXT.failed
          : loading && !search
            ? TEXT.searching
            : search && search.totalCount === 0
              ? TEXT.nothing(query)
              : search
                ? TEXT.found(hits.length, search.totalCount, query, search.totalCountIsLowerBound)
                : ''}
      </p>
      {hits.length > 0 && (
        <ol className="app-hits">
          {hits.map((hit) => {
            const { title, kind, href } = describeHit(hit.node);
            return (
              <li key={`${hit.node.__typename}:${hit.node.id}`} className="app-hit">
                <article className="card app-hit-card">
                  <div className="card-content">
                    <p className="app-hit-kind">
                      <span className="badge badge-info">{kind}</span>
                    </p>
                    <h3 className="h4 app-hit-name">
                      {href ? <Link to={href}>{title}</Link> : title}
                    </h3>
                    {hit.snippet && <Snippet text={hit.snippet} />}
                  </div>
                </article>
              </li>
            );
          })}
        </ol>
      )}
      {search?.pageInfo.hasNextPage && (
        <button
          type="button"
          className="button button-secondary"
          disabled={loading}
          onClick={() => fetchMore({ variables: { after: search.pageInfo.endCursor } })}
        >
          {loading ? TEXT.searching : TEXT.more}
        </button>
      )}
    </section>
  );
}
