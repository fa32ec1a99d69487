import { useQuery } from '@apollo/client/react';
import { Link, useSearchParams } from 'react-router';
import { usePageTitle } from '../app/usePageTitle';
import { graphql } from '../gql';
import { TEXT } from './kommuner.texts';
import '../groups/groups.css';

const KommuneListQuery = graphql(`
  query KommuneList {
    kommuner(first: 100) {
      totalCount
      edges {
        node {
          id
          name
          code
          region
        }
      }
    }
  }
`);

/** Case- and accent-tolerant text for matching names as the user types them. */
function fold(text: string): string {
  return text.toLocaleLowerCase('da').replace(/aa/g, 'å').replace(/ae/g, 'æ').replace(/oe/g, 'ø');
}

/**
 * `/kommuner`: all 98 kommuner by region; the list narrows as the user types a name or picks a
 * region, and both live in the URL.
 */
export function KommuneListPage() {
  const [params, setParams] = useSearchParams();
  const search = params.get('soeg') ?? '';
  const region = params.get('region') ?? '';
  usePageTitle(TEXT.listTitle);
  const { data, loading, error } = useQuery(KommuneListQuery);
  const kommuner = data?.kommuner.edges.map((edge) => edge.node) ?? [];
  const regions = [...new Set(kommuner.map((kommune) => kommune.region))].sort((a, b) =>
    a.localeCompare(b, 'da'),
  );
  const shown = kommuner.filter(
    (kommune) =>
      (!region || kommune.region === region) &&
      (!search.trim() || fold(kommune.name).includes(fold(search.trim()))),
  );

  const update = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <h1>{TEXT.listTitle}</h1>
      <p className="font-lead">{TEXT.listIntro}</p>
      <form className="app-filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <div className="form-group">
          <label className="form-label" htmlFor="kommune-search">
            {TEXT.searchLabel}
          </label>
          <span className="form-hint" id="kommune-search-hint">
            {TEXT.searchHint}
          </span>
          <input
            className="form-input"
            id="kommune-search"
            type="search"
            value={search}
            onChange={(event) => update('soeg', event.target.value)}
            aria-describedby="kommune-search-hint"
            autoComplete="off"
          />
        </div>
        <div className="form-group">
          <label className="form-label" htmlFor="kommune-region">
            {TEXT.regionLabel}
          </label>
          <select
            className="form-select"
            id="kommune-region"
            value={region}
            onChange={(event) => update('region', event.target.value)}
          >
            <option value="">{TEXT.anyRegion}</option>
            {regions.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </form>
      <p role="status" aria-live="polite">
        {error
          ? TEXT.failed
          : loading
            ? TEXT.loading
            : shown.length === 0
              ? TEXT.none
              : TEXT.count(shown.length, kommuner.length)}
      </p>
      {regions.map((name) => {
        const inRegion = shown.filter((kommune) => kommune.region === name);
        if (inRegion.length === 0) return null;
        return (
          <section key={name}>
            <h2 className="h3">
              {name} <span className="weight-normal">({inRegion.length})</span>
            </h2>
            <ul className="unstyled-list app-region-list">
              {inRegion
                .sort((a, b) => a.name.localeCompare(b.name, 'da'))
                .map((kommune) => (
                  <li key={kommune.id}>
                    <Link to={`/kommuner/${encodeURIComponent(kommune.id)}`}>{kommune.name}</Link>
                  </li>
                ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}
