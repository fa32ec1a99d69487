/**
 * How the expert search weighs evidence: the one place to tune it.
 *
 * A person's score for a query is the sum over their evidence items d of
 *   weight(d) × relevance(d, query) × recency(d)
 * (document-centric expert finding, Balog et al. 2006, "Model 2": p(q|person) = Σ_d p(q|d)·p(d|person)).
 * - weight: what kind of evidence it is and how strong (role, level, endorsements, tenure, outcome);
 * - relevance: the square of the share of the query's words the item's text matches (directly or
 *   through the names of a topic or product the query names), scaled by PostgreSQL's `ts_rank`
 *   from half to all of it, plus TOPIC_MATCH and PRODUCT_MATCH, times the share of the query they
 *   stand for, when the item is tied to a topic or product the query names. An item that matches
 *   nothing of the query does not count;
 * - recency: 1 while the item is current, halving every RECENCY_HALF_LIFE_YEARS after it ended,
 *   down to RECENCY_FLOOR.
 * People who have left count FORMER_FACTOR of their score and appear only when asked for.
 */
export const RANKING = {
  /** Relevance added when the evidence is tied to a topic the query names. */
  TOPIC_MATCH: 1,
  /** Relevance added when the evidence is about a product the query names (its seat's group, a claim or note about it, a procurement of it). */
  PRODUCT_MATCH: 1,
  /** Years after which an ended piece of evidence counts half. */
  RECENCY_HALF_LIFE_YEARS: 5,
  /**
   * The least that old evidence counts, reached about a century after it ended (two for notes). Without it,
   * evidence from centuries ago (a mistyped year) weighed less than the `real` the per-term
   * impacts are stored in can hold, and PostgreSQL failed the write with an underflow.
   */
  RECENCY_FLOOR: 1e-6,
  /** Share of the score a person who has left keeps. */
  FORMER_FACTOR: 0.5,
  /** Evidence items shown per person. */
  EVIDENCE_SHOWN: 5,
  /**
   * Relevance, for a requirement's `peopleToAsk`, of evidence about the requirement itself:
   * writing it, a part in a procurement that used it, a note about it. Evidence that only shares
   * its topics gets TOPIC_MATCH.
   */
  ABOUT_REQUIREMENT: 2,
  /** peopleToAsk: per topic of the requirement, how many of the people strongest on it are weighed. */
  CANDIDATES_PER_TOPIC: 50,

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

/** A SQL `CASE` giving the weight (a `float8`) for each value of a column, from one of the tables above. */
export function caseWeight(column: string, weights: Record<string, number>, otherwise = 1): string {
  const arms = Object.entries(weights)
    .map(([value, weight]) => `when '${value}' then ${weight}::float8`)
    .join(' ');
  return `(case ${column} ${arms} else ${otherwise}::float8 end)`;
}

const W = RANKING;
/**
 * The functions below compute in `float8` throughout. A decimal literal such as `365.25` is a
 * `numeric` in PostgreSQL, and so is everything computed from it: `power` on `numeric` took
 * 12–17 µs a call (against 0.4 µs in `float8`), for every piece of evidence weighed, about a
 * fifth of what an expert search cost PostgreSQL.
 */
const yearsSince = (date: string) => `greatest(0, (current_date - ${date}) / 365.25::float8)`;

/**
 * The SQL functions through which PostgreSQL applies these weights to the `expert_evidence` table:
 * the ranking query and the precomputed per-person term impacts both call them, so nothing else
 * repeats a number from this file. `migrate()` keeps the database's copies in step with this file.
 */
export const RANKING_FUNCTIONS = {
  /** weight(kind, role, outcome, count, validFrom): what one evidence item weighs. */
  expert_evidence_weight: {
    args: 'kind text, role text, outcome text, n int, valid_from date',
    body: `select case kind
      when 'CLAIM' then ${caseWeight('role', W.claim.level)} * (1 + ${W.claim.perEndorsement}::float8 * least(${W.claim.maxEndorsements}, n))
      when 'MEMBERSHIP' then ${caseWeight('role', W.membership.role)} * (0.5::float8 + least(1::float8, ${yearsSince('valid_from')} / ${W.membership.tenureFullYears}))
      when 'PROCUREMENT' then ${caseWeight('role', W.procurement.role)} * ${caseWeight('outcome', W.procurement.outcome)}
      when 'REQUIREMENT' then ${W.requirement.author}::float8 * (1 + ${W.requirement.perUsage}::float8 * least(${W.requirement.maxUsages}, n))
      when 'KNOWLEDGE' then ${caseWeight('role', W.knowledge.kind)}
      else 1::float8 end`,
  },
  /** recency(kind, from): 1 until `from`, then halving every half-life (knowledge notes: twice as slowly), down to the floor. */
  expert_evidence_recency: {
    args: 'kind text, recency_from date',
    body: `select case when recency_from is null or recency_from > current_date then 1::float8
      else greatest(${W.RECENCY_FLOOR}::float8, power(0.5::float8, ${yearsSince('recency_from')} / (${W.RECENCY_HALF_LIFE_YEARS} * case when kind = 'KNOWLEDGE' then 2 else 1 end))) end`,
  },
} as const;

/** `create or replace` statements for {@link RANKING_FUNCTIONS}. */
export function rankingFunctionsSql(): string[] {
  return Object.entries(RANKING_FUNCTIONS).map(
    ([name, { args, body }]) =>
      `create or replace function ${name}(${args}) returns float8 language sql stable parallel safe as $$ ${body} $$`,
  );
}
