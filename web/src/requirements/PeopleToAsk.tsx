import { Link } from 'react-router';
import type { RequirementKnowledgeQuery } from '../gql/graphql';
import { TEXT } from './requirements.texts';

type Hit = RequirementKnowledgeQuery['requirement']['peopleToAsk'][number];

/** How many reasons each person shows: the strongest first. */
const REASONS_SHOWN = 3;

/** Whom to ask about a requirement, best first, each with the reasons. */
export function PeopleToAsk({ hits }: { hits: Hit[] }) {
  return (
    <section aria-labelledby="people-heading">
      <h2 id="people-heading">{TEXT.peopleToAsk}</h2>
      {hits.length === 0 ? (
        <p>{TEXT.noPeople}</p>
      ) : (
        <ol className="app-people-to-ask">
          {hits.map((hit) => (
            <li key={hit.person.id}>
              <p className="app-person-line">
                <Link to={`/personer/${encodeURIComponent(hit.person.id)}`}>{hit.person.name}</Link>
                {hit.person.title && `, ${hit.person.title}`}
                {hit.person.status === 'LEFT' && (
                  <span className="badge app-badge">{TEXT.former}</span>
                )}
              </p>
              {hit.evidence.length > 0 && (
                <ul className="app-reasons" aria-label={`${TEXT.why}: ${hit.person.name}`}>
                  {hit.evidence.slice(0, REASONS_SHOWN).map((evidence, index) => (
                    <li key={index}>{evidence.reason}</li>
                  ))}
                </ul>
              )}
              {hit.successors.length > 0 && (
                <p>
                  {TEXT.askInstead}{' '}
                  {hit.successors.map((successor, index) => (
                    <span key={successor.id}>
                      {index > 0 && ', '}
                      <Link to={`/personer/${encodeURIComponent(successor.id)}`}>
                        {successor.name}
                      </Link>
                    </span>
                  ))}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
