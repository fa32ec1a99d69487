import { Link } from 'react-router';
import type { ExpertsQuery } from '../gql/graphql';
import { TEXT } from './search.texts';

type Hit = ExpertsQuery['experts']['edges'][number]['node'];

/** How many reasons each person shows: the strongest first. */
const REASONS_SHOWN = 3;

/** The ranked people, each with a relevance bar (relative to the best hit) and the reasons. */
export function ExpertHitList({ hits }: { hits: Hit[] }) {
  const best = Math.max(...hits.map((hit) => hit.score), Number.EPSILON);
  return (
    <ol className="app-hits">
      {hits.map((hit) => (
        <li key={hit.person.id} className="app-hit">
          <ExpertHitCard hit={hit} relevance={Math.round((hit.score / best) * 100)} />
        </li>
      ))}
    </ol>
  );
}

function ExpertHitCard({ hit, relevance }: { hit: Hit; relevance: number }) {
  const { person } = hit;
  const workplaces = person.affiliations
    .map((affiliation) => affiliation.kommune?.name ?? affiliation.organization?.name)
    .filter(Boolean);
  return (
    <article className="card app-hit-card">
      <div className="card-content">
        <h3 className="h4 app-hit-name">
          <Link to={`/personer/${encodeURIComponent(person.id)}`}>{person.name}</Link>
          {person.status === 'LEFT' && <span className="badge app-tag">{TEXT.former}</span>}
          {person.status === 'ACTIVE' && person.openToQuestions && (
            <span className="badge badge-success app-tag">{TEXT.open}</span>
          )}
        </h3>
        {(person.title || workplaces.length > 0) && (
          <p className="app-hit-meta">{[person.title, ...workplaces].filter(Boolean).join(', ')}</p>
        )}
        <div className="app-score">
          <span className="app-score-label">
            {TEXT.relevance} {relevance} %
          </span>
          <span className="app-score-bar" aria-hidden="true">
            <span className="app-score-fill" style={{ width: `${relevance}%` }} />
          </span>
        </div>
        {hit.evidence.length > 0 && (
          <>
            <p className="app-why">{TEXT.why}:</p>
            <ul className="app-reasons">
              {hit.evidence.slice(0, REASONS_SHOWN).map((evidence, index) => (
                <li key={index}>{evidence.reason}</li>
              ))}
            </ul>
          </>
        )}
        {hit.successors.length > 0 && (
          <p>
            {TEXT.askInstead}{' '}
            {hit.successors.map((successor, index) => (
              <span key={successor.id}>
                {index > 0 && ', '}
                <Link to={`/personer/${encodeURIComponent(successor.id)}`}>{successor.name}</Link>
              </span>
            ))}
          </p>
        )}
      </div>
    </article>
  );
}
