import { useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { apiErrors } from '../forms/api-errors';
import { ErrorSummary, Field, fieldAria } from '../forms/Field';
import { graphql } from '../gql';
import { SHARING_LABELS, TEXT } from './requirements.texts';

const SimilarQuery = graphql(`
  query SimilarRequirements($text: String!) {
    similarRequirements(text: $text, first: 10) {
      score
      reason
      sharedWords
      wordOverlap
      textSimilarity
      titleSimilarity
      requirement {
        id
        title
        text
        sharing
        owningKommune {
          id
          name
        }
      }
    }
  }
`);

/** How a score of 0–1 reads: a whole percentage. */
const percent = (value: number) => `${Math.round(value * 100)} %`;

/**
 * "Find lignende krav": a pasted text (kept in the URL, so the answer can be shared) and the
 * requirements from every kommune that are much like it, each with how similar and why.
 */
export function SimilarRequirements({
  text,
  onSearch,
}: {
  text: string;
  onSearch: (text: string) => void;
}) {
  const [draft, setDraft] = useState(text);
  const { data, loading, error } = useQuery(SimilarQuery, {
    variables: { text },
    skip: !text.trim(),
  });
  const errors = apiErrors(error, ['text']);
  const textError = errors.field('text');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSearch(draft);
  }

  const hits = data?.similarRequirements;
  return (
    <section aria-labelledby="similar-heading" className="app-similar">
      <h2 id="similar-heading">{TEXT.similarTitle}</h2>
      <p>{TEXT.similarIntro}</p>
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <Field id="similar-text" label={TEXT.similarLabel} error={textError}>
          <textarea
            id="similar-text"
            name="lignende"
            className="form-input app-wide-input"
            rows={5}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            {...fieldAria('similar-text', undefined, textError)}
          />
        </Field>
        <button type="submit" className="button button-primary">
          {TEXT.similarSubmit}
        </button>
      </form>
      {text.trim() && (
        <>
          <p role="status" aria-live="polite">
            {loading
              ? TEXT.similarSearching
              : hits
                ? hits.length === 0
                  ? TEXT.similarNone
                  : TEXT.similarCount(hits.length)
                : ''}
          </p>
          {hits && hits.length > 0 && (
            <ol className="app-similar-hits">
              {hits.map((hit) => (
                <li key={hit.requirement.id} className="app-similar-hit">
                  <h3 className="h4">
                    <Link to={`/krav/${encodeURIComponent(hit.requirement.id)}`}>
                      {hit.requirement.title}
                    </Link>
                  </h3>
                  <p className="app-requirement-meta">
                    {[hit.requirement.owningKommune?.name, SHARING_LABELS[hit.requirement.sharing]]
                      .filter(Boolean)
                      .join(' · ')}
                  </p>
                  <div className="app-score">
                    <span className="app-score-label">
                      {TEXT.similarity} {percent(hit.score)}
                    </span>
                    <span className="app-score-bar" aria-hidden="true">
                      <span
                        className="app-score-fill"
                        style={{ width: percent(Math.min(1, hit.score)).replace(' ', '') }}
                      />
                    </span>
                  </div>
                  <p>{hit.reason}</p>
                  <dl className="app-measures" aria-label={TEXT.measures}>
                    <dt>{TEXT.sharedWords}</dt>
                    <dd>
                      {hit.sharedWords} ({TEXT.overlap(percent(hit.wordOverlap))})
                    </dd>
                    <dt>{TEXT.textSimilarity}</dt>
                    <dd>{percent(hit.textSimilarity)}</dd>
                    <dt>{TEXT.titleInText}</dt>
                    <dd>{percent(hit.titleSimilarity)}</dd>
                  </dl>
                  <p className="app-similar-text">{hit.requirement.text}</p>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
