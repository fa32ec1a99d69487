import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { usePageTitle } from '../app/usePageTitle';
import { ViewerQuery } from '../app/viewer';
import { useToken } from '../auth/session';
import { graphql } from '../gql';
import type { RequirementKnowledgeQuery, RequirementPublicQuery } from '../gql/graphql';
import { PeopleToAsk } from './PeopleToAsk';
import { SharingWorkflow } from './SharingWorkflow';
import { IMPORTANCE_LABELS, KIND_LABELS, TEXT } from './requirements.texts';
import './requirements.css';
import { isMissing } from '../app/missing';

/** What anyone may read about a requirement (anonymous callers reach shared ones only). */
const RequirementPublicQuery = graphql(`
  query RequirementPublic($id: ID!) {
    requirement(id: $id) {
      id
      title
      text
      rationale
      helpText
      category
      subcategory
      importance
      kind
      externalId
      sharing
      sharingNote
      sharingChangedAt
      owningKommune {
        id
        name
      }
      topics {
        id
        labelDa
      }
      usedBy {
        usageCount
        latestYear
        kommune {
          id
          name
        }
      }
    }
  }
`);

/** What signed-in users read on top: usages with outcomes, procurements, people to ask. */
const RequirementKnowledgeQuery = graphql(`
  query RequirementKnowledge($id: ID!) {
    requirement(id: $id) {
      id
      authors {
        id
        name
      }
      usages {
        id
        outcome
        lessons
        kommune {
          id
          name
        }
        procurement {
          id
          title
          year
        }
      }
      procurements {
        id
        title
        year
        status
        lessonsLearned
        kommuner {
          id
          name
        }
      }
      peopleToAsk(first: 5, includeFormer: true) {
        score
        person {
          id
          name
          title
          status
        }
        evidence {
          reason
        }
        successors {
          id
          name
        }
      }
      knowledge {
        id
        title
        body
      }
    }
  }
`);

type Requirement = RequirementPublicQuery['requirement'];
type Knowledge = RequirementKnowledgeQuery['requirement'];

/** `/krav/:id`: a requirement, who used it and how it went, and whom to ask about it. */
export function RequirementPage() {
  const { id = '' } = useParams();
  const signedIn = Boolean(useToken());
  const { data, loading, error } = useQuery(RequirementPublicQuery, { variables: { id } });
  const knowledge = useQuery(RequirementKnowledgeQuery, { variables: { id }, skip: !signedIn });
  const requirement = data?.requirement;
  usePageTitle(requirement?.title ?? (loading ? '' : TEXT.notFound));

  if (loading) return <p role="status">{TEXT.loadingOne}</p>;
  if (!requirement) {
    const missing = !error || isMissing(error);
    return (
      <>
        <h1>{missing ? TEXT.notFound : TEXT.failedOne}</h1>
        {missing && !signedIn && (
          <p>
            {TEXT.notFoundHint} <Link to="/log-ind">{TEXT.signIn}</Link>
          </p>
        )}
        <p>
          <Link to="/krav">{TEXT.back}</Link>
        </p>
      </>
    );
  }
  return (
    <article className="app-requirement">
      <p className="app-breadcrumb">
        <Link to="/krav">{TEXT.back}</Link>
      </p>
      <h1>{requirement.title}</h1>
      <RequirementText requirement={requirement} />
      <RequirementFacts requirement={requirement} authors={knowledge.data?.requirement.authors} />
      <SharingSection requirement={requirement} signedIn={signedIn} />
      <UsedBy requirement={requirement} knowledge={knowledge.data?.requirement} />
      {signedIn ? (
        knowledge.data && <SignedInKnowledge knowledge={knowledge.data.requirement} />
      ) : (
        <div className="alert alert-info">
          <div className="alert-body">
            <p className="alert-text">
              {TEXT.signInForMore} <Link to="/log-ind">{TEXT.signIn}</Link>
            </p>
          </div>
        </div>
      )}
    </article>
  );
}

function RequirementText({ requirement }: { requirement: Requirement }) {
  return (
    <>
      <h2>{TEXT.text}</h2>
      <p className="font-lead app-requirement-text">{requirement.text}</p>
      {requirement.rationale && (
        <>
          <h3>{TEXT.rationale}</h3>
          <p>{requirement.rationale}</p>
        </>
      )}
      {requirement.helpText && (
        <>
          <h3>{TEXT.helpText}</h3>
          <p>{requirement.helpText}</p>
        </>
      )}
    </>
  );
}

function RequirementFacts({
  requirement,
  authors,
}: {
  requirement: Requirement;
  authors?: Knowledge['authors'];
}) {
  const category = [requirement.category, requirement.subcategory].filter(Boolean).join(' › ');
  return (
    <>
      <h2>{TEXT.facts}</h2>
      <dl className="app-facts">
        {category && (
          <>
            <dt>{TEXT.category}</dt>
            <dd>{category}</dd>
          </>
        )}
        <dt>{TEXT.importance}</dt>
        <dd>{IMPORTANCE_LABELS[requirement.importance] ?? requirement.importance}</dd>
        <dt>{TEXT.kind}</dt>
        <dd>{KIND_LABELS[requirement.kind] ?? requirement.kind}</dd>
        <dt>{TEXT.owner}</dt>
        <dd>{requirement.owningKommune?.name ?? TEXT.noOwner}</dd>
        {requirement.externalId && (
          <>
            <dt>{TEXT.externalId}</dt>
            <dd>{requirement.externalId}</dd>
          </>
        )}
        {requirement.topics.length > 0 && (
          <>
            <dt>{TEXT.topics}</dt>
            <dd>{requirement.topics.map((topic) => topic.labelDa).join(', ')}</dd>
          </>
        )}
        {authors && authors.length > 0 && (
          <>
            <dt>{TEXT.authors}</dt>
            <dd>
              {authors.map((author, index) => (
                <span key={author.id}>
                  {index > 0 && ', '}
                  <Link to={`/personer/${encodeURIComponent(author.id)}`}>{author.name}</Link>
                </span>
              ))}
            </dd>
          </>
        )}
      </dl>
    </>
  );
}

function SharingSection({
  requirement,
  signedIn,
}: {
  requirement: Requirement;
  signedIn: boolean;
}) {
  const { data } = useQuery(ViewerQuery, { skip: !signedIn });
  const viewer = signedIn ? data?.viewer : null;
  return (
    <SharingWorkflow
      requirement={requirement}
      viewer={viewer ? { role: viewer.role, kommuneId: viewer.kommune?.id } : null}
    />
  );
}

/** The kommuner that used it; signed in, each with its usages' outcomes and lessons. */
function UsedBy({ requirement, knowledge }: { requirement: Requirement; knowledge?: Knowledge }) {
  return (
    <section aria-labelledby="used-by-heading">
      <h2 id="used-by-heading">{TEXT.usedBy}</h2>
      {requirement.usedBy.length === 0 ? (
        <p>{TEXT.notUsed}</p>
      ) : (
        <ul className="app-uses">
          {requirement.usedBy.map((use) => {
            const usages =
              knowledge?.usages.filter((usage) => usage.kommune?.id === use.kommune.id) ?? [];
            return (
              <li key={use.kommune.id}>
                <strong>{use.kommune.name}</strong>:{' '}
                {[TEXT.uses(use.usageCount), use.latestYear && TEXT.latestYear(use.latestYear)]
                  .filter(Boolean)
                  .join(', ')}
                {usages.length > 0 && (
                  <ul>
                    {usages.map((usage) => (
                      <li key={usage.id}>
                        {usage.procurement && (
                          <p className="app-use-procurement">
                            {TEXT.procurement}: {usage.procurement.title}
                            {usage.procurement.year ? ` (${usage.procurement.year})` : ''}
                          </p>
                        )}
                        {usage.outcome && (
                          <p>
                            <strong>{TEXT.outcome}:</strong> {usage.outcome}
                          </p>
                        )}
                        {usage.lessons && (
                          <p>
                            <strong>{TEXT.lessons}:</strong> {usage.lessons}
                          </p>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function SignedInKnowledge({ knowledge }: { knowledge: Knowledge }) {
  return (
    <>
      <section aria-labelledby="procurements-heading">
        <h2 id="procurements-heading">{TEXT.procurements}</h2>
        {knowledge.procurements.length === 0 ? (
          <p>{TEXT.noProcurements}</p>
        ) : (
          <ul>
            {knowledge.procurements.map((procurement) => (
              <li key={procurement.id}>
                <strong>{procurement.title}</strong>
                {procurement.year ? ` (${procurement.year})` : ''}
                {procurement.kommuner.length > 0 &&
                  `, ${procurement.kommuner.map((kommune) => kommune.name).join(', ')}`}
                {procurement.lessonsLearned && (
                  <p>
                    <strong>{TEXT.lessons}:</strong> {procurement.lessonsLearned}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <PeopleToAsk hits={knowledge.peopleToAsk} />
      {knowledge.knowledge.length > 0 && (
        <section aria-labelledby="knowledge-heading">
          <h2 id="knowledge-heading">{TEXT.knowledge}</h2>
          <ul>
            {knowledge.knowledge.map((item) => (
              <li key={item.id}>
                <strong>{item.title}</strong>
                <p>{item.body}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
