/** One step of the sharing workflow (local → proposed → shared, or a proposal back to local). */
export type SharingStep = 'propose' | 'withdraw' | 'share' | 'decline';

/** Who is asking, as far as the workflow cares: their role and the kommune they edit for. */
export interface SharingViewer {
  role: 'MEMBER' | 'EDITOR' | 'ADMIN';
  kommuneId?: string | null;
}

/**
 * The steps this viewer may take on a requirement with this status and owner, as the API decides
 * them: the owning kommune's editors (and admins) propose and withdraw; only admins (the
 * kravredaktion) share and decline. Nothing for anonymous visitors and members.
 */
export function allowedSharingSteps(
  viewer: SharingViewer | null | undefined,
  sharing: string,
  owningKommuneId: string | null | undefined,
): SharingStep[] {
  if (!viewer || viewer.role === 'MEMBER') return [];
  const admin = viewer.role === 'ADMIN';
  const owner = admin || (owningKommuneId != null && viewer.kommuneId === owningKommuneId);
  if (sharing === 'LOCAL') return owner ? ['propose'] : [];
  if (sharing === 'PROPOSED') {
    return [
      ...(admin ? (['share', 'decline'] as const) : []),
      ...(owner ? (['withdraw'] as const) : []),
    ];
  }
  return [];
}
