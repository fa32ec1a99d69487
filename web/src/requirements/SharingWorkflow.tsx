import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { apiErrors, type ApiErrors } from '../forms/api-errors';
import { ErrorSummary, Field, fieldAria } from '../forms/Field';
import { graphql } from '../gql';
import type { RequirementPublicQuery } from '../gql/graphql';
import { allowedSharingSteps, type SharingStep, type SharingViewer } from './sharing';
import {
  danishDate,
  SHARING_BADGES,
  SHARING_LABELS,
  SHARING_MEANING,
  TEXT,
} from './requirements.texts';

/** Each step returns the requirement's sharing as it is now, which updates the cache. */
const ProposeSharing = graphql(`
  mutation ProposeSharing($id: ID!, $note: String) {
    proposeRequirementForSharing(id: $id, note: $note) {
      id
      sharing
      sharingNote
      sharingChangedAt
    }
  }
`);

const WithdrawProposal = graphql(`
  mutation WithdrawProposal($id: ID!, $note: String) {
    withdrawRequirementProposal(id: $id, note: $note) {
      id
      sharing
      sharingNote
      sharingChangedAt
    }
  }
`);

const ShareRequirement = graphql(`
  mutation ShareRequirement($id: ID!, $note: String) {
    shareRequirement(id: $id, note: $note) {
      id
      sharing
      sharingNote
      sharingChangedAt
    }
  }
`);

const DeclineSharing = graphql(`
  mutation DeclineSharing($id: ID!, $reason: String!) {
    declineRequirementSharing(id: $id, reason: $reason) {
      id
      sharing
      sharingNote
      sharingChangedAt
    }
  }
`);

type Requirement = RequirementPublicQuery['requirement'];

const NO_ERRORS: ApiErrors = apiErrors(null);

/**
 * The requirement's place in the sharing workflow (local → proposed → shared), and the next
 * steps this viewer may take: propose and withdraw for the owning kommune's editors, share and
 * decline (with a reason) for the kravredaktion (admins).
 */
export function SharingWorkflow({
  requirement,
  viewer,
}: {
  requirement: Requirement;
  viewer: SharingViewer | null;
}) {
  const steps = allowedSharingSteps(viewer, requirement.sharing, requirement.owningKommune?.id);
  const [done, setDone] = useState<SharingStep | null>(null);
  return (
    <section aria-labelledby="sharing-heading">
      <h2 id="sharing-heading">{TEXT.sharing}</h2>
      <p>
        <span className={`badge app-sharing-tag ${SHARING_BADGES[requirement.sharing]}`}>
          {SHARING_LABELS[requirement.sharing]}
        </span>{' '}
        {SHARING_MEANING[requirement.sharing]}
        {requirement.sharingChangedAt &&
          ` ${TEXT.sharingChanged(danishDate(requirement.sharingChangedAt))}`}
      </p>
      {requirement.sharingNote && (
        <p>
          <strong>{TEXT.sharingNote}:</strong> {requirement.sharingNote}
        </p>
      )}
      <div role="status" aria-live="polite">
        {done && (
          <div className="alert alert-success">
            <div className="alert-body">
              <p className="alert-text">{TEXT.done[done]}</p>
            </div>
          </div>
        )}
      </div>
      {steps.length > 0 && (
        <div className="app-sharing-steps">
          <h3>{TEXT.stepsHeading}</h3>
          {steps.some((step) => step !== 'decline') && (
            <NoteStepForm
              id={requirement.id}
              steps={steps.filter((step) => step !== 'decline')}
              onDone={setDone}
            />
          )}
          {steps.includes('decline') && <DeclineForm id={requirement.id} onDone={setDone} />}
        </div>
      )}
    </section>
  );
}

/** Propose, withdraw or share, each with an optional note. */
function NoteStepForm({
  id,
  steps,
  onDone,
}: {
  id: string;
  steps: Exclude<SharingStep, 'decline'>[];
  onDone: (step: SharingStep | null) => void;
}) {
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState(NO_ERRORS);
  const [propose, proposing] = useMutation(ProposeSharing);
  const [withdraw, withdrawing] = useMutation(WithdrawProposal);
  const [share, sharing] = useMutation(ShareRequirement);
  const mutations = { propose, withdraw, share };
  const busy = proposing.loading || withdrawing.loading || sharing.loading;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const step = (submitter?.value ?? steps[0]) as Exclude<SharingStep, 'decline'>;
    setErrors(NO_ERRORS);
    onDone(null);
    try {
      await mutations[step]({ variables: { id, note: note.trim() || null } });
      setNote('');
      onDone(step);
    } catch (error) {
      setErrors(apiErrors(error, ['note']));
    }
  }

  const noteError = errors.field('note');
  return (
    <form onSubmit={submit} noValidate className="app-sharing-form">
      <ErrorSummary errors={errors} />
      <Field id="sharing-note" label={TEXT.noteLabel} hint={TEXT.noteHint} error={noteError}>
        <textarea
          id="sharing-note"
          name="note"
          className="form-input"
          rows={3}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          {...fieldAria('sharing-note', TEXT.noteHint, noteError)}
        />
      </Field>
      <div className="app-button-row">
        {steps.map((step, index) => (
          <button
            key={step}
            type="submit"
            name="step"
            value={step}
            disabled={busy}
            className={`button ${index === 0 ? 'button-primary' : 'button-secondary'}`}
          >
            {TEXT[step]}
          </button>
        ))}
      </div>
    </form>
  );
}

/** The kravredaktion declines a proposal, with the reason the owning kommune will read. */
function DeclineForm({ id, onDone }: { id: string; onDone: (step: SharingStep | null) => void }) {
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState(NO_ERRORS);
  const [decline, { loading }] = useMutation(DeclineSharing);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    onDone(null);
    try {
      await decline({ variables: { id, reason } });
      setReason('');
      onDone('decline');
    } catch (error) {
      setErrors(apiErrors(error, ['reason']));
    }
  }

  const reasonError = errors.field('reason');
  return (
    <form onSubmit={submit} noValidate className="app-sharing-form">
      <ErrorSummary errors={errors} />
      <Field
        id="decline-reason"
        label={TEXT.reasonLabel}
        hint={TEXT.reasonHint}
        error={reasonError}
      >
        <textarea
          id="decline-reason"
          name="reason"
          className="form-input"
          rows={3}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          {...fieldAria('decline-reason', TEXT.reasonHint, reasonError)}
        />
      </Field>
      <button type="submit" className="button button-secondary" disabled={loading}>
        {loading ? TEXT.working : TEXT.decline}
      </button>
    </form>
  );
}
