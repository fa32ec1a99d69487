import type { EntityManager } from '@mikro-orm/postgresql';
import { ForbiddenError, UnauthenticatedError } from '../common/errors';
import type { Identity, Role } from './identity';
import { roleIncludes } from './identity';

/** The kommuner and organisations a record belongs to, by database id. */
export interface Owners {
  kommuneIds?: readonly (string | null | undefined)[];
  organizationIds?: readonly (string | null | undefined)[];
}

/** Where the caller works, by database id, as their token says (a kommune or an organisation). */
export interface Workplace {
  kommuneId?: string;
  organizationId?: string;
}

/**
 * The caller's rights for one request. Reads ask it what they may show; every mutation must
 * pass one of its `require…` rules before it writes (a mutation that asks none is refused:
 * see {@link AuthorizedMutations}).
 */
export class Access {
  /** Whether a rule of this request allowed a write; reset per mutation. */
  ruled = false;
  private workplacePromise?: Promise<Workplace>;

  constructor(
    readonly identity: Identity | null,
    private readonly em: EntityManager,
  ) {}

  get signedIn(): boolean {
    return this.identity !== null;
  }

  /** The person the caller is, when their token names one. */
  get personId(): string | undefined {
    return this.identity?.personId;
  }

  /** Whether the caller has at least this role. */
  has(role: Role): boolean {
    return this.identity !== null && roleIncludes(this.identity.role, role);
  }

  /** Whether the caller is this person. */
  isPerson(personId: string | null | undefined): boolean {
    return !!personId && this.identity?.personId === personId;
  }

  /** Anyone signed in may do this. */
  requireSignedIn(what: string): Identity {
    const identity = this.identityOrThrow(what);
    this.ruled = true;
    return identity;
  }

  /** Callers with at least this role may do this. */
  requireRole(role: Role, what: string): void {
    this.identityOrThrow(what);
    this.allowIf(this.has(role), `Only an ${role} or above may ${what}`);
  }

  /** Only the secretariat (admins) may do this. */
  requireAdmin(what: string): void {
    this.identityOrThrow(what);
    this.allowIf(this.has('admin'), `Only an admin may ${what}`);
  }

  /** Only the person themself or an admin may do this. */
  requireSelfOrAdmin(personId: string, what: string): void {
    this.identityOrThrow(what);
    this.allowIf(
      this.has('admin') || this.isPerson(personId),
      `Only the person themself or an admin may ${what}`,
    );
  }

  /**
   * An admin, an editor of one of the owners, or (when `self` is given) that person may do
   * this. A record with no owner can be changed by admins (and `self`) only.
   */
  async requireEditorOf(owners: Owners, what: string, self?: string | null): Promise<void> {
    this.identityOrThrow(what);
    this.allowIf(
      this.has('admin') ||
        this.isPerson(self) ||
        (this.has('editor') && (await this.worksFor(owners))),
      `Only an admin${self ? ', the person themself' : ''} or an editor of the kommune or organisation it belongs to may ${what}`,
    );
  }

  /** The caller's identity; `UNAUTHENTICATED` for anonymous callers. */
  private identityOrThrow(what: string): Identity {
    if (!this.identity) throw new UnauthenticatedError(`Sign in to ${what}`);
    return this.identity;
  }

  /** A rule's verdict: it allowed the write, or `FORBIDDEN` says who may. */
  private allowIf(allowed: boolean, refusal: string): void {
    if (!allowed) throw new ForbiddenError(refusal);
    this.ruled = true;
  }

  /** Whether the caller's kommune or organisation is one of the owners. */
  async worksFor(owners: Owners): Promise<boolean> {
    const workplace = await this.workplace();
    return (
      (!!workplace.kommuneId && (owners.kommuneIds ?? []).includes(workplace.kommuneId)) ||
      (!!workplace.organizationId &&
        (owners.organizationIds ?? []).includes(workplace.organizationId))
    );
  }

  /** The caller's kommune and organisation (from the token's codes), looked up once. */
  workplace(): Promise<Workplace> {
    this.workplacePromise ??= this.loadWorkplace();
    return this.workplacePromise;
  }

  private async loadWorkplace(): Promise<Workplace> {
    const { kommuneCode, organizationSlug } = this.identity ?? {};
    if (!kommuneCode && !organizationSlug) return {};
    const [row] = await this.em.execute<
      { kommune_id: string | null; organization_id: string | null }[]
    >(
      `select (select id from kommune where code = ?) as kommune_id,
              (select id from organization where slug = ?) as organization_id`,
      [kommuneCode ?? null, organizationSlug ?? null],
    );
    return {
      kommuneId: row?.kommune_id ?? undefined,
      organizationId: row?.organization_id ?? undefined,
    };
  }
}
