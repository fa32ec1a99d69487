/**
 * What other modules may use of privacy: whether a person's keys belong to someone who was erased,
 * so an import does not bring them back.
 */
export { erasedKeys } from './tombstone';
