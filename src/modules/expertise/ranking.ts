/**
 * How the expert search weighs evidence: the one place to tune it.
 *
 * A person's score for a query is the sum over their evidence items d of
 *   weight(d) × relevance(d, query) × recency(d)
 * (document-centric expert finding, Balog et al. 2006, "Model 2": p(q|person) = Σ_d p(q|d)·p(d|person)).
 * - weight: what kind of evidence it is and how strong (role, level, endorsements, tenure, outcome);
 * - relevance: how well the item's own text matches (PostgreSQL `ts_rank`, normalised to 0–1)
 *   plus TOPIC_MATCH when the item is tied to a topic the query names;
 * - recency: 1 while the item is current, halving every RECENCY_HALF_LIFE_YEARS after it ended.
 * People who have left count FORMER_FACTOR of their score and appear only when asked for.
 */
export const RANKING = {
  /** Relevance added when the evidence is tied to a topic the query names. */
  TOPIC_MATCH: 1,
  /** Years after which an ended piece of evidence counts half. */
  RECENCY_HALF_LIFE_YEARS: 5,
  /** Share of the score a person who has left keeps. */
  FORMER_FACTOR: 0.5,
  /** Evidence items shown per person. */
  EVIDENCE_SHOWN: 5,

  claim: {
    level: { BASIC: 1, WORKING: 2, EXPERT: 3 },
    /** Each peer endorsement adds this share, up to MAX_ENDORSEMENTS. */
    perEndorsement: 0.25,
    maxEndorsements: 4,
  },
  membership: {
    role: {
      TOVHOLDER: 3,
      KOORDINATOR: 3,
      FORMAND: 2.5,
      SEKRETAER: 1.5,
      MEDLEM: 1.2,
      LEVERANDOERREPRAESENTANT: 1,
    },
    /** Tenure factor: 0.5 at the start, rising to 1.5 after TENURE_FULL_YEARS. */
    tenureFullYears: 4,
  },
  procurement: {
    role: {
      PROJECT_LEAD: 3,
      REQUIREMENTS_AUTHOR: 2.5,
      PROCUREMENT_CONSULTANT: 2.5,
      ARCHITECT: 2,
      EVALUATOR: 1.5,
      LEGAL_ADVISOR: 1.5,
      SUPPLIER_CONTACT: 1,
      PARTICIPANT: 1,
    },
    outcome: { COMPLETED: 1.2, AWARDED: 1.1, RUNNING: 1, PLANNED: 0.8, CANCELLED: 0.8 },
  },
  requirement: {
    /** Writing a requirement. */
    author: 2.5,
    /** Each recorded use of it adds this share, up to MAX_USAGES. */
    perUsage: 0.2,
    maxUsages: 5,
  },
  knowledge: {
    kind: { LESSON: 2, DECISION: 2, HANDOVER_NOTE: 2, DOCUMENT: 1.5, NOTE: 1.5, EVENT: 0.8 },
  },
} as const;

/** A SQL `CASE` giving the weight for each value of a column, from one of the tables above. */
export function caseWeight(column: string, weights: Record<string, number>, otherwise = 1): string {
  const arms = Object.entries(weights)
    .map(([value, weight]) => `when '${value}' then ${weight}`)
    .join(' ');
  return `(case ${column} ${arms} else ${otherwise} end)`;
}

/**
 * How successor candidates are scored: overlap of their evidence profile with the leaver's, and
 * whether they are close by and free to take it on. Each part shows as a reason.
 */
export const SUCCESSION = {
  /** For sharing all of the leaver's topics (a share of them counts in proportion). */
  topicOverlap: 4,
  /** Per group both sit (or sat) in. */
  sharedGroup: 1.5,
  /** Per product both work with. */
  sharedProduct: 1,
  /** Already sits in the group whose seat is handed over. */
  inFocusGroup: 3,
  sameKommune: 1,
  sameNetwork: 0.5,
  openToQuestions: 0.5,
  /** Per coordinating role (tovholder, koordinator, formand) already held: busy people count less. */
  perCurrentRole: -0.4,
} as const;
