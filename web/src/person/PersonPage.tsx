import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { usePageTitle } from '../app/usePageTitle';
import { DepartureLink } from '../departure/DepartureLink';
import { useToken } from '../auth/session';
import { graphql } from '../gql';
import type { PersonPageQuery } from '../gql/graphql';
import { danishDate, GROUP_KIND_LABELS, LEVEL_LABELS, ROLE_LABELS, TEXT } from './person.texts';

const PersonQuery = graphql(`
  query PersonPage($id: ID!) {
    person(id: $id) {
      id
      name
      title
      bio
      status
      departedOn
      email
      phone
      openToQuestions
      affiliations {
        id
        title
        unit
        validFrom
        kommune {
          id
          name
        }
        organization {
          id
          name
        }
      }
      memberships {
        id
        role
        validFrom
        group {
          id
          name
          kind
        }
      }
      claims {
        id
        level
        narrative
        endorsementCount
        topic {
          id
          labelDa
        }
      }
    }
  }
`);

type Person = PersonPageQuery['person'];

/** `/personer/:id`: who the person is, where they work, where they sit, what they know. */
export function PersonPage() {
  const { id = '' } = useParams();
  const signedIn = Boolean(useToken());
  const { data, loading, error } = useQuery(PersonQuery, { variables: { id }, skip: !signedIn });
  const person = data?.person;
  usePageTitle(person?.name ?? (loading ? '' : TEXT.notFound));

  if (!signedIn) {
    return (
      <>
        <h1>{TEXT.notFound}</h1>
        <p>
          {TEXT.signInFirst} <Link to="/log-ind">{TEXT.signIn}</Link>
        </p>
      </>
    );
  }
  if (loading) return <p role="status">{TEXT.loading}</p>;
  if (!person) {
    const missing = error?.message.includes('not found') || !error;
    return <h1>{missing ? TEXT.notFound : TEXT.failed}</h1>;
  }
  return <PersonProfile person={person} />;
}

function PersonProfile({ person }: { person: Person }) {
  return (
    <article className="app-person">
      <h1>{person.name}</h1>
      {person.title && <p className="font-lead">{person.title}</p>}
      {person.departedOn && (
        <p className="alert alert-warning">{TEXT.left(danishDate(person.departedOn))}</p>
      )}
      {person.bio && <p>{person.bio}</p>}
      {person.openToQuestions && <p>{TEXT.openToQuestions}</p>}
      {(person.email || person.phone) && (
        <>
          <h2>{TEXT.contact}</h2>
          <dl>
            {person.email && (
              <>
                <dt>{TEXT.email}</dt>
                <dd>
                  <a href={`mailto:${person.email}`}>{person.email}</a>
                </dd>
              </>
            )}
            {person.phone && (
              <>
                <dt>{TEXT.phone}</dt>
                <dd>{person.phone}</dd>
              </>
            )}
          </dl>
        </>
      )}

      <h2>{TEXT.workplaces}</h2>
      {person.affiliations.length === 0 ? (
        <p>{TEXT.noWorkplaces}</p>
      ) : (
        <ul>
          {person.affiliations.map((affiliation) => (
            <li key={affiliation.id}>
              {[
                affiliation.kommune?.name ?? affiliation.organization?.name,
                affiliation.title,
                affiliation.unit,
                TEXT.since(danishDate(affiliation.validFrom)),
              ]
                .filter(Boolean)
                .join(', ')}
            </li>
          ))}
        </ul>
      )}

      <h2>{TEXT.seats}</h2>
      {person.memberships.length === 0 ? (
        <p>{TEXT.noSeats}</p>
      ) : (
        <ul>
          {person.memberships.map((membership) => (
            <li key={membership.id}>
              {ROLE_LABELS[membership.role] ?? membership.role} i {membership.group.name} (
              {GROUP_KIND_LABELS[membership.group.kind] ?? membership.group.kind},{' '}
              {TEXT.since(danishDate(membership.validFrom))})
            </li>
          ))}
        </ul>
      )}

      <h2>{TEXT.claims}</h2>
      {person.claims.length === 0 ? (
        <p>{TEXT.noClaims}</p>
      ) : (
        <ul>
          {person.claims.map((claim) => (
            <li key={claim.id}>
              <strong>{claim.topic.labelDa}</strong>: {LEVEL_LABELS[claim.level] ?? claim.level}
              {claim.endorsementCount > 0 && ` (${TEXT.endorsements(claim.endorsementCount)})`}
              {claim.narrative && <p>{claim.narrative}</p>}
            </li>
          ))}
        </ul>
      )}
      <DepartureLink personId={person.id} />
      <p>
        <Link to="/">{TEXT.back}</Link>
      </p>
    </article>
  );
}
