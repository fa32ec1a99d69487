import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequirementLink } from './experts.reasons';
import type { EvidenceRow } from './experts.service';
import { toEvidenceRow } from './experts.service';
import { RANKING } from './ranking';

/** A piece of evidence behind someone worth asking about a requirement, and how it concerns it. */
export interface RequirementEvidenceRow extends EvidenceRow {
  /** How the evidence is about the requirement itself; null when it only shares its topics. */
  link: RequirementLink | null;
}

/** A person worth asking about a requirement. */
export interface RequirementExpertRow {
  personId: string;
  score: number;
  evidence: RequirementEvidenceRow[];
}

const W = RANKING;

/**
 * The expert search restricted to one requirement: the evidence about it (its authors, the people
 * in the procurements that used it, the authors of notes about it) at ABOUT_REQUIREMENT relevance,
 * and the evidence of the people strongest on its topics that shares those topics, at TOPIC_MATCH
 * (both when both hold). Weights, recency and the share kept by people who left are the expert
 * search's own. For every requirement in `requirementIds` at once, in one statement; erased people
 * and people who did not consent to be listed as experts are left out, and so are people who have
 * left unless `includeFormer` (as in the expert search).
 */
export async function rankRequirementExperts(
  em: EntityManager,
  requirementIds: readonly string[],
  first: number,
  includeFormer = false,
): Promise<Map<string, RequirementExpertRow[]>> {
  const sql = `
    with req as (
      select r.id as requirement_id,
        array(select x.topic_id from requirement_topics x where x.requirement_id = r.id) as topics
      from requirement r where r.id = any(:ids::uuid[])
    ),
    about as (
      select q.requirement_id, e.id as evidence_id, 'AUTHOR' as link
      from req q join expert_evidence e on e.kind = 'REQUIREMENT' and e.subject_id = q.requirement_id
      union
      select q.requirement_id, e.id, 'USED'
      from req q join requirement_usage u on u.requirement_id = q.requirement_id
      join expert_evidence e on e.kind = 'PROCUREMENT' and e.subject_id = u.procurement_id
      union
      select q.requirement_id, e.id, 'NOTE'
      from req q join knowledge_item k on k.requirement_id = q.requirement_id
      join expert_evidence e on e.kind = 'KNOWLEDGE' and e.subject_id = k.id
    ),
    topic_people as (
      select distinct q.requirement_id, c.person_id
      from req q cross join lateral unnest(q.topics) as t (topic_id)
      cross join lateral (
        select x.person_id from expert_term x where x.term = 'topic:' || t.topic_id
        order by x.impact desc limit :perTopic) c
    ),
    on_topic as (
      select tp.requirement_id, e.id as evidence_id, null::text as link
      from topic_people tp join req q on q.requirement_id = tp.requirement_id
      join expert_evidence e on e.person_id = tp.person_id and e.topic_ids && q.topics
    ),
    linked as (
      select requirement_id, evidence_id, max(link) as link
      from (select * from about union all select * from on_topic) x
      group by requirement_id, evidence_id
    ),
    scored as (
      select l.requirement_id, l.link, e.person_id, p.status, e.kind, e.subject_type, e.subject_id,
        e.subject_name, e.role, e.valid_from, e.valid_to, e.detail,
        expert_evidence_weight(e.kind, e.role, e.outcome, e.n, e.valid_from) as weight,
        (e.topic_ids && q.topics) as topic_match,
        (case when l.link is not null then ${W.ABOUT_REQUIREMENT} else 0 end
          + case when e.topic_ids && q.topics then ${W.TOPIC_MATCH} else 0 end) as relevance,
        expert_evidence_recency(e.kind, e.recency_from) as recency
      from linked l
      join expert_evidence e on e.id = l.evidence_id
      join req q on q.requirement_id = l.requirement_id
      join person p on p.id = e.person_id
      where p.listed_as_expert and ${includeFormer ? `p.status <> 'ERASED'` : `p.status = 'ACTIVE'`}
    ),
    people as (
      select requirement_id, person_id,
        sum(weight * relevance * recency)
          * (case when status = 'ACTIVE' then 1 else ${W.FORMER_FACTOR} end) as score
      from scored group by requirement_id, person_id, status
    ),
    ranked as (
      select *, row_number() over (partition by requirement_id order by score desc, person_id) as rank
      from people where score > 0
    )
    select r.requirement_id, r.person_id, r.score,
      (select json_agg(x) from (
        select s.kind, s.subject_type, s.subject_id, s.subject_name, s.role, s.valid_from, s.valid_to,
          s.weight, s.relevance, s.recency, s.weight * s.relevance * s.recency as contribution,
          s.topic_match, s.detail, s.link
        from scored s
        where s.requirement_id = r.requirement_id and s.person_id = r.person_id
          and s.weight * s.relevance * s.recency > 0
        order by s.weight * s.relevance * s.recency desc, s.subject_id
        limit ${W.EVIDENCE_SHOWN}
      ) x) as evidence
    from ranked r where r.rank <= :first
    order by r.requirement_id, r.rank`;
  const result = (await em.getConnection().execute(
    em.getKnex().raw(sql, {
      ids: `{${requirementIds.join(',')}}`,
      perTopic: W.CANDIDATES_PER_TOPIC,
      first,
    }),
  )) as {
    requirement_id: string;
    person_id: string;
    score: number;
    evidence: Record<string, unknown>[];
  }[];
  const ranked = new Map<string, RequirementExpertRow[]>();
  for (const row of result) {
    let people = ranked.get(row.requirement_id);
    if (!people) ranked.set(row.requirement_id, (people = []));
    people.push({
      personId: row.person_id,
      score: Number(row.score),
      evidence: (row.evidence ?? []).map((e) => ({
        ...toEvidenceRow(e),
        link: (e.link as RequirementLink | null) ?? null,
      })),
    });
  }
  return ranked;
}
