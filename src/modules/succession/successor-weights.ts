/**
 * How successor candidates are scored: how much of the leaver's evidence profile they cover, and
 * whether they are close by and free to take it on. Each part shows as a reason; equal scores are
 * ordered by shared groups, shared products, same kommune, topic coverage and fewest roles.
 */
export const SUCCESSOR_WEIGHTS = {
  /**
   * For covering all of the leaver's topics. Each topic counts by how many pieces of the leaver's
   * evidence (claims, seats, notes, requirements, procurements) are about it, so covering what
   * they mostly did counts more than covering a tag of one of their products.
   */
  topicCoverage: 4,
  /** Per group both sit in (the leaver until they left). */
  sharedGroup: 1.5,
  /** Per product both have evidence about (a seat in its group, a claim, a note, a procurement). */
  sharedProduct: 1,
  /** Already sits in the group whose seat is handed over. */
  inFocusGroup: 3,
  /** Already took something over from the leaver (a recorded handover). */
  namedSuccessor: 2,
  sameKommune: 1,
  sameNetwork: 0.5,
  openToQuestions: 0.5,
  /** Per coordinating role (tovholder, koordinator, formand) already held: busy people count less. */
  perCurrentRole: -0.4,
} as const;
