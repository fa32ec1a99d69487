import type { Context } from '../../common/context';
import { Person } from '../people/people.entity';
import { evidenceReason } from './experts.reasons';
import type { EvidenceRow, ExpertRow } from './experts.service';
import { Evidence, ExpertHit } from './experts.types';

/**
 * Ranked rows as `ExpertHit`s, their people loaded in one batch; `reason` words each piece of
 * evidence (by default as the expert search does).
 */
export async function toExpertHits<E extends EvidenceRow>(
  rows: (Omit<ExpertRow, 'evidence'> & { evidence: E[] })[],
  ctx: Context,
  reason: (evidence: E) => string = (evidence) => evidenceReason(evidence),
): Promise<ExpertHit[]> {
  const people = await Promise.all(
    rows.map((row) => ctx.loaders.one(Person, { id: row.personId })),
  );
  return rows.map((row, index) =>
    Object.assign(new ExpertHit(), {
      person: people[index],
      score: row.score,
      evidence: row.evidence.map((evidence) =>
        Object.assign(new Evidence(), {
          kind: evidence.kind,
          row: evidence,
          role: evidence.role,
          validFrom: evidence.validFrom,
          validTo: evidence.validTo,
          weight: evidence.weight,
          relevance: evidence.relevance,
          recency: evidence.recency,
          contribution: evidence.contribution,
          reason: reason(evidence),
        }),
      ),
    }),
  );
}
