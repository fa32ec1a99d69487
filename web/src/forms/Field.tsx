import type { ReactNode } from 'react';
import type { ApiErrors } from './api-errors';

/** The ids that tie a control to its hint and error text (Det Fælles Designsystem's form pattern). */
function describedBy(id: string, hint?: ReactNode, error?: string) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

interface FieldProps {
  id: string;
  label: string;
  hint?: ReactNode;
  /** The API's message for this field, shown above the control (DKFDS `form-error`). */
  error?: string;
  optional?: boolean;
  /** The control; give it `id`, and `aria-describedby`/`aria-invalid` from `fieldAria`. */
  children: ReactNode;
}

/** A labelled form group with hint and error, as DKFDS draws it. */
export function Field({ id, label, hint, error, optional, children }: FieldProps) {
  return (
    <div className={`form-group${error ? ' form-error' : ''}`}>
      <label className="form-label" htmlFor={id}>
        {label}
        {optional && <span className="weight-normal"> (frivilligt)</span>}
      </label>
      {hint && (
        <span className="form-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="form-error-message" id={`${id}-error`}>
          <span className="sr-only">Fejl: </span>
          {error}
        </span>
      )}
      {children}
    </div>
  );
}

/** The ARIA attributes a control inside `Field` needs. */
export function fieldAria(id: string, hint?: ReactNode, error?: string) {
  return {
    'aria-describedby': describedBy(id, hint, error),
    'aria-invalid': error ? true : undefined,
  };
}

/** The API's messages that belong to no field of the form, as a DKFDS error alert. */
export function ErrorSummary({
  errors,
  heading = 'Det lykkedes ikke',
}: {
  errors: ApiErrors;
  heading?: string;
}) {
  if (errors.general.length === 0) return null;
  return (
    <div className="alert alert-error" role="alert">
      <div className="alert-body">
        <p className="alert-heading">{heading}</p>
        <ul className="alert-text nobullet-list">
          {errors.general.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}
