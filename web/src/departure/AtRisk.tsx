import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import type { DeparturePersonQuery, DepartureRiskQuery } from '../gql/graphql';
import { DepartureRiskQuery as RiskQuery } from './departure.documents';
import { RISK_LABELS, TEXT } from './departure.texts';

type Person = DeparturePersonQuery['person'];
type RiskItem = DepartureRiskQuery['knowledgeAtRisk'][number];

/** What a risk item is about, in words. */
export function subjectName(subject: RiskItem['subject']): string {
  switch (subject.__typename) {
    case 'Group':
    case 'Product':
      return subject.name;
    case 'Topic':
      return subject.labelDa;
    case 'Membership':
      return subject.group.name;
    case 'ExperienceClaim':
      return subject.topic.labelDa;
    default:
      return '';
  }
}

/**
 * The items of knowledge at risk that concern the leaver: those that name them, and their groups
 * that already lack a coordinator. The API scopes by kommune, not by person, so the rest is
 * filtered here.
 */
export function risksOf(items: readonly RiskItem[], person: Person): RiskItem[] {
  const groups = new Set(person.memberships.map((membership) => membership.group.id));
  return items.filter(
    (item) =>
      item.people.some((each) => each.id === person.id) ||
      (item.subject.__typename === 'Group' &&
        item.kind === 'GROUP_WITHOUT_COORDINATOR' &&
        groups.has(item.subject.id)),
  );
}

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
