import type { ApiErrors } from '../forms/api-errors';

/** The handover fields the API can name; a message about one names its position in the list. */
export const HANDOVER_FIELDS = ['successorId', 'membershipId', 'handovers'] as const;

/**
 * Sorts the API's errors about handovers to the seat they concern: the API names the position in
 * `handovers` ("handovers[1]: …"), and `sent` says which seat or risk item (by its key) that
 * position was.
 */
export function seatErrors(errors: ApiErrors, sent: readonly string[]) {
  const bySeat = new Map<string, string>();
  const general = [...errors.general];
  for (const field of HANDOVER_FIELDS) {
    const message = errors.field(field);
    if (!message) continue;
    const index = /handovers\[(\d+)\]/.exec(message)?.[1];
    const seat = index === undefined ? undefined : sent[Number(index)];
    if (seat && !bySeat.has(seat)) bySeat.set(seat, message);
    else general.push(message);
  }
  return { bySeat, general };
}
