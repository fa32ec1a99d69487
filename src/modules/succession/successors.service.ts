import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../../common/errors';
import { selectSuccessorCandidates } from './successors.queries';

/** One candidate and the parts of their score. */
export interface CandidateRow {
  personId: string;
  score: number;
  /** The leaver's topics the candidate also has evidence about, the leaver's main ones first. */
  sharedTopics: string[];
  profileTopics: number;
  /** The share of the leaver's topic evidence (weighted by how much of it there is) covered. */
  topicCoverage: number;
  sharedGroups: string[];
  sharedProducts: string[];
  inFocusGroup: boolean;
  sameKommune: string | null;
  sameNetwork: string | null;
  openToQuestions: boolean;
  currentRoles: number;
  /** What the candidate already took over from the leaver. */
  takenOver: string[];
}

/** Whose work to take over, by database id: a person's, or their seat in a group. */
export interface SuccessionTarget {
  personId: string;
  /** The group of the seat to fill, when it is one seat. */
  groupId?: string | null;
}

/** How many candidates may be asked for. */
export function assertCandidateCount(first: number) {
  if (!Number.isInteger(first) || first < 1 || first > 100) {
    throw new BadUserInputError('first', 'first must be between 1 and 100');
  }
}

/**
 * People who could take over from a person (or a seat): ranked by how much of the leaver's
 * evidence profile they share (topics weighted by how much of the leaver's evidence is about
 * them, groups they sit in together, products both know), whether they already sit in the group,
 * already took something over, work in the same kommune or network, are open to questions, and
 * how many roles they already hold. Equal scores go to whom a project lead would ask first: more
 * shared groups, then products, the same kommune, more topic coverage, fewer roles. The leaver is
 * seen as on their last day when they have left. One statement; only people who share a topic,
 * group or product are considered.
 */
export async function rankSuccessorCandidates(
  em: EntityManager,
  leaver: SuccessionTarget,
  first: number,
): Promise<CandidateRow[]> {
  assertCandidateCount(first);
  const rows = await selectSuccessorCandidates(em, {
    leaver: leaver.personId,
    focusGroup: leaver.groupId ?? null,
    first,
  });
  return rows.map((row) => ({
    personId: row.id,
    score: Number(row.score),
    sharedTopics: row.shared_topics,
    profileTopics: Number(row.profile_topics),
    topicCoverage: Number(row.topic_coverage),
    sharedGroups: row.shared_groups,
    sharedProducts: row.shared_products,
    inFocusGroup: Boolean(row.in_focus_group),
    sameKommune: row.same_kommune ?? null,
    sameNetwork: row.same_network ?? null,
    openToQuestions: Boolean(row.open_to_questions),
    currentRoles: Number(row.current_roles),
    takenOver: row.taken_over,
  }));
}

/** The reasons behind a candidate's score, in plain Danish. */
export function candidateReasons(row: CandidateRow): string[] {
  const reasons: string[] = [];
  const list = (items: string[]) =>
    items.length > 3 ? `${items.slice(0, 3).join(', ')} m.fl.` : items.join(', ');
  if (row.takenOver.length) reasons.push(`Har allerede overtaget ${list(row.takenOver)}`);
  if (row.inFocusGroup) reasons.push('Sidder allerede i gruppen');
  if (row.sharedTopics.length) {
    reasons.push(
      `Deler ${row.sharedTopics.length} af ${row.profileTopics} emner (${Math.round(row.topicCoverage * 100)} % af erfaringen): ${list(row.sharedTopics)}`,
    );
  }
  if (row.sharedGroups.length) reasons.push(`Sidder i de samme grupper: ${list(row.sharedGroups)}`);
  if (row.sharedProducts.length)
    reasons.push(`Kender de samme produkter: ${list(row.sharedProducts)}`);
  if (row.sameKommune) reasons.push(`Samme kommune: ${row.sameKommune}`);
  if (row.sameNetwork) reasons.push(`Samme netværk: ${row.sameNetwork}`);
  if (row.openToQuestions) reasons.push('Vil gerne svare på spørgsmål');
  if (row.currentRoles > 0) {
    reasons.push(
      `Har allerede ${row.currentRoles} ${row.currentRoles === 1 ? 'rolle' : 'roller'} som tovholder, koordinator eller formand`,
    );
  }
  return reasons;
}
