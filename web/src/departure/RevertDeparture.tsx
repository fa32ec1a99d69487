import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { apiErrors } from '../forms/api-errors';
import { ErrorSummary } from '../forms/Field';
import { RevertDepartureMutation } from './departure.documents';
import { TEXT } from './departure.texts';

/** Undoes a departure recorded by mistake; the page then shows the person as active again. */
export function RevertDeparture({
  personId,
  onReverted,
}: {
  personId: string;
  onReverted: () => void;
}) {
  const [revert, { loading }] = useMutation(RevertDepartureMutation, {
    refetchQueries: ['DeparturePerson', 'DepartureRisk'],
    awaitRefetchQueries: true,
  });
  const [error, setError] = useState<unknown>(null);
  return (
    <section aria-labelledby="revert-heading" className="app-revert">
      <h2 id="revert-heading">{TEXT.revert}</h2>
      <p>{TEXT.revertHint}</p>
      <ErrorSummary errors={apiErrors(error)} />
      <button
        type="button"
        className="button button-secondary"
        disabled={loading}
        onClick={async () => {
          setError(null);
          try {
            await revert({ variables: { personId } });
            onReverted();
          } catch (caught) {
            setError(caught);
          }
        }}
      >
        {loading ? TEXT.reverting : TEXT.revert}
      </button>
    </section>
  );
}
