import { useMutation, useQuery } from '@apollo/client/react';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { apiErrors, type ApiErrors } from '../forms/api-errors';
import { ErrorSummary, Field, fieldAria } from '../forms/Field';
import { graphql } from '../gql';
import type { ClaimLevel, PersonPageQuery } from '../gql/graphql';
import { danishDate } from '../person/person.texts';
import { LEVEL_LABELS, LEVELS, TEXT, type Level } from './claims.texts';

type Claim = PersonPageQuery['person']['claims'][number];

const AddClaim = graphql(`
  mutation AddClaim($input: AddExperienceClaimInput!) {
    addExperienceClaim(input: $input) {
      id
      topic {
        id
        labelDa
      }
    }
  }
`);

const UpdateClaim = graphql(`
  mutation UpdateClaim($id: ID!, $input: UpdateExperienceClaimInput!) {
    updateExperienceClaim(id: $id, input: $input) {
      id
      level
      narrative
      validFrom
      validTo
      confirmedOn
    }
  }
`);

const WithdrawClaim = graphql(`
  mutation WithdrawClaim($id: ID!) {
    withdrawExperienceClaim(id: $id) {
      id
      withdrawnAt
    }
  }
`);

const EndorseClaim = graphql(`
  mutation EndorseClaim($input: EndorseExperienceClaimInput!) {
    endorseExperienceClaim(input: $input) {
      id
      endorsementCount
    }
  }
`);

const ClaimTopicsQuery = graphql(`
  query ClaimTopics($after: String) {
    topics(first: 100, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          labelDa
        }
      }
    }
  }
`);

/** After a change to a claim the person page is read again, so every section agrees. */
const REFETCH = { refetchQueries: ['PersonPage'], awaitRefetchQueries: true };

interface ClaimsSectionProps {
  personId: string;
  personActive: boolean;
  claims: Claim[];
  /** The signed-in person, who may endorse others' claims. */
  viewerPersonId: string | null;
  /** Whether the viewer may add, change and withdraw this person's claims. */
  mayEdit: boolean;
  /** Whether the viewer is the person (the texts speak to them). */
  own: boolean;
}

/** The person's experience claims: level, story, endorsements; endorse, change, withdraw, add. */
export function ClaimsSection(props: ClaimsSectionProps) {
  const { claims, mayEdit, own } = props;
  const [message, setMessage] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const announce = (text: string) => {
    setMessage(text);
    heading.current?.focus();
  };
  return (
    <section aria-labelledby="claims-heading" className="app-section">
      <h2 id="claims-heading" ref={heading} tabIndex={-1}>
        {TEXT.heading}
      </h2>
      <p role="status" className={message ? 'app-status' : 'sr-only'}>
        {message}
      </p>
      {claims.length === 0 ? (
        <p className="app-empty">{own ? TEXT.noneOwn : TEXT.none}</p>
      ) : (
        <ul className="app-claims nobullet-list">
          {claims.map((claim) => (
            <ClaimItem key={claim.id} claim={claim} {...props} announce={announce} />
          ))}
        </ul>
      )}
      {mayEdit && props.personActive && (
        <AddClaimForm personId={props.personId} onAdded={(topic) => announce(TEXT.added(topic))} />
      )}
    </section>
  );
}

function ClaimItem({
  claim,
  viewerPersonId,
  personId,
  personActive,
  mayEdit,
  announce,
}: ClaimsSectionProps & { claim: Claim; announce(text: string): void }) {
  const [editing, setEditing] = useState(false);
  const [withdraw, withdrawing] = useMutation(WithdrawClaim, REFETCH);
  const [withdrawError, setWithdrawError] = useState<ApiErrors | null>(null);
  const topic = claim.topic.labelDa;
  const endorsedByViewer = claim.endorsements.some(
    (endorsement) => endorsement.endorser.id === viewerPersonId,
  );
  const mayEndorse = Boolean(viewerPersonId) && viewerPersonId !== personId && personActive;

  return (
    <li className="card app-claim">
      <div className="card-content">
        <h3 className="h4 app-claim-topic">
          {topic}{' '}
          <span className="badge badge-info">{LEVEL_LABELS[claim.level] ?? claim.level}</span>
        </h3>
        {(claim.validFrom || claim.product) && (
          <p className="app-claim-meta">
            {[
              claim.validFrom &&
                TEXT.period(
                  danishDate(claim.validFrom),
                  claim.validTo ? danishDate(claim.validTo) : null,
                ),
              claim.product && TEXT.fromProduct(claim.product.name),
            ]
              .filter(Boolean)
              .join('. ')}
          </p>
        )}
        {claim.narrative && <p>{claim.narrative}</p>}
        {claim.endorsementCount > 0 && (
          <div className="app-endorsements">
            <p className="app-endorsement-count">{TEXT.endorsements(claim.endorsementCount)}</p>
            <ul>
              {claim.endorsements.map((endorsement) => (
                <li key={endorsement.id}>
                  <Link to={`/personer/${encodeURIComponent(endorsement.endorser.id)}`}>
                    {endorsement.endorser.name}
                  </Link>
                  {endorsement.comment && `: »${endorsement.comment}«`}
                </li>
              ))}
            </ul>
          </div>
        )}
        {claim.confirmedOn && (
          <p className="app-claim-meta">{TEXT.confirmed(danishDate(claim.confirmedOn))}</p>
        )}
        {mayEndorse &&
          (endorsedByViewer ? (
            <p>{TEXT.endorsed}</p>
          ) : (
            <EndorseForm claimId={claim.id} endorserId={viewerPersonId!} topic={topic} />
          ))}
        {mayEdit && !editing && (
          <div className="app-claim-actions">
            <button
              type="button"
              className="button button-secondary"
              aria-label={TEXT.editLabel(topic)}
              onClick={() => setEditing(true)}
            >
              {TEXT.edit}
            </button>
            <button
              type="button"
              className="button button-tertiary"
              aria-label={TEXT.withdrawLabel(topic)}
              disabled={withdrawing.loading}
              onClick={async () => {
                setWithdrawError(null);
                try {
                  await withdraw({ variables: { id: claim.id } });
                  announce(TEXT.withdrawn(topic));
                } catch (error) {
                  setWithdrawError(apiErrors(error));
                }
              }}
            >
              {TEXT.withdraw}
            </button>
          </div>
        )}
        {withdrawError && <ErrorSummary errors={withdrawError} />}
        {editing && (
          <EditClaimForm
            claim={claim}
            onDone={(saved) => {
              setEditing(false);
              if (saved) announce(TEXT.saved);
            }}
          />
        )}
      </div>
    </li>
  );
}

/** The fields both claim forms show, with what the user typed. */
interface ClaimFields {
  level: Level | '';
  narrative: string;
  validFrom: string;
  validTo: string;
}

const CLAIM_FIELDS = ['topicId', 'level', 'narrative', 'validFrom', 'validTo'] as const;

function ClaimFieldset({
  idPrefix,
  fields,
  onChange,
  errors,
}: {
  idPrefix: string;
  fields: ClaimFields;
  onChange(next: ClaimFields): void;
  errors: ApiErrors;
}) {
  const id = (name: string) => `${idPrefix}-${name}`;
  const levelError = errors.field('level');
  return (
    <>
      <fieldset
        className={`form-group${levelError ? ' form-error' : ''}`}
        aria-describedby={levelError ? id('level-error') : undefined}
      >
        <legend className="form-label">{TEXT.level}</legend>
        {levelError && (
          <span className="form-error-message" id={id('level-error')}>
            <span className="sr-only">Fejl: </span>
            {levelError}
          </span>
        )}
        <ul className="nobullet-list">
          {LEVELS.map((level) => (
            <li key={level.value} className="form-group-radio">
              <input
                type="radio"
                className="form-radio"
                id={id(`level-${level.value}`)}
                name={id('level')}
                value={level.value}
                checked={fields.level === level.value}
                aria-describedby={id(`level-${level.value}-hint`)}
                onChange={() => onChange({ ...fields, level: level.value })}
              />
              <label className="form-label" htmlFor={id(`level-${level.value}`)}>
                {level.label}
              </label>
              <span className="form-hint" id={id(`level-${level.value}-hint`)}>
                {level.hint}
              </span>
            </li>
          ))}
        </ul>
      </fieldset>
      <Field
        id={id('narrative')}
        label={TEXT.narrative}
        hint={TEXT.narrativeHint}
        error={errors.field('narrative')}
        optional
      >
        <textarea
          className="form-input"
          id={id('narrative')}
          rows={3}
          value={fields.narrative}
          onChange={(event) => onChange({ ...fields, narrative: event.target.value })}
          {...fieldAria(id('narrative'), TEXT.narrativeHint, errors.field('narrative'))}
        />
      </Field>
      <div className="app-date-row">
        <Field
          id={id('validFrom')}
          label={TEXT.validFrom}
          error={errors.field('validFrom')}
          optional
        >
          <input
            type="date"
            className="form-input"
            id={id('validFrom')}
            value={fields.validFrom}
            onChange={(event) => onChange({ ...fields, validFrom: event.target.value })}
            {...fieldAria(id('validFrom'), undefined, errors.field('validFrom'))}
          />
        </Field>
        <Field
          id={id('validTo')}
          label={TEXT.validTo}
          hint={TEXT.validToHint}
          error={errors.field('validTo')}
          optional
        >
          <input
            type="date"
            className="form-input"
            id={id('validTo')}
            value={fields.validTo}
            onChange={(event) => onChange({ ...fields, validTo: event.target.value })}
            {...fieldAria(id('validTo'), TEXT.validToHint, errors.field('validTo'))}
          />
        </Field>
      </div>
    </>
  );
}

const NO_ERRORS = apiErrors(null);

/** Errors found before asking the API (a choice left empty), shown as the API's would be. */
function missing(messages: Record<string, string>): ApiErrors | null {
  if (Object.keys(messages).length === 0) return null;
  return { field: (name) => messages[name], general: [], any: true };
}

function AddClaimForm({ personId, onAdded }: { personId: string; onAdded(topic: string): void }) {
  const [topicId, setTopicId] = useState('');
  const [fields, setFields] = useState<ClaimFields>({
    level: '',
    narrative: '',
    validFrom: '',
    validTo: '',
  });
  const [errors, setErrors] = useState<ApiErrors>(NO_ERRORS);
  const [add, { loading }] = useMutation(AddClaim, REFETCH);
  const first = useQuery(ClaimTopicsQuery, { variables: {} });
  const cursor = first.data?.topics.pageInfo.hasNextPage
    ? first.data.topics.pageInfo.endCursor
    : null;
  const rest = useQuery(ClaimTopicsQuery, { variables: { after: cursor }, skip: !cursor });
  const topics = [...(first.data?.topics.edges ?? []), ...(rest.data?.topics.edges ?? [])]
    .map((edge) => edge.node)
    .sort((a, b) => a.labelDa.localeCompare(b.labelDa, 'da'));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const empty = missing({
      ...(topicId ? {} : { topicId: TEXT.topicMissing }),
      ...(fields.level ? {} : { level: TEXT.levelMissing }),
    });
    setErrors(empty ?? NO_ERRORS);
    if (empty) return;
    try {
      const { data } = await add({
        variables: {
          input: {
            personId,
            topicId,
            level: fields.level as ClaimLevel,
            narrative: fields.narrative.trim() || null,
            validFrom: fields.validFrom || null,
            validTo: fields.validTo || null,
          },
        },
      });
      setTopicId('');
      setFields({ level: '', narrative: '', validFrom: '', validTo: '' });
      onAdded(data?.addExperienceClaim.topic.labelDa ?? '');
    } catch (error) {
      setErrors(apiErrors(error, CLAIM_FIELDS));
    }
  }

  const topicError = errors.field('topicId');
  return (
    <form className="app-claim-form" onSubmit={submit} noValidate>
      <h3>{TEXT.add}</h3>
      <p>{TEXT.addIntro}</p>
      <ErrorSummary errors={errors} />
      <Field id="claim-add-topic" label={TEXT.topic} error={topicError}>
        <select
          className="form-select"
          id="claim-add-topic"
          value={topicId}
          onChange={(event) => setTopicId(event.target.value)}
          {...fieldAria('claim-add-topic', undefined, topicError)}
        >
          <option value="">{TEXT.chooseTopic}</option>
          {topics.map((topic) => (
            <option key={topic.id} value={topic.id}>
              {topic.labelDa}
            </option>
          ))}
        </select>
      </Field>
      <ClaimFieldset idPrefix="claim-add" fields={fields} onChange={setFields} errors={errors} />
      <button type="submit" className="button button-primary" disabled={loading}>
        {loading ? TEXT.saving : TEXT.add}
      </button>
    </form>
  );
}

function EditClaimForm({ claim, onDone }: { claim: Claim; onDone(saved: boolean): void }) {
  const [fields, setFields] = useState<ClaimFields>({
    level: claim.level,
    narrative: claim.narrative ?? '',
    validFrom: claim.validFrom ?? '',
    validTo: claim.validTo ?? '',
  });
  const [errors, setErrors] = useState<ApiErrors>(NO_ERRORS);
  const [update, { loading }] = useMutation(UpdateClaim, REFETCH);
  const prefix = `claim-${claim.id.replace(/[^\w-]/g, '')}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    try {
      await update({
        variables: {
          id: claim.id,
          input: {
            level: (fields.level || undefined) as ClaimLevel | undefined,
            narrative: fields.narrative.trim(),
            validFrom: fields.validFrom || null,
            validTo: fields.validTo || null,
          },
        },
      });
      onDone(true);
    } catch (error) {
      setErrors(apiErrors(error, CLAIM_FIELDS));
    }
  }

  return (
    <form className="app-claim-form" onSubmit={submit} noValidate>
      <h4>{TEXT.editLabel(claim.topic.labelDa)}</h4>
      <ErrorSummary errors={errors} />
      <ClaimFieldset idPrefix={prefix} fields={fields} onChange={setFields} errors={errors} />
      <div className="app-claim-actions">
        <button type="submit" className="button button-primary" disabled={loading}>
          {loading ? TEXT.saving : TEXT.save}
        </button>
        <button type="button" className="button button-secondary" onClick={() => onDone(false)}>
          {TEXT.cancel}
        </button>
      </div>
    </form>
  );
}

function EndorseForm({
  claimId,
  endorserId,
  topic,
}: {
  claimId: string;
  endorserId: string;
  topic: string;
}) {
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<ApiErrors>(NO_ERRORS);
  const [endorse, { loading }] = useMutation(EndorseClaim, REFETCH);
  const id = `endorse-${claimId.replace(/[^\w-]/g, '')}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    try {
      await endorse({
        variables: { input: { claimId, endorserId, comment: comment.trim() || null } },
      });
    } catch (error) {
      setErrors(apiErrors(error, ['comment']));
    }
  }

  return (
    <details className="details app-endorse">
      <summary className="details-summary">{TEXT.endorseLabel(topic)}</summary>
      <div className="details-text">
        <form onSubmit={submit} noValidate>
          <ErrorSummary errors={errors} />
          <Field
            id={`${id}-comment`}
            label={TEXT.endorseComment}
            error={errors.field('comment')}
            optional
          >
            <textarea
              className="form-input"
              id={`${id}-comment`}
              rows={2}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
              {...fieldAria(`${id}-comment`, undefined, errors.field('comment'))}
            />
          </Field>
          <button type="submit" className="button button-primary" disabled={loading}>
            {loading ? TEXT.saving : TEXT.endorse}
          </button>
        </form>
      </div>
    </details>
  );
}
