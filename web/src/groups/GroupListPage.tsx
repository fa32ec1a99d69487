import { useQuery } from '@apollo/client/react';
import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { usePageTitle } from '../app/usePageTitle';
import { useToken } from '../auth/session';
import { graphql } from '../gql';
import type { GroupKind } from '../gql/graphql';
import { ROLE_LABELS } from '../person/person.texts';
import { BusFactorBadge } from './BusFactorBadge';
import { GROUP_KINDS, groupKindLabel, TEXT } from './groups.texts';
import './groups.css';

/** How many groups a page of the list shows. */
const PAGE_SIZE = 25;

const GroupListQuery = graphql(`
  query GroupList(
    $first: Int!
    $after: String
    $search: String
    $kind: GroupKind
    $period: Period!
    $signedIn: Boolean!
  ) {
    groups(first: $first, after: $after, search: $search, kind: $kind, period: $period) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          kind
          isCurrent
          busFactor
          product {
            id
            name
          }
          activeCoordinator {
            id
            role
            person @include(if: $signedIn) {
              id
              name
            }
          }
        }
      }
    }
  }
`);

/** `/grupper`: the groups, filtered by name and kind in the URL, with who holds the threads. */
export function GroupListPage() {
  const [params, setParams] = useSearchParams();
  const search = (params.get('soeg') ?? '').trim();
  const kind = GROUP_KINDS.some(([value]) => value === params.get('type'))
    ? (params.get('type') as GroupKind)
    : undefined;
  const dissolved = params.get('nedlagte') === '1';
  const signedIn = Boolean(useToken());
  usePageTitle(TEXT.listTitle);

  const { data, loading, error, fetchMore } = useQuery(GroupListQuery, {
    variables: {
      first: PAGE_SIZE,
      search: search || undefined,
      kind,
      period: dissolved ? 'ALL' : 'CURRENT',
      signedIn,
    },
    notifyOnNetworkStatusChange: true,
  });
  const groups = data?.groups;
  const rows = groups?.edges.map((edge) => edge.node) ?? [];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    const text = String(form.get('soeg') ?? '').trim();
    if (text) next.soeg = text;
    if (form.get('type')) next.type = String(form.get('type'));
    if (form.get('nedlagte')) next.nedlagte = '1';
    setParams(next);
  }

  return (
    <>
      <h1>{TEXT.listTitle}</h1>
      <p className="font-lead">{TEXT.listIntro}</p>
      <form className="app-filters" onSubmit={submit} key={params.toString()}>
        <div className="form-group">
          <label className="form-label" htmlFor="group-search">
            {TEXT.searchLabel}
          </label>
          <input
            className="form-input"
            id="group-search"
            name="soeg"
            type="search"
            defaultValue={search}
            autoComplete="off"
          />
        </div>
        <div className="form-group">
          <label className="form-label" htmlFor="group-kind">
            {TEXT.kindLabel}
          </label>
          <select className="form-select" id="group-kind" name="type" defaultValue={kind ?? ''}>
            <option value="">{TEXT.anyKind}</option>
            {GROUP_KINDS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="form-group form-group-checkbox app-filters-check">
          <input
            className="form-checkbox"
            id="group-dissolved"
            name="nedlagte"
            type="checkbox"
            value="1"
            defaultChecked={dissolved}
          />
          <label htmlFor="group-dissolved">{TEXT.includeDissolved}</label>
        </div>
        <button type="submit" className="button button-secondary">
          {TEXT.filter}
        </button>
      </form>

      <p role="status" aria-live="polite">
        {error
          ? TEXT.failed
          : loading && !groups
            ? TEXT.loading
            : groups && groups.totalCount === 0
              ? TEXT.none
              : groups
                ? TEXT.count(rows.length, groups.totalCount)
                : ''}
      </p>
      {rows.length > 0 && (
        <table className="table table--responsive-headers app-table">
          <thead>
            <tr>
              <th scope="col">{TEXT.name}</th>
              <th scope="col">{TEXT.kind}</th>
              <th scope="col">{TEXT.product}</th>
              <th scope="col">{TEXT.coordinator}</th>
              <th scope="col">{TEXT.busFactor}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((group) => (
              <tr key={group.id}>
                <th scope="row">
                  <Link to={`/grupper/${encodeURIComponent(group.id)}`}>{group.name}</Link>
                  {!group.isCurrent && <span className="badge app-tag">{TEXT.dissolved}</span>}
                </th>
                <td data-title={TEXT.kind}>{groupKindLabel(group.kind)}</td>
                <td data-title={TEXT.product}>
                  {group.product ? (
                    <Link to={`/produkter/${encodeURIComponent(group.product.id)}`}>
                      {group.product.name}
                    </Link>
                  ) : (
                    '–'
                  )}
                </td>
                <td data-title={TEXT.coordinator}>
                  {group.activeCoordinator ? (
                    <>
                      {group.activeCoordinator.person ? (
                        <Link
                          to={`/personer/${encodeURIComponent(group.activeCoordinator.person.id)}`}
                        >
                          {group.activeCoordinator.person.name}
                        </Link>
                      ) : (
                        ROLE_LABELS[group.activeCoordinator.role]
                      )}
                      {group.activeCoordinator.person &&
                        ` (${(ROLE_LABELS[group.activeCoordinator.role] ?? '').toLowerCase()})`}
                    </>
                  ) : (
                    TEXT.nobody
                  )}
                </td>
                <td data-title={TEXT.busFactor}>
                  <BusFactorBadge value={group.busFactor} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {groups?.pageInfo.hasNextPage && (
        <button
          type="button"
          className="button button-secondary"
          disabled={loading}
          onClick={() =>
            fetchMore({
              variables: { after: groups.pageInfo.endCursor },
              updateQuery: (previous, { fetchMoreResult }) => ({
                groups: {
                  ...fetchMoreResult.groups,
                  edges: [...(previous.groups?.edges ?? []), ...fetchMoreResult.groups.edges],
                },
              }),
            })
          }
        >
          {loading ? TEXT.loading : TEXT.more}
        </button>
      )}
    </>
  );
}
