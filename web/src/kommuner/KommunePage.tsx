import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { isMissing } from '../app/missing';
import { usePageTitle } from '../app/usePageTitle';
import { useToken } from '../auth/session';
import { graphql } from '../gql';
import type { KommunePageQuery } from '../gql/graphql';
import { danishDate, ROLE_LABELS } from '../person/person.texts';
import { ADOPTION_STAGES, adoptionLabel } from '../products/products.texts';
import { SHARING_LABELS, TEXT } from './kommuner.texts';
import '../groups/groups.css';

const KommuneQuery = graphql(`
  query KommunePage($id: ID!, $signedIn: Boolean!) {
    kommune(id: $id) {
      id
      name
      officialName
      code
      region
      affiliations @include(if: $signedIn) {
        id
        title
        unit
        person {
          id
          name
          status
        }
      }
      groups(first: 50) {
        edges {
          node {
            id
            name
            members {
              id
              role
              validFrom
              person @include(if: $signedIn) {
                id
                name
              }
              representingKommune {
                id
              }
            }
          }
        }
      }
      productAdoptions {
        id
        status
        validFrom
        product {
          id
          name
        }
      }
      requirementsUsed {
        usageCount
        latestYear
        requirement {
          id
          title
        }
      }
      requirements {
        id
        title
        sharing
      }
    }
  }
`);

type Kommune = KommunePageQuery['kommune'];

/** `/kommuner/:id`: the kommune's people, their seats in groups, its products and krav. */
export function KommunePage() {
  const { id = '' } = useParams();
  const signedIn = Boolean(useToken());
  const { data, loading, error } = useQuery(KommuneQuery, { variables: { id, signedIn } });
  const kommune = data?.kommune;
  usePageTitle(kommune?.name ?? (loading ? '' : TEXT.notFound));

  if (loading && !kommune) return <p role="status">{TEXT.loadingKommune}</p>;
  if (!kommune) {
    return (
      <>
        <h1>{!error || isMissing(error) ? TEXT.notFound : TEXT.failedKommune}</h1>
        <p>
          <Link to="/kommuner">{TEXT.backToList}</Link>
        </p>
      </>
    );
  }
  return <KommuneProfile kommune={kommune} signedIn={signedIn} />;
}

function KommuneProfile({ kommune, signedIn }: { kommune: Kommune; signedIn: boolean }) {
  const peopleIds = new Set(kommune.affiliations?.map((affiliation) => affiliation.person.id));
  // A seat is the kommune's when its holder works there or sits for the kommune.
  const seats = kommune.groups.edges.flatMap(({ node: group }) =>
    group.members
      .filter(
        (seat) =>
          seat.representingKommune?.id === kommune.id ||
          (seat.person && peopleIds.has(seat.person.id)),
      )
      .map((seat) => ({ ...seat, group })),
  );
  const order = (status: string) => ADOPTION_STAGES.findIndex(([value]) => value === status);
  const adoptions = [...kommune.productAdoptions].sort(
    (a, b) => order(a.status) - order(b.status) || a.product.name.localeCompare(b.product.name),
  );
  return (
    <article className="app-kommune">
      <p className="app-back">
        <Link to="/kommuner">{TEXT.backToList}</Link>
      </p>
      <h1>{kommune.officialName}</h1>
      <p className="font-lead">
        {kommune.region} · {TEXT.code(kommune.code)}
      </p>
      {signedIn && (
        <p>
          <Link to={`/viden-i-fare?kommune=${encodeURIComponent(kommune.id)}`}>{TEXT.atRisk}</Link>
        </p>
      )}

      <h2>{TEXT.people}</h2>
      {!kommune.affiliations ? (
        <div className="alert alert-info">
          <div className="alert-body">
            <p className="alert-text">
              {TEXT.signInForPeople} <Link to="/log-ind">{TEXT.signIn}</Link>
            </p>
          </div>
        </div>
      ) : kommune.affiliations.length === 0 ? (
        <p>{TEXT.noPeople}</p>
      ) : (
        <ul>
          {kommune.affiliations.map((affiliation) => (
            <li key={affiliation.id}>
              <Link to={`/personer/${encodeURIComponent(affiliation.person.id)}`}>
                {affiliation.person.name}
              </Link>
              {[affiliation.title, affiliation.unit].filter(Boolean).map((part) => `, ${part}`)}
              {affiliation.person.status === 'LEFT' && (
                <span className="badge app-tag">{TEXT.left}</span>
              )}
            </li>
          ))}
        </ul>
      )}

      <h2>{TEXT.seats}</h2>
      {seats.length === 0 ? (
        <p>{TEXT.noSeats}</p>
      ) : (
        <table className="table table--responsive-headers table--compact app-table">
          <thead>
            <tr>
              <th scope="col">{TEXT.group}</th>
              <th scope="col">{TEXT.role}</th>
              <th scope="col">{TEXT.person}</th>
              <th scope="col">{TEXT.since}</th>
            </tr>
          </thead>
          <tbody>
            {seats.map((seat) => (
              <tr key={seat.id}>
                <td data-title={TEXT.group}>
                  <Link to={`/grupper/${encodeURIComponent(seat.group.id)}`}>
                    {seat.group.name}
                  </Link>
                </td>
                <td data-title={TEXT.role}>{ROLE_LABELS[seat.role] ?? seat.role}</td>
                <td data-title={TEXT.person}>
                  {seat.person ? (
                    <Link to={`/personer/${encodeURIComponent(seat.person.id)}`}>
                      {seat.person.name}
                    </Link>
                  ) : (
                    TEXT.hiddenPerson
                  )}
                </td>
                <td data-title={TEXT.since}>{danishDate(seat.validFrom)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{TEXT.products}</h2>
      {adoptions.length === 0 ? (
        <p>{TEXT.noProducts}</p>
      ) : (
        <ul>
          {adoptions.map((adoption) => (
            <li key={adoption.id}>
              <Link to={`/produkter/${encodeURIComponent(adoption.product.id)}`}>
                {adoption.product.name}
              </Link>
              : {adoptionLabel(adoption.status)} ({danishDate(adoption.validFrom)})
            </li>
          ))}
        </ul>
      )}

      <h2>{TEXT.requirementsUsed}</h2>
      {kommune.requirementsUsed.length === 0 ? (
        <p>{TEXT.noRequirementsUsed}</p>
      ) : (
        <ul>
          {kommune.requirementsUsed.map((use) => (
            <li key={use.requirement.id}>
              <Link to={`/krav/${encodeURIComponent(use.requirement.id)}`}>
                {use.requirement.title}
              </Link>{' '}
              ({TEXT.uses(use.usageCount, use.latestYear)})
            </li>
          ))}
        </ul>
      )}

      <h2>{TEXT.requirementsOwned}</h2>
      {kommune.requirements.length === 0 ? (
        <p>{TEXT.noRequirementsOwned}</p>
      ) : (
        <ul>
          {kommune.requirements.map((requirement) => (
            <li key={requirement.id}>
              <Link to={`/krav/${encodeURIComponent(requirement.id)}`}>{requirement.title}</Link> (
              {SHARING_LABELS[requirement.sharing] ?? requirement.sharing})
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
