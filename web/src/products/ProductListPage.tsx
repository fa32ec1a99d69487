import { useQuery } from '@apollo/client/react';
import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { usePageTitle } from '../app/usePageTitle';
import { graphql } from '../gql';
import type { ProductStage } from '../gql/graphql';
import { categoryLabel, STAGES, stageLabel, TEXT } from './products.texts';
import '../groups/groups.css';

/** How many products a page of the list shows. */
const PAGE_SIZE = 50;

const ProductListQuery = graphql(`
  query ProductList($first: Int!, $after: String, $search: String, $stage: ProductStage) {
    products(first: $first, after: $after, search: $search, stage: $stage) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          stage
          category
          adoptions {
            id
            status
          }
        }
      }
    }
  }
`);

/** `/produkter`: the products, by name and stage (in the URL), with how many kommuner use them. */
export function ProductListPage() {
  const [params, setParams] = useSearchParams();
  const search = (params.get('soeg') ?? '').trim();
  const stage = STAGES.some(([value]) => value === params.get('fase'))
    ? (params.get('fase') as ProductStage)
    : undefined;
  usePageTitle(TEXT.listTitle);

  const { data, loading, error, fetchMore } = useQuery(ProductListQuery, {
    variables: { first: PAGE_SIZE, search: search || undefined, stage },
    notifyOnNetworkStatusChange: true,
  });
  const products = data?.products;
  const rows = products?.edges.map((edge) => edge.node) ?? [];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    const text = String(form.get('soeg') ?? '').trim();
    if (text) next.soeg = text;
    if (form.get('fase')) next.fase = String(form.get('fase'));
    setParams(next);
  }

  return (
    <>
      <h1>{TEXT.listTitle}</h1>
      <p className="font-lead">{TEXT.listIntro}</p>
      <form className="app-filters" onSubmit={submit} key={params.toString()}>
        <div className="form-group">
          <label className="form-label" htmlFor="product-search">
            {TEXT.searchLabel}
          </label>
          <input
            className="form-input"
            id="product-search"
            name="soeg"
            type="search"
            defaultValue={search}
            autoComplete="off"
          />
        </div>
        <div className="form-group">
          <label className="form-label" htmlFor="product-stage">
            {TEXT.stageLabel}
          </label>
          <select className="form-select" id="product-stage" name="fase" defaultValue={stage ?? ''}>
            <option value="">{TEXT.anyStage}</option>
            {STAGES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          {TEXT.filter}
        </button>
      </form>

      <p role="status" aria-live="polite">
        {error
          ? TEXT.failed
          : loading && !products
            ? TEXT.loading
            : products && products.totalCount === 0
              ? TEXT.none
              : products
                ? TEXT.count(rows.length, products.totalCount)
                : ''}
      </p>
      {rows.length > 0 && (
        <table className="table table--responsive-headers table--compact app-table">
          <thead>
            <tr>
              <th scope="col">{TEXT.name}</th>
              <th scope="col">{TEXT.stage}</th>
              <th scope="col">{TEXT.category}</th>
              <th scope="col">{TEXT.adopters}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((product) => (
              <tr key={product.id}>
                <th scope="row">
                  <Link to={`/produkter/${encodeURIComponent(product.id)}`}>{product.name}</Link>
                </th>
                <td data-title={TEXT.stage}>{stageLabel(product.stage)}</td>
                <td data-title={TEXT.category}>{categoryLabel(product.category)}</td>
                <td data-title={TEXT.adopters}>
                  {TEXT.adopterCount(
                    product.adoptions.filter((adoption) => adoption.status !== 'LEFT').length,
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {products?.pageInfo.hasNextPage && (
        <button
          type="button"
          className="button button-secondary"
          disabled={loading}
          onClick={() =>
            fetchMore({
              variables: { after: products.pageInfo.endCursor },
              updateQuery: (previous, { fetchMoreResult }) => ({
                products: {
                  ...fetchMoreResult.products,
                  edges: [...(previous.products?.edges ?? []), ...fetchMoreResult.products.edges],
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
