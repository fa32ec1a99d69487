import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { usePageTitle } from '../app/usePageTitle';
import { ViewerQuery } from '../app/viewer';
import { DepartureLink } from '../departure/DepartureLink';
import { useToken } from '../auth/session';
import { ClaimsSection } from '../claims/ClaimsSection';
import { graphql } from '../gql';
import type { PersonPageQuery, ViewerQuery as ViewerResult } from '../gql/graphql';
import { searchHref } from '../search/search-params';
import {
  PersonHandovers,
  PersonKnowledge,
  PersonProcurements,
  PersonRequirements,
  PersonSeats,
  PersonSuccessors,
  PersonTimeline,
} from './PersonSections';
import { danishDate, TEXT } from './person.texts';
import './person.css';
import { isMissing } from '../app/missing';

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
      affiliations(period: ALL) {
        id
        title
        unit
        validFrom
        validTo
        isCurrent
        kommune {
          id
          name
        }
        organization {
          id
          name
        }
      }
      memberships(period: ALL) {
        id
        role
        validFrom
        validTo
        isCurrent
        group {
          id
          name
          kind
        }
        representingKommune {
          id
          name
        }
        representingOrganization {
          id
          name
        }
      }
      claims {
        id
        level
        narrative
        validFrom
        validTo
        confirmedOn
        endorsementCount
        endorsements {
          id
          comment
          endorser {
            id
            name
          }
        }
        topic {
          id
          labelDa
        }
        product {
          id
          name
        }
      }
      procurementParticipations {
        id
        role
        kommune {
          id
          name
        }
        procurement {
          id
          title
          year
          status
          kommuner {
            id
            name
          }
        }
      }
      requirementsWritten {
        id
        title
        sharing
        owningKommune {
          id
          name
        }
      }
      authoredKnowledge {
        id
        title
        kind
        occurredOn
        product {
          id
          name
        }
        group {
          id
          name
        }
        requirement {
          id
          title
        }
      }
      handoversGiven {
        ...PersonHandover
        toPerson {
          id
          name
        }
      }
      handoversReceived {
        ...PersonHandover
        fromPerson {
          id
          name
        }
      }
      successors {
        id
        name
        title
      }
    }
  }

  fragment PersonHandover on Handover {
    id
    date
    note
    role
    group {
      id
      name
    }
    product {
      id
      name
    }
    topic {
      id
      labelDa
    }
    membership {
      id
      group {
        id
        name
      }
    }
  }
`);

export type Person = PersonPageQuery['person'];
type Viewer = NonNullable<ViewerResult['viewer']>;

/** `/personer/:id`: who the person is, where they work and worked, what they know and did. */
export function PersonPage() {
  const { id = '' } = useParams();
  const signedIn = Boolean(useToken());
  const { data, loading, error } = useQuery(PersonQuery, { variables: { id }, skip: !signedIn });
  const viewer = useQuery(ViewerQuery, { skip: !signedIn }).data?.viewer ?? null;
  const person = data?.person;
  usePageTitle(person?.name ?? (!signedIn ? TEXT.person : loading ? '' : TEXT.notFound));

  if (!signedIn) {
    return (
      <>
        <h1>{TEXT.person}</h1>
        <p>
          {TEXT.signInFirst} <Link to="/log-ind">{TEXT.signIn}</Link>
        </p>
      </>
    );
  }
  if (loading && !person) return <p role="status">{TEXT.loading}</p>;
  if (!person) {
    // An unknown or malformed ID is "not found"; anything else is a failure to try again.
    const missing = !error || isMissing(error);
    return <h1>{missing ? TEXT.notFound : TEXT.failed}</h1>;
  }
  return <PersonProfile person={person} viewer={viewer} />;
}

/**
 * Whether the viewer may change the person's claims, as the API decides it: the person
 * themself, an admin, or an editor of the kommune or organisation they work for now.
 */
function mayEditClaims(person: Person, viewer: Viewer | null): boolean {
  if (!viewer) return false;
  if (viewer.role === 'ADMIN' || viewer.person?.id === person.id) return true;
  if (viewer.role !== 'EDITOR') return false;
  return person.affiliations.some(
    (affiliation) =>
      affiliation.isCurrent &&
      ((viewer.kommune && affiliation.kommune?.id === viewer.kommune.id) ||
        (viewer.organization && affiliation.organization?.id === viewer.organization.id)),
  );
}

function PersonProfile({ person, viewer }: { person: Person; viewer: Viewer | null }) {
  const left = person.status !== 'ACTIVE';
  const current = person.affiliations.filter((affiliation) => affiliation.isCurrent);
  const workplace = current
    .map((affiliation) => affiliation.kommune?.name ?? affiliation.organization?.name)
    .filter(Boolean)
    .join(', ');
  return (
    <article className="app-person">
      <h1>{person.name}</h1>
      {(person.title || workplace) && (
        <p className="font-lead">{[person.title, workplace].filter(Boolean).join(', ')}</p>
      )}
      {person.departedOn && (
        <div className="alert alert-warning">
          <div className="alert-body">
            <p className="alert-text">{TEXT.left(danishDate(person.departedOn))}</p>
          </div>
        </div>
      )}
      {left && <PersonSuccessors person={person} />}
      {person.bio && <p>{person.bio}</p>}
      {!left && person.openToQuestions && (
        <p>
          <span className="badge badge-success">{TEXT.openToQuestions}</span>
        </p>
      )}
      {(person.email || person.phone) && (
        <>
          <h2>{TEXT.contact}</h2>
          <dl className="app-contact">
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

      <PersonTimeline person={person} />
      <PersonSeats person={person} />
      <ClaimsSection
        personId={person.id}
        personActive={!left}
        claims={person.claims}
        viewerPersonId={viewer?.person?.id ?? null}
        mayEdit={mayEditClaims(person, viewer)}
        own={viewer?.person?.id === person.id}
      />
      <PersonProcurements person={person} />
      <PersonRequirements person={person} />
      <PersonKnowledge person={person} />
      <PersonHandovers person={person} />
      {!left && <DepartureLink personId={person.id} />}
      <p>
        <Link to={searchHref({})}>{TEXT.back}</Link>
      </p>
    </article>
  );
}
