import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { apiErrors } from '../forms/api-errors';
import { ErrorSummary, Field, fieldAria } from '../forms/Field';
import type { DeparturePersonQuery, RecordDepartureMutation } from '../gql/graphql';
import {
  RecordDepartureMutation as RecordDeparture,
  SeatCandidatesQuery,
} from './departure.documents';
import { AtRisk, type RiskChoice } from './AtRisk';
import { HANDOVER_FIELDS, seatErrors } from './seat-errors';
import { COORDINATING_ROLES, ROLE_LABELS, TEXT, todayIso } from './departure.texts';

type Person = DeparturePersonQuery['person'];
type Seat = Person['memberships'][number];
type Report = RecordDepartureMutation['recordDeparture'];

/** Per seat: who takes it over ('' for nobody; undefined until the best candidate is known). */
interface SeatChoice {
  successorId?: string;
  note: string;
}

/** Steps 2 and 3: a successor per seat (the best one proposed), the date, and the record. */
export function DepartureForm({
  person,
  onRecorded,
}: {
  person: Person;
  onRecorded: (report: Report) => void;
}) {
  const [date, setDate] = useState(todayIso);
  const [note, setNote] = useState('');
  const [choices, setChoices] = useState<Record<string, SeatChoice>>({});
  const [riskChoices, setRiskChoices] = useState<Record<string, RiskChoice>>({});
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<string[]>([]);
  const [record, { loading }] = useMutation(RecordDeparture, {
    refetchQueries: ['DeparturePerson'],
  });

  const errors = apiErrors(error, ['date', 'note', ...HANDOVER_FIELDS]);
  const { bySeat, general } = seatErrors(errors, sent);
  const dateError = errors.field('date');
  const noteError = errors.field('note');

  function choose(seatId: string, change: Partial<SeatChoice>) {
    setChoices((previous) => ({
      ...previous,
      [seatId]: { ...(previous[seatId] ?? { note: '' }), ...change },
    }));
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const seats = person.memberships
      .map((seat) => ({ seat, choice: choices[seat.id] }))
      .filter(({ choice }) => choice?.successorId)
      .map(({ seat, choice }) => ({
        key: seat.id,
        handover: {
          membershipId: seat.id,
          successorId: choice!.successorId!,
          note: choice!.note.trim() || null,
        },
      }));
    const risks = Object.entries(riskChoices)
      .filter(([, choice]) => choice.successorId)
      .map(([key, { field, id, successorId }]) => ({
        key,
        handover: { [field]: id, successorId },
      }));
    const handovers = [...seats, ...risks].map((each) => each.handover);
    setSent([...seats, ...risks].map((each) => each.key));
    setError(null);
    try {
      const result = await record({
        variables: {
          input: { personId: person.id, date, note: note.trim() || null, handovers },
        },
      });
      if (result.data) onRecorded(result.data.recordDeparture);
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="app-departure-form">
      <AtRisk
        person={person}
        choices={riskChoices}
        errors={bySeat}
        onChoose={(key, choice) => setRiskChoices((previous) => ({ ...previous, [key]: choice }))}
      />
      <section aria-labelledby="seats-heading">
        <h2 id="seats-heading">{TEXT.seatsHeading}</h2>
        {person.memberships.length === 0 ? (
          <p>{TEXT.noSeats}</p>
        ) : (
          <>
            <p>{TEXT.seatsIntro}</p>
            {person.memberships.map((seat) => (
              <SeatSuccessor
                key={seat.id}
                seat={seat}
                choice={choices[seat.id]}
                error={bySeat.get(seat.id)}
                onChange={(change) => choose(seat.id, change)}
              />
            ))}
          </>
        )}
      </section>
      <section aria-labelledby="record-heading">
        <h2 id="record-heading">{TEXT.recordHeading}</h2>
        <ErrorSummary errors={{ ...errors, general }} />
        <Field id="departure-date" label={TEXT.dateLabel} hint={TEXT.dateHint} error={dateError}>
          <input
            id="departure-date"
            name="date"
            type="date"
            className="form-input app-date-input"
            value={date}
            onChange={(event) => setDate(event.target.value)}
            {...fieldAria('departure-date', TEXT.dateHint, dateError)}
          />
        </Field>
        <Field id="departure-note" label={TEXT.note} error={noteError}>
          <textarea
            id="departure-note"
            name="note"
            className="form-input"
            rows={3}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            {...fieldAria('departure-note', undefined, noteError)}
          />
        </Field>
        <button type="submit" className="button button-primary" disabled={loading}>
          {loading ? TEXT.saving : TEXT.submit}
        </button>
      </section>
    </form>
  );
}

/** One seat: the candidates to take it over, the best chosen until the user says otherwise. */
function SeatSuccessor({
  seat,
  choice,
  error,
  onChange,
}: {
  seat: Seat;
  choice: SeatChoice | undefined;
  error?: string;
  onChange: (change: Partial<SeatChoice>) => void;
}) {
  const {
    data,
    loading,
    error: failed,
  } = useQuery(SeatCandidatesQuery, {
    variables: { membershipId: seat.id },
  });
  const candidates = data?.successorCandidates ?? [];
  const best = candidates[0]?.person.id;
  const unchosen = choice?.successorId === undefined;
  useEffect(() => {
    if (unchosen && best) onChange({ successorId: best });
    // onChange is a new function each render; what matters is the best candidate arriving.
  }, [unchosen, best]);

  const id = `seat-${seat.id.replace(/[^\w-]/g, '')}`;
  const role = ROLE_LABELS[seat.role] ?? seat.role;
  const selected = choice?.successorId ?? '';
  const noteHint = TEXT.handoverNoteHint;
  return (
    <div className={`form-group app-seat${error ? ' form-error' : ''}`}>
      <fieldset aria-describedby={error ? `${id}-error` : undefined}>
        <legend className="form-label">{TEXT.seatLegend(role, seat.group.name)}</legend>
        {COORDINATING_ROLES.includes(seat.role) && (
          <p className="form-hint">{TEXT.losesCoordinator}</p>
        )}
        {error && (
          <span className="form-error-message" id={`${id}-error`}>
            <span className="sr-only">Fejl: </span>
            {error}
          </span>
        )}
        {loading && <p role="status">{TEXT.candidatesLoading}</p>}
        {failed && <p>{TEXT.candidatesFailed}</p>}
        {data && candidates.length === 0 && <p>{TEXT.noCandidates}</p>}
        {candidates.map((candidate, index) => {
          const optionId = `${id}-option${index}`;
          return (
            <div className="form-group-radio" key={candidate.person.id}>
              <input
                type="radio"
                className="form-radio"
                id={optionId}
                name={id}
                value={candidate.person.id}
                checked={selected === candidate.person.id}
                onChange={() => onChange({ successorId: candidate.person.id })}
                aria-describedby={candidate.reasons.length > 0 ? `${optionId}-reasons` : undefined}
              />
              <label className="form-label" htmlFor={optionId}>
                {candidate.person.name}
                {candidate.person.title && `, ${candidate.person.title}`}
              </label>
              {candidate.reasons.length > 0 && (
                <span className="form-hint" id={`${optionId}-reasons`}>
                  {candidate.reasons.join(' · ')}
                </span>
              )}
            </div>
          );
        })}
        <div className="form-group-radio">
          <input
            type="radio"
            className="form-radio"
            id={`${id}-nobody`}
            name={id}
            value=""
            checked={data !== undefined && selected === ''}
            onChange={() => onChange({ successorId: '' })}
          />
          <label className="form-label" htmlFor={`${id}-nobody`}>
            {TEXT.nobody}
          </label>
        </div>
        {selected && (
          <Field id={`${id}-note`} label={TEXT.handoverNote} hint={noteHint}>
            <textarea
              id={`${id}-note`}
              className="form-input"
              rows={2}
              value={choice?.note ?? ''}
              onChange={(event) => onChange({ note: event.target.value })}
              {...fieldAria(`${id}-note`, noteHint)}
            />
          </Field>
        )}
      </fieldset>
    </div>
  );
}
