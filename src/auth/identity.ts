/**
 * Who is calling. `member` reads the network, `editor` also writes for their own kommune or
 * organisation, `admin` (the OS2 secretariat) writes everything. Each role includes the ones
 * before it.
 */
export const ROLES = ['member', 'editor', 'admin'] as const;

export type Role = (typeof ROLES)[number];

/** A caller who presented a valid token. Anonymous callers have none (`null`). */
export interface Identity {
  /** The token's subject (`sub`): the user at the identity provider. */
  subject: string;
  role: Role;
  /** The person in the network this user is (database id), when the token names one. */
  personId?: string;
  /** The kommune an editor works for, by its 4-digit code. */
  kommuneCode?: string;
  /** The organisation an editor works for, by its slug. */
  organizationSlug?: string;
}

/** Whether `role` includes the rights of `needed`. */
export function roleIncludes(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
