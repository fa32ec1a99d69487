import type { EntityManager } from '@mikro-orm/postgresql';
import type { Access } from '../../auth/access';
import { ConflictError } from '../../common/errors';
import { getByGlobalId } from '../../common/lookup';
import { Requirement, RequirementSharing } from './requirements.entity';
import { requireRequirementEditor } from './requirements.service';

/** One step of the sharing workflow: from which status, to which, and who may take it. */
export interface SharingStep {
  from: RequirementSharing;
  to: RequirementSharing;
  /** The owning kommune's editors (and admins), or admins (the kravredaktion) only. */
  by: 'owner' | 'admin';
  /** What the step does, for errors: "propose this requirement for sharing". */
  what: string;
}

/** The sharing workflow: local → proposed → shared, or a proposal back to local. */
export const SHARING_STEPS = {
  propose: {
    from: RequirementSharing.LOCAL,
    to: RequirementSharing.PROPOSED,
    by: 'owner',
    what: 'propose this requirement for sharing',
  },
  share: {
    from: RequirementSharing.PROPOSED,
    to: RequirementSharing.SHARED,
    by: 'admin',
    what: 'share this requirement in the catalogue',
  },
  decline: {
    from: RequirementSharing.PROPOSED,
    to: RequirementSharing.LOCAL,
    by: 'admin',
    what: 'decline sharing this requirement',
  },
  withdraw: {
    from: RequirementSharing.PROPOSED,
    to: RequirementSharing.LOCAL,
    by: 'owner',
    what: 'withdraw the proposal to share this requirement',
  },
} satisfies Record<string, SharingStep>;

/**
 * Moves a requirement one step through the sharing workflow (local → proposed → shared, or a
 * proposal back to local), keeping the step's note and time on the requirement; the mutation's
 * audit event records who took the step. A requirement not at the step's starting status is a
 * CONFLICT that names its status.
 */
export async function changeSharing(
  em: EntityManager,
  access: Access,
  id: string,
  step: SharingStep,
  note: string | null | undefined,
) {
  const requirement = await getByGlobalId(em, Requirement, id, 'id', { lock: true });
  if (step.by === 'admin') access.requireAdmin(step.what);
  else await requireRequirementEditor(access, requirement, step.what);
  if (requirement.sharing !== step.from) {
    throw new ConflictError(
      `Requirement ${requirement.globalId} is ${requirement.sharing}; only a ${step.from} requirement can become ${step.to} this way`,
      'id',
    );
  }
  requirement.sharing = step.to;
  requirement.sharingNote = note?.trim() || null;
  requirement.sharingChangedAt = new Date();
  await em.flush();
  return requirement;
}
