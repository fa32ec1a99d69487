import { ConflictError } from '../../common/errors';
import { type Person, PersonStatus } from './people.entity';

/*
 * What other modules may use of people/ besides its entities and GraphQL types (the lint rule in
 * eslint.config.mjs allows this file, and no other, across module boundaries).
 */

/** An erased person stays erased: nothing personal may be written back. */
export function assertNotErased(person: Person, field: string) {
  if (person.status === PersonStatus.ERASED) {
    throw new ConflictError('This person’s data has been erased; nothing can be added', field);
  }
}
