import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { RecordDepartureMutation } from '../gql/graphql';
import { danishDate, RISK_LABELS, ROLE_LABELS, TEXT } from './departure.texts';

type Report = RecordDepartureMutation['recordDeparture'];
type Handover = Report['handovers'][number];

/** What a handover gave, in words: "tovholder i X", "ansvaret for X", "emnet X". */
function handedOver(handover: Handover): string {
  const role = handover.role && ROLE_LABELS[handover.role]?.toLowerCase();
  if (handover.group && role) return `${role} i ${handover.group.name}`;
  if (handover.group) return TEXT.groupResponsibility(handover.group.name);
  if (handover.topic) return TEXT.topic(handover.topic.labelDa);
  if (handover.product) return TEXT.product(handover.product.name);
  return '';
}

/** What recording the departure did, and what is at risk now. */
export function DepartureReport({ report }: { report: Report }) {
  const { person } = report;
  // The form this replaces held the focus: take it to the outcome, so it is read out.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="report-heading" className="app-report">
      <div className="alert alert-success">
        <div className="alert-body">
          <h2 id="report-heading" className="alert-heading" ref={heading} tabIndex={-1}>
            {TEXT.reportHeading}
          </h2>
          <p className="alert-text">
            {TEXT.reportIntro(person.name, person.departedOn ? danishDate(person.departedOn) : '')}
          </p>
        </div>
      </div>
      <h3>{TEXT.handovers}</h3>
      {report.handovers.length === 0 ? (
        <p>{TEXT.noHandovers}</p>
      ) : (
        <ul>
          {report.handovers.map((handover) => (
            <li key={handover.id}>
              <Link to={`/personer/${encodeURIComponent(handover.toPerson.id)}`}>
                {handover.toPerson.name}
              </Link>{' '}
              {TEXT.handover(handedOver(handover))}
            </li>
          ))}
        </ul>
      )}
      <h3>{TEXT.endedMemberships}</h3>
      {report.endedMemberships.length === 0 ? (
        <p>{TEXT.none}</p>
      ) : (
        <ul>
          {report.endedMemberships.map((membership) => (
            <li key={membership.id}>
              {ROLE_LABELS[membership.role] ?? membership.role} i {membership.group.name}
            </li>
          ))}
        </ul>
      )}
      <h3>{TEXT.endedAffiliations}</h3>
      {report.endedAffiliations.length === 0 ? (
        <p>{TEXT.none}</p>
      ) : (
        <ul>
          {report.endedAffiliations.map((affiliation) => (
            <li key={affiliation.id}>
              {[affiliation.kommune?.name ?? affiliation.organization?.name, affiliation.title]
                .filter(Boolean)
                .join(', ')}
            </li>
          ))}
        </ul>
      )}
      {report.endedClaims.length > 0 && (
        <>
          <h3>{TEXT.endedClaims}</h3>
          <ul>
            {report.endedClaims.map((claim) => (
              <li key={claim.id}>{claim.topic.labelDa}</li>
            ))}
          </ul>
        </>
      )}
      <h3>{TEXT.atRiskNow}</h3>
      {report.knowledgeAtRisk.length === 0 ? (
        <p>{TEXT.nothingAtRisk}</p>
      ) : (
        <ul className="app-risks">
          {report.knowledgeAtRisk.map((item, index) => (
            <li key={index}>
              <span className="badge badge-warning app-badge">
                {RISK_LABELS[item.kind] ?? item.kind}
              </span>{' '}
              {item.reason}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
