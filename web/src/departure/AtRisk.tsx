import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { Field, fieldAria } from '../forms/Field';
import type { DeparturePersonQuery } from '../gql/graphql';
import { DepartureRiskQuery as RiskQuery } from './departure.documents';
import { RISK_LABELS, TEXT } from './departure.texts';
import { riskHandover, riskKey, risksOf, subjectName, type RiskHandover } from './risks';

type Person = DeparturePersonQuery['person'];

/** A successor chosen for a risk item, with what they take over. */
export interface RiskChoice extends RiskHandover {
  successorId: string;
}

/**
 * Step 1: what rests on the leaver today, each with suggested successors; where knowledge rests
 * on them alone, one of those can take it over (part of the departure's handovers).
 */
export function AtRisk({
  person,
  choices,
  errors,
  onChoose,
}: {
  person: Person;
  choices: Record<string, RiskChoice>;
  errors: Map<string, string>;
  onChoose: (key: string, choice: RiskChoice) => void;
}) {
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
          {items.map((item) => {
            const key = riskKey(item);
            const handover = riskHandover(item);
            // The API may suggest the leaver (an active member today): never here.
            const suggested = item.suggestedSuccessors.filter((each) => each.id !== person.id);
            return (
              <li key={key}>
                <span className="badge badge-warning app-badge">
                  {RISK_LABELS[item.kind] ?? item.kind}
                </span>{' '}
                <strong>{subjectName(item.subject)}</strong>: {item.reason}
                {handover && suggested.length > 0 ? (
                  <RiskSuccessor
                    id={`risk-${key.replace(/[^\w-]/g, '')}`}
                    label={TEXT.whoTakesOver(subjectName(item.subject))}
                    successors={suggested}
                    value={choices[key]?.successorId ?? ''}
                    error={errors.get(key)}
                    onChange={(successorId) => onChoose(key, { ...handover, successorId })}
                  />
                ) : (
                  suggested.length > 0 && (
                    <p className="app-suggested">
                      {TEXT.suggested}:{' '}
                      {suggested.map((successor, at) => (
                        <span key={successor.id}>
                          {at > 0 && ', '}
                          <Link to={`/personer/${encodeURIComponent(successor.id)}`}>
                            {successor.name}
                          </Link>
                        </span>
                      ))}
                    </p>
                  )
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** Who takes over knowledge that rests on the leaver alone: one of the suggested, or nobody yet. */
function RiskSuccessor({
  id,
  label,
  successors,
  value,
  error,
  onChange,
}: {
  id: string;
  label: string;
  successors: { id: string; name: string }[];
  value: string;
  error?: string;
  onChange: (successorId: string) => void;
}) {
  return (
    <Field id={id} label={label} hint={TEXT.suggestedHint} error={error}>
      <select
        id={id}
        className="form-select"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        {...fieldAria(id, TEXT.suggestedHint, error)}
      >
        <option value="">{TEXT.nobodyYet}</option>
        {successors.map((successor) => (
          <option key={successor.id} value={successor.id}>
            {successor.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
