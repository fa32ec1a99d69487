import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router';
import { graphql } from '../gql';
import { TEXT } from './groups.texts';

/** How many candidates a seat's search shows at first, and at most. */
const CANDIDATES = 5;
const MOST_CANDIDATES = 20;

const SuccessorCandidatesQuery = graphql(`
  query SuccessorCandidates($membershipId: ID!, $first: Int!) {
    successorCandidates(membershipId: $membershipId, first: $first) {
      score
      reasons
      person {
        id
        name
        title
        affiliations {
          id
          kommune {
            id
            name
          }
          organization {
            id
            name
          }
        }
      }
    }
  }
`);

/**
 * "Find en afløser" for one seat: the people who could take it, best first, each with the
 * reasons the API gives and a link to their profile.
 */
export function SuccessorFinder({
  id,
  membershipId,
  title,
}: {
  /** The panel's element id (the seat's button controls it). */
  id: string;
  membershipId: string;
  title: string;
}) {
  const [first, setFirst] = useState(CANDIDATES);
  const { data, previousData, loading, error } = useQuery(SuccessorCandidatesQuery, {
    variables: { membershipId, first },
  });
  // While more are on their way, the ones already shown stay.
  const candidates = (data ?? previousData)?.successorCandidates ?? [];
  const best = Math.max(...candidates.map((candidate) => candidate.score), Number.EPSILON);
  return (
    <section id={id} className="app-successors" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} className="h5 app-successors-title">
        {title}
      </h4>
      <p role="status" aria-live="polite" className="app-successors-status">
        {error
          ? TEXT.candidatesFailed
          : loading && candidates.length === 0
            ? TEXT.candidatesLoading
            : candidates.length === 0
              ? TEXT.candidatesNone
              : TEXT.candidatesCount(candidates.length)}
      </p>
      {candidates.length > 0 && (
        <ol className="app-candidates">
          {candidates.map((candidate) => {
            const match = Math.round((candidate.score / best) * 100);
            const workplaces = candidate.person.affiliations
              .map((affiliation) => affiliation.kommune?.name ?? affiliation.organization?.name)
              .filter(Boolean);
            return (
              <li key={candidate.person.id} className="app-candidate">
                <p className="app-candidate-name">
                  <Link to={`/personer/${encodeURIComponent(candidate.person.id)}`}>
                    {candidate.person.name}
                  </Link>
                </p>
                {(candidate.person.title || workplaces.length > 0) && (
                  <p className="app-candidate-meta">
                    {[candidate.person.title, ...workplaces].filter(Boolean).join(', ')}
                  </p>
                )}
                <div className="app-score">
                  <span className="app-score-label">
                    {TEXT.match} {match} %
                  </span>
                  <span className="app-score-bar" aria-hidden="true">
                    <span className="app-score-fill" style={{ width: `${match}%` }} />
                  </span>
                </div>
                {candidate.reasons.length > 0 && (
                  <>
                    <p className="app-why">{TEXT.why}:</p>
                    <ul className="app-reasons">
                      {candidate.reasons.map((reason) => (
                        <li key={reason}>{reason}</li>
                      ))}
                    </ul>
                  </>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {candidates.length === first && first < MOST_CANDIDATES && (
        <button
          type="button"
          className="button button-tertiary"
          disabled={loading}
          onClick={() => setFirst(Math.min(first * 2, MOST_CANDIDATES))}
        >
          {loading ? TEXT.candidatesLoading : TEXT.moreCandidates}
        </button>
      )}
    </section>
  );
}
