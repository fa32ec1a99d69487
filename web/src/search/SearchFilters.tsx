import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';
import type { SearchState } from './search-params';
import { TEXT } from './search.texts';

const FilterOptionsQuery = graphql(`
  query SearchFilterOptions {
    kommuner(first: 100) {
      edges {
        node {
          id
          name
          region
        }
      }
    }
    products(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

/** How many of the state's filters are set (the topic is shown apart, above the results). */
export function activeFilterCount(state: SearchState): number {
  return [
    state.kommuneId,
    state.region,
    state.productId,
    state.openToQuestions,
    state.includeFormer,
  ].filter(Boolean).length;
}

/**
 * The filters of the people search, as fields of the search form (names as in the address):
 * they take effect with the form's buttons, so moving through a list with the keyboard does not
 * start a search at every step.
 */
export function SearchFilters({ state, onClear }: { state: SearchState; onClear(): void }) {
  const { data } = useQuery(FilterOptionsQuery);
  const kommuner = [...(data?.kommuner.edges.map((edge) => edge.node) ?? [])].sort((a, b) =>
    a.name.localeCompare(b.name, 'da'),
  );
  const regions = [...new Set(kommuner.map((kommune) => kommune.region))].sort((a, b) =>
    a.localeCompare(b, 'da'),
  );
  const products = [...(data?.products.edges.map((edge) => edge.node) ?? [])].sort((a, b) =>
    a.name.localeCompare(b.name, 'da'),
  );
  const active = activeFilterCount(state);
  // The chosen value stays selectable while the options load, so it is not lost.
  const withChosen = <T extends { id: string; name: string }>(list: T[], chosen: string) =>
    chosen && !list.some((item) => item.id === chosen)
      ? [{ id: chosen, name: '…' }, ...list]
      : list;

  return (
    <details className="details app-filters" open={active > 0 || undefined}>
      <summary className="details-summary">
        {TEXT.filters}
        {active > 0 && ` (${TEXT.activeFilters(active)})`}
      </summary>
      <div className="details-text">
        <div className="app-filter-grid">
          <div className="form-group">
            <label className="form-label" htmlFor="filter-kommune">
              {TEXT.kommune}
            </label>
            <select
              className="form-select"
              id="filter-kommune"
              name="kommune"
              defaultValue={state.kommuneId}
              key={`k${state.kommuneId}${kommuner.length}`}
            >
              <option value="">{TEXT.allKommuner}</option>
              {withChosen(kommuner, state.kommuneId).map((kommune) => (
                <option key={kommune.id} value={kommune.id}>
                  {kommune.name}
                </option>
              ))}
            </select>
          </div>
          <div className="form-group">
            <label className="form-label" htmlFor="filter-region">
              {TEXT.region}
            </label>
            <select
              className="form-select"
              id="filter-region"
              name="region"
              defaultValue={state.region}
              key={`r${state.region}${regions.length}`}
            >
              <option value="">{TEXT.allRegions}</option>
              {(state.region && !regions.includes(state.region)
                ? [state.region, ...regions]
                : regions
              ).map((region) => (
                <option key={region} value={region}>
                  {region}
                </option>
              ))}
            </select>
          </div>
          <div className="form-group">
            <label className="form-label" htmlFor="filter-product">
              {TEXT.product}
            </label>
            <span className="form-hint" id="filter-product-hint">
              {TEXT.productHint}
            </span>
            <select
              className="form-select"
              id="filter-product"
              name="produkt"
              aria-describedby="filter-product-hint"
              defaultValue={state.productId}
              key={`p${state.productId}${products.length}`}
            >
              <option value="">{TEXT.allProducts}</option>
              {withChosen(products, state.productId).map((product) => (
                <option key={product.id} value={product.id}>
                  {product.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="form-group">
          <div className="form-group-checkbox">
            <input
              type="checkbox"
              className="form-checkbox"
              id="filter-open"
              name="aabne"
              value="1"
              defaultChecked={state.openToQuestions}
              key={`o${state.openToQuestions}`}
            />
            <label className="form-label" htmlFor="filter-open">
              {TEXT.openToQuestions}
            </label>
          </div>
          <div className="form-group-checkbox">
            <input
              type="checkbox"
              className="form-checkbox"
              id="filter-former"
              name="tidligere"
              value="1"
              aria-describedby="filter-former-hint"
              defaultChecked={state.includeFormer}
              key={`f${state.includeFormer}`}
            />
            <label className="form-label" htmlFor="filter-former">
              {TEXT.includeFormer}
            </label>
            <span className="form-hint" id="filter-former-hint">
              {TEXT.includeFormerHint}
            </span>
          </div>
        </div>
        <div className="app-filter-actions">
          <button type="submit" className="button button-secondary">
            {TEXT.apply}
          </button>
          {active > 0 && (
            <button type="button" className="button button-tertiary" onClick={onClear}>
              {TEXT.clearFilters}
            </button>
          )}
        </div>
      </div>
    </details>
  );
}
