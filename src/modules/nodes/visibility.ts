import type { Access } from '../../auth/access';
import type { BaseEntity } from '../../db/base.entity';
import { Requirement } from '../requirements/requirements.entity';
import { readable } from '../requirements/requirements.service';

/** Node types anyone may read, without signing in. */
export const PUBLIC_TYPES = new Set([
  'Kommune',
  'Organization',
  'Group',
  'Membership',
  'Product',
  'ProductAdoption',
  'Topic',
  'Requirement',
]);

/**
 * Whether the caller may see this record: members see everything; anonymous callers the public
 * types, and of requirements only the shared ones.
 */
export function mayRead(access: Access, node: BaseEntity): boolean {
  if (access.signedIn) return true;
  if (!PUBLIC_TYPES.has(node.constructor.name)) return false;
  return !(node instanceof Requirement) || readable(access, node);
}
