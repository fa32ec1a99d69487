import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import type { DeparturePersonQuery } from '../gql/graphql';
import { DepartureRiskQuery as RiskQuery } from './departure.documents';
import { RISK_LABELS, TEXT } from './departure.texts';
import { risksOf, subjectName } from './risks';

type Person = DeparturePersonQuery['person'];

/** Step 1: what rests on the leaver today, each with suggested successors. */
export function AtRisk({ person }: { person: Person }) {
  const kommuneId = person.affiliations.find((affiliation) => affiliation.kommune)?.kommune?.id;
  const { data, loading, error } = useQuery(RiskQuery, {
    variables: { scope: kommuneId ? { kommuneId } : null },
    fetchPolicy: 'cache-and-network',
  });
  const items = data ? risksOf(data.knowledgeAtRisk, person) : [];
  return (
    <section aria-labelledby="risk-heading">
      <h2 id="risk-heading">{TEXT.riskHeading}</h2>
      <p role="status" aria-live="polite">
        {error
          ? TEXT.riskFailed
          : loading && !data
            ? TEXT.riskLoading
            : items.length === 0
              ? TEXT.riskNone(person.name)
              : TEXT.riskIntro(person.name)}
      </p>
      {items.length > 0 && (
        <ul className="app-risks">
          {items.map((item, index) => (
            <li key={`${item.kind}-${item.subject.id}-${index}`}>
              <span className="tag app-tag-risk">{RISK_LABELS[item.kind] ?? item.kind}</span>{' '}
              <strong>{subjectName(item.subject)}</strong>: {item.reason}
              {item.suggestedSuccessors.length > 0 && (
                <p className="app-suggested">
                  {TEXT.suggested}:{' '}
                  {item.suggestedSuccessors.map((successor, at) => (
                    <span key={successor.id}>
                      {at > 0 && ', '}
                      <Link to={`/personer/${encodeURIComponent(successor.id)}`}>
                        {successor.name}
                      </Link>
                    </span>
                  ))}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
