import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { usePageTitle } from '../app/usePageTitle';
import { ViewerQuery } from '../app/viewer';
import { useToken } from '../auth/session';
import type {
  DeparturePersonQuery,
  RecordDepartureMutation,
  ViewerQuery as Viewer,
} from '../gql/graphql';
import { DepartureForm } from './DepartureForm';
import { DepartureReport } from './DepartureReport';
import { DeparturePersonQuery as PersonQuery } from './departure.documents';
import { danishDate, TEXT } from './departure.texts';
import { RevertDeparture } from './RevertDeparture';
import './departure.css';
import { isMissing } from '../app/missing';

type Person = DeparturePersonQuery['person'];
export type Report = RecordDepartureMutation['recordDeparture'];

/**
 * May this viewer record the person's departure? Admins always; editors for the kommune or
 * organisation the person works for now (the API decides in the end and says so if not).
 */
export function mayRecordDeparture(viewer: Viewer['viewer'] | undefined, person: Person): boolean {
  if (!viewer) return false;
  if (viewer.role === 'ADMIN') return true;
  if (viewer.role !== 'EDITOR') return false;
  return person.affiliations.some(
    (affiliation) =>
      (viewer.kommune != null && affiliation.kommune?.id === viewer.kommune.id) ||
      (viewer.organization != null && affiliation.organization?.id === viewer.organization.id),
  );
}

/** `/fratraedelse/:personId`: what is at risk, successors per seat, record, report, revert. */
export function DeparturePage() {
  const { personId = '' } = useParams();
  const signedIn = Boolean(useToken());
  const viewer = useQuery(ViewerQuery, { skip: !signedIn });
  const { data, loading, error } = useQuery(PersonQuery, {
    variables: { id: personId },
    skip: !signedIn,
  });
  const [report, setReport] = useState<Report | null>(null);
  const [reverted, setReverted] = useState(false);
  const person = data?.person;
  usePageTitle(person ? TEXT.title(person.name) : TEXT.titleShort);

  if (!signedIn) {
    return (
      <>
        <h1>{TEXT.titleShort}</h1>
        <p>
          {TEXT.signInFirst} <Link to="/log-ind">{TEXT.signIn}</Link>
        </p>
      </>
    );
  }
  if (loading || viewer.loading) return <p role="status">{TEXT.loading}</p>;
  if (!person) {
    const missing = !error || isMissing(error);
    return <h1>{missing ? TEXT.notFound : TEXT.failed}</h1>;
  }
  const personLink = `/personer/${encodeURIComponent(person.id)}`;
  const allowed = mayRecordDeparture(viewer.data?.viewer, person);
  // Their employments have ended: whether an editor is of where they worked, the API decides.
  const role = viewer.data?.viewer?.role;

  return (
    <article className="app-departure">
      <p className="app-breadcrumb">
        <Link to={personLink}>{TEXT.backToPerson}</Link>
      </p>
      <h1>{TEXT.title(person.name)}</h1>
      <div role="status" aria-live="polite">
        {reverted && !report && (
          <div className="alert alert-success">
            <div className="alert-body">
              <p className="alert-text">{TEXT.reverted(person.name)}</p>
            </div>
          </div>
        )}
      </div>
      {report ? (
        <>
          <DepartureReport report={report} />
          <RevertDeparture
            personId={person.id}
            onReverted={() => {
              setReport(null);
              setReverted(true);
            }}
          />
        </>
      ) : person.status !== 'ACTIVE' ? (
        <LeftAlready
          person={person}
          mayRevert={role === 'ADMIN' || role === 'EDITOR'}
          onReverted={() => setReverted(true)}
        />
      ) : !allowed ? (
        <div className="alert alert-info">
          <div className="alert-body">
            <p className="alert-text">{TEXT.notAllowed}</p>
          </div>
        </div>
      ) : (
        <>
          <p className="font-lead">{TEXT.intro}</p>
          <DepartureForm
            person={person}
            onRecorded={(recorded) => {
              setReverted(false);
              setReport(recorded);
            }}
          />
        </>
      )}
    </article>
  );
}

/** A person who has left: when, who took over, and (for those allowed) the way back. */
function LeftAlready({
  person,
  mayRevert,
  onReverted,
}: {
  person: Person;
  mayRevert: boolean;
  onReverted: () => void;
}) {
  return (
    <>
      <p className="alert alert-warning">
        {TEXT.leftHeading(person.departedOn ? danishDate(person.departedOn) : '')}
      </p>
      {person.handoversGiven.length > 0 && (
        <>
          <h2>{TEXT.handovers}</h2>
          <ul>
            {person.handoversGiven.map((handover) => (
              <li key={handover.id}>
                <Link to={`/personer/${encodeURIComponent(handover.toPerson.id)}`}>
                  {handover.toPerson.name}
                </Link>{' '}
                ({handover.group?.name ?? handover.topic?.labelDa ?? handover.product?.name ?? ''})
                {handover.note && <p>{handover.note}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
      {mayRevert && <RevertDeparture personId={person.id} onReverted={onReverted} />}
    </>
  );
}
