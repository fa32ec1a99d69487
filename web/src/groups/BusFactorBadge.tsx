import { TEXT } from './groups.texts';

/** A bus factor as a number, marked as a warning when the thing rests on one person or none. */
export function BusFactorBadge({ value }: { value: number }) {
  const status = value === 0 ? 'badge-error' : value === 1 ? 'badge-warning' : 'badge-success';
  return <span className={`badge ${status}`}>{TEXT.busFactorValue(value)}</span>;
}
