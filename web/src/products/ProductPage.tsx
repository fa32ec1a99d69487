import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { isMissing } from '../app/missing';
import { usePageTitle } from '../app/usePageTitle';
import { useToken } from '../auth/session';
import { graphql } from '../gql';
import type { ProductPageQuery } from '../gql/graphql';
import { BusFactorBadge } from '../groups/BusFactorBadge';
import { groupKindLabel } from '../groups/groups.texts';
import { danishDate } from '../person/person.texts';
import { ADOPTION_STAGES, adoptionLabel, categoryLabel, stageLabel, TEXT } from './products.texts';
import '../groups/groups.css';

const ProductQuery = graphql(`
  query ProductPage($id: ID!, $signedIn: Boolean!) {
    product(id: $id) {
      id
      name
      nameEn
      stage
      category
      summary
      summaryDa
      repository
      aliases
      busFactor
      suppliers {
        id
        name
      }
      topics {
        id
        labelDa
      }
      adoptions {
        id
        status
        validFrom
        kommune {
          id
          name
          region
        }
      }
      groups {
        id
        name
        kind
        busFactor
      }
      knowledge @include(if: $signedIn) {
        id
        title
        kind
        occurredOn
        authors {
          id
          name
        }
      }
      procurements @include(if: $signedIn) {
        id
        title
        year
        requirementUsages {
          id
          kommune {
            id
            name
          }
          requirement {
            id
            title
          }
        }
      }
    }
  }
`);

const ProductExpertsQuery = graphql(`
  query ProductExperts($query: String!, $first: Int!) {
    experts(query: $query, first: $first) {
      totalCount
      edges {
        node {
          score
          person {
            id
            name
            title
          }
          evidence {
            reason
          }
        }
      }
    }
  }
`);

type Product = ProductPageQuery['product'];

/** `/produkter/:id`: the product, the kommuner using it, its groups, people, knowledge and krav. */
export function ProductPage() {
  const { id = '' } = useParams();
  const signedIn = Boolean(useToken());
  const { data, loading, error } = useQuery(ProductQuery, { variables: { id, signedIn } });
  const product = data?.product;
  usePageTitle(product?.name ?? (loading ? '' : TEXT.notFound));

  if (loading && !product) return <p role="status">{TEXT.loadingProduct}</p>;
  if (!product) {
    return (
      <>
        <h1>{!error || isMissing(error) ? TEXT.notFound : TEXT.failedProduct}</h1>
        <p>
          <Link to="/produkter">{TEXT.backToList}</Link>
        </p>
      </>
    );
  }
  return <ProductProfile product={product} signedIn={signedIn} />;
}

function ProductProfile({ product, signedIn }: { product: Product; signedIn: boolean }) {
  const summary = product.summaryDa ?? product.summary;
  const aliases = [product.nameEn, ...product.aliases].filter(
    (alias, index, all): alias is string => Boolean(alias) && all.indexOf(alias) === index,
  );
  return (
    <article className="app-product">
      <p className="app-back">
        <Link to="/produkter">{TEXT.backToList}</Link>
      </p>
      <h1>{product.name}</h1>
      <p className="font-lead">
        {stageLabel(product.stage)} · {categoryLabel(product.category)}
      </p>
      {summary && <p>{summary}</p>}
      <dl className="app-facts">
        <div>
          <dt>{TEXT.busFactor}</dt>
          <dd>
            <BusFactorBadge value={product.busFactor} />
            <span className="app-facts-help">{TEXT.busFactorHelp}</span>
          </dd>
        </div>
        {aliases.length > 0 && (
          <div>
            <dt>{TEXT.alsoCalled}</dt>
            <dd>{aliases.join(', ')}</dd>
          </div>
        )}
        {product.suppliers.length > 0 && (
          <div>
            <dt>{TEXT.suppliers}</dt>
            <dd>{product.suppliers.map((supplier) => supplier.name).join(', ')}</dd>
          </div>
        )}
        {product.topics.length > 0 && (
          <div>
            <dt>{TEXT.topics}</dt>
            <dd>{product.topics.map((topic) => topic.labelDa).join(', ')}</dd>
          </div>
        )}
        {product.repository && /^https?:\/\//.test(product.repository) && (
          <div>
            <dt>{TEXT.repository}</dt>
            <dd>
              <a href={product.repository}>{product.repository.replace(/^https?:\/\//, '')}</a>
            </dd>
          </div>
        )}
      </dl>
      {signedIn && (
        <p>
          <Link to={`/viden-i-fare?produkt=${encodeURIComponent(product.id)}`}>{TEXT.atRisk}</Link>
        </p>
      )}

      <h2>{TEXT.adoptions}</h2>
      <Adoptions adoptions={product.adoptions} />

      <h2>{TEXT.groups}</h2>
      {product.groups.length === 0 ? (
        <p>{TEXT.noGroups}</p>
      ) : (
        <ul>
          {product.groups.map((group) => (
            <li key={group.id}>
              <Link to={`/grupper/${encodeURIComponent(group.id)}`}>{group.name}</Link> (
              {groupKindLabel(group.kind).toLowerCase()}) <BusFactorBadge value={group.busFactor} />
            </li>
          ))}
        </ul>
      )}

      {!signedIn ? (
        <div className="alert alert-info">
          <div className="alert-body">
            <p className="alert-text">
              {TEXT.signInFirst} <Link to="/log-ind">{TEXT.signIn}</Link>
            </p>
          </div>
        </div>
      ) : (
        <>
          <h2>{TEXT.experts}</h2>
          <ProductExperts name={product.name} />
          <h2>{TEXT.knowledge}</h2>
          {!product.knowledge?.length ? (
            <p>{TEXT.noKnowledge}</p>
          ) : (
            <ul>
              {product.knowledge.map((item) => (
                <li key={item.id}>
                  {item.title}
                  {item.occurredOn && ` (${danishDate(item.occurredOn)})`}
                  {item.authors.length > 0 && (
                    <>
                      {' '}
                      {TEXT.by}{' '}
                      {item.authors.map((author, index) => (
                        <span key={author.id}>
                          {index > 0 && ', '}
                          <Link to={`/personer/${encodeURIComponent(author.id)}`}>
                            {author.name}
                          </Link>
                        </span>
                      ))}
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          <h2>{TEXT.requirements}</h2>
          <Requirements procurements={product.procurements ?? []} />
        </>
      )}
    </article>
  );
}

/** The adopting kommuner: a count per stage, then each region's kommuner with their stage. */
function Adoptions({ adoptions }: { adoptions: Product['adoptions'] }) {
  if (adoptions.length === 0) return <p>{TEXT.noAdoptions}</p>;
  const order = (status: string) => ADOPTION_STAGES.findIndex(([value]) => value === status);
  const regions = [...new Set(adoptions.map((adoption) => adoption.kommune.region))].sort((a, b) =>
    a.localeCompare(b, 'da'),
  );
  return (
    <>
      <h3 className="h4">{TEXT.adoptionsByStage}</h3>
      <ul className="unstyled-list app-stage-counts">
        {ADOPTION_STAGES.map(([status, label]) => {
          const count = adoptions.filter((adoption) => adoption.status === status).length;
          return count > 0 ? (
            <li key={status}>
              <strong>{label}:</strong> {count}
            </li>
          ) : null;
        })}
      </ul>
      {regions.map((region) => (
        <section key={region}>
          <h3 className="h4">{region}</h3>
          <ul>
            {adoptions
              .filter((adoption) => adoption.kommune.region === region)
              .sort(
                (a, b) =>
                  order(a.status) - order(b.status) ||
                  a.kommune.name.localeCompare(b.kommune.name, 'da'),
              )
              .map((adoption) => (
                <li key={adoption.id}>
                  <Link to={`/kommuner/${encodeURIComponent(adoption.kommune.id)}`}>
                    {adoption.kommune.name}
                  </Link>
                  : {adoptionLabel(adoption.status)} ({TEXT.since(danishDate(adoption.validFrom))})
                </li>
              ))}
          </ul>
        </section>
      ))}
    </>
  );
}

/** People with evidence for the product, from the expert search on its name. */
function ProductExperts({ name }: { name: string }) {
  const { data, loading, error } = useQuery(ProductExpertsQuery, {
    variables: { query: name, first: 5 },
  });
  const hits = data?.experts.edges.map((edge) => edge.node) ?? [];
  if (loading) return <p role="status">{TEXT.expertsLoading}</p>;
  if (error || hits.length === 0) return <p>{TEXT.noExperts}</p>;
  return (
    <>
      <ul>
        {hits.map((hit) => (
          <li key={hit.person.id}>
            <Link to={`/personer/${encodeURIComponent(hit.person.id)}`}>{hit.person.name}</Link>
            {hit.person.title && `, ${hit.person.title}`}
            {hit.evidence[0] && <span className="app-seat-meta">{hit.evidence[0].reason}</span>}
          </li>
        ))}
      </ul>
      <p>
        <Link to={`/?q=${encodeURIComponent(name)}`}>{TEXT.allExperts(name)}</Link>
      </p>
    </>
  );
}

/** The krav used in procurements of the product, each once, with where it was used. */
function Requirements({ procurements }: { procurements: NonNullable<Product['procurements']> }) {
  const byRequirement = new Map<string, { id: string; title: string; uses: string[] }>();
  for (const procurement of procurements) {
    for (const usage of procurement.requirementUsages) {
      const entry = byRequirement.get(usage.requirement.id) ?? {
        ...usage.requirement,
        uses: [],
      };
      const where = [usage.kommune?.name, procurement.title].filter(Boolean).join(': ');
      if (!entry.uses.includes(where)) entry.uses.push(where);
      byRequirement.set(usage.requirement.id, entry);
    }
  }
  if (byRequirement.size === 0) return <p>{TEXT.noRequirements}</p>;
  return (
    <ul>
      {[...byRequirement.values()].map((requirement) => (
        <li key={requirement.id}>
          <Link to={`/krav/${encodeURIComponent(requirement.id)}`}>{requirement.title}</Link>
          <span className="app-seat-meta">{TEXT.usedIn(requirement.uses.join('; '))}</span>
        </li>
      ))}
    </ul>
  );
}
