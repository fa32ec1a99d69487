import { useQuery } from '@apollo/client/react';
import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { usePageTitle } from '../app/usePageTitle';
import { useToken } from '../auth/session';
import { graphql } from '../gql';
import type { RequirementSharing } from '../gql/graphql';
import { SimilarRequirements } from './SimilarRequirements';
import { IMPORTANCE_LABELS, SHARING_BADGES, SHARING_LABELS, TEXT } from './requirements.texts';
import './requirements.css';

/** How many requirements a page of the list shows. */
const PAGE_SIZE = 20;

const RequirementsQuery = graphql(`
  query RequirementList(
    $search: String
    $sharing: RequirementSharing
    $first: Int!
    $after: String
  ) {
    requirements(search: $search, sharing: $sharing, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          category
          importance
          sharing
          owningKommune {
            id
            name
          }
        }
      }
    }
  }
`);

const SHARINGS = ['LOCAL', 'PROPOSED', 'SHARED'] as const;

/** `/krav?q=…&deling=…&lignende=…`: the requirements, filtered, and "find similar" for a text. */
export function RequirementListPage() {
  const [params, setParams] = useSearchParams();
  const signedIn = Boolean(useToken());
  const search = (params.get('q') ?? '').trim();
  const sharingParam = params.get('deling') ?? '';
  const sharing = (SHARINGS as readonly string[]).includes(sharingParam)
    ? (sharingParam as RequirementSharing)
    : null;
  const similarText = params.get('lignende') ?? '';
  usePageTitle(TEXT.listTitle);

  /** Keeps every other parameter, so the filters and the similar text live side by side. */
  function update(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  }

  function filter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    update({
      q: String(form.get('q') ?? '').trim(),
      deling: String(form.get('deling') ?? ''),
    });
  }

  return (
    <>
      <h1>{TEXT.listTitle}</h1>
      <p className="font-lead">{TEXT.listIntro}</p>
      <form role="search" className="app-filters" onSubmit={filter} aria-label={TEXT.listTitle}>
        <div className="form-group">
          <label className="form-label" htmlFor="requirement-search">
            {TEXT.searchLabel}
          </label>
          <input
            className="form-input"
            id="requirement-search"
            name="q"
            type="search"
            defaultValue={search}
            key={`q-${search}`}
            autoComplete="off"
          />
        </div>
        {signedIn && (
          <div className="form-group">
            <label className="form-label" htmlFor="requirement-sharing">
              {TEXT.sharingLabel}
            </label>
            <select
              className="form-select"
              id="requirement-sharing"
              name="deling"
              defaultValue={sharing ?? ''}
              key={`deling-${sharing}`}
            >
              <option value="">{TEXT.sharingAll}</option>
              {SHARINGS.map((value) => (
                <option key={value} value={value}>
                  {SHARING_LABELS[value]}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" className="button button-secondary">
          {TEXT.submitFilter}
        </button>
      </form>
      {!signedIn && (
        <p>
          {TEXT.anonymousNote} <Link to="/log-ind">{TEXT.signIn}</Link>
        </p>
      )}
      <RequirementList search={search} sharing={signedIn ? sharing : null} />
      <SimilarRequirements text={similarText} onSearch={(text) => update({ lignende: text })} />
    </>
  );
}

function RequirementList({
  search,
  sharing,
}: {
  search: string;
  sharing: RequirementSharing | null;
}) {
  const { data, loading, error, fetchMore } = useQuery(RequirementsQuery, {
    variables: { search: search || null, sharing, first: PAGE_SIZE },
    notifyOnNetworkStatusChange: true,
  });
  const list = data?.requirements;
  const items = list?.edges.map((edge) => edge.node) ?? [];
  return (
    <section aria-labelledby="requirements-heading" className="app-results">
      <h2 id="requirements-heading">{TEXT.listHeading}</h2>
      <p role="status" aria-live="polite">
        {error
          ? TEXT.failed
          : !list
            ? TEXT.loading
            : list.totalCount === 0
              ? TEXT.none
              : TEXT.count(items.length, list.totalCount)}
      </p>
      {items.length > 0 && (
        <ul className="nobullet-list app-requirement-list">
          {items.map((requirement) => (
            <li key={requirement.id}>
              <Link to={`/krav/${encodeURIComponent(requirement.id)}`}>{requirement.title}</Link>
              <span className="app-requirement-meta">
                {[
                  requirement.category,
                  IMPORTANCE_LABELS[requirement.importance],
                  requirement.owningKommune?.name,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
              <span className={`badge app-sharing-tag ${SHARING_BADGES[requirement.sharing]}`}>
                {SHARING_LABELS[requirement.sharing]}
              </span>
            </li>
          ))}
        </ul>
      )}
      {list?.pageInfo.hasNextPage && (
        <button
          type="button"
          className="button button-secondary"
          disabled={loading}
          onClick={() =>
            fetchMore({
              variables: { after: list.pageInfo.endCursor },
              updateQuery: (previous, { fetchMoreResult }) => ({
                requirements: {
                  ...fetchMoreResult.requirements,
                  edges: [...previous.requirements.edges, ...fetchMoreResult.requirements.edges],
                },
              }),
            })
          }
        >
          {loading ? TEXT.loading : TEXT.more}
        </button>
      )}
    </section>
  );
}
