import type { EntityManager } from '@mikro-orm/postgresql';
import { validOnSql } from '../../common/temporal';
import { BadUserInputError } from '../../common/errors';
import { getByGlobalId } from '../../common/lookup';
import { Membership } from '../groups/groups.entity';
import { Person } from '../people/people.entity';
import { SUCCESSOR_WEIGHTS as W } from './successor-weights';

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

/**
 * A person's evidence on a date, one row per piece of evidence and topic, product or group it is
 * about: claims, seats (with their group's and product's topics), notes written, requirements
 * written and procurements taken part in. The same for the leaver and for every candidate, so
 * that what counts as shared is what both have.
 */
function evidenceSql(person: string, on: string): string {
  return `
    select c.person_id, 'claim' as kind, c.id as item, c.topic_id, c.product_id, c.group_id
    from experience_claim c where c.withdrawn_at is null and c.person_id ${person}
    union all
    select m.person_id, 'membership', m.id, t.topic_id, g.product_id, g.id
    from membership m join "group" g on g.id = m.group_id
      left join lateral (
        select x.topic_id from group_topics x where x.group_id = g.id
        union select y.topic_id from product_topics y where y.product_id = g.product_id
      ) t on true
    where m.person_id ${person} and ${validOnSql('m', on)}
    union all
    select a.person_id, 'knowledge', k.id, x.topic_id, k.product_id, k.group_id
    from knowledge_item_authors a join knowledge_item k on k.id = a.knowledge_item_id
      left join knowledge_item_topics x on x.knowledge_item_id = k.id
    where a.person_id ${person}
    union all
    select a.person_id, 'requirement', a.requirement_id, x.topic_id, null, null
    from requirement_authors a join requirement_topics x on x.requirement_id = a.requirement_id
    where a.person_id ${person}
    union all
    select pp.person_id, 'procurement', pp.procurement_id, x.topic_id, y.product_id, null
    from procurement_participant pp
      left join procurement_topics x on x.procurement_id = pp.procurement_id
      left join procurement_products y on y.procurement_id = pp.procurement_id
    where pp.person_id ${person}`;
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
  target: { personId?: string | null; membershipId?: string | null },
  first: number,
): Promise<CandidateRow[]> {
  if ((target.personId == null) === (target.membershipId == null)) {
    throw new BadUserInputError('personId', 'Give exactly one of personId and membershipId');
  }
  if (!Number.isInteger(first) || first < 1 || first > 100) {
    throw new BadUserInputError('first', 'first must be between 1 and 100');
  }
  const seat = target.membershipId
    ? await getByGlobalId(em, Membership, target.membershipId, 'membershipId')
    : undefined;
  const leaverId = seat
    ? seat.person.id
    : (await getByGlobalId(em, Person, target.personId as string, 'personId')).id;
  const sql = `
    with
    -- The leaver as on their last day if they have left, else as today.
    ref as (select coalesce(departed_on - 1, current_date) as day from person where id = :leaver),
    leaver_items as (${evidenceSql('= :leaver', '(select day from ref)')}),
    leaver_topics as (
      select topic_id, count(distinct (kind, item)) as weight from leaver_items
      where topic_id is not null group by topic_id
    ),
    leaver_products as (select distinct product_id from leaver_items where product_id is not null),
    leaver_groups as (select distinct group_id from leaver_items where kind = 'membership'),
    leaver_kommuner as (
      select a.kommune_id from affiliation a
      where a.person_id = :leaver and a.kommune_id is not null and ${validOnSql('a', '(select day from ref)')}
    ),
    cand_items as (
      select i.* from (${evidenceSql('<> :leaver', 'current_date')}) i
      where i.topic_id in (select topic_id from leaver_topics)
        or i.product_id in (select product_id from leaver_products)
        or (i.kind = 'membership' and i.group_id in (select group_id from leaver_groups))
    ),
    parts as (
      select p.id, p.name, p.open_to_questions,
        (select coalesce(array_agg(t.label_da order by lt.weight desc, t.label_da), '{}')
          from leaver_topics lt join topic t on t.id = lt.topic_id
          where lt.topic_id in (select ci.topic_id from cand_items ci where ci.person_id = p.id)) as shared_topics,
        (select coalesce(sum(lt.weight), 0) from leaver_topics lt
          where lt.topic_id in (select ci.topic_id from cand_items ci where ci.person_id = p.id))::float
          / greatest((select sum(weight) from leaver_topics), 1) as topic_coverage,
        (select count(*) from leaver_topics) as profile_topics,
        (select coalesce(array_agg(distinct g.name), '{}') from cand_items ci join "group" g on g.id = ci.group_id
          where ci.person_id = p.id and ci.kind = 'membership' and ci.group_id in (select group_id from leaver_groups)) as shared_groups,
        (select coalesce(array_agg(distinct pr.name), '{}') from cand_items ci join product pr on pr.id = ci.product_id
          where ci.person_id = p.id and ci.product_id in (select product_id from leaver_products)) as shared_products,
        exists (select 1 from membership m where m.person_id = p.id and m.group_id = :focus and ${validOnSql('m')}) as in_focus_group,
        (select k.name from affiliation a join kommune k on k.id = a.kommune_id
          where a.person_id = p.id and ${validOnSql('a')} and a.kommune_id in (select kommune_id from leaver_kommuner)
          order by k.name limit 1) as same_kommune,
        (select g.name from membership m join "group" g on g.id = m.group_id
          where m.person_id = p.id and g.kind = 'NETVAERK' and ${validOnSql('m')}
            and m.group_id in (select group_id from leaver_groups)
          order by g.name limit 1) as same_network,
        (select count(*) from membership m where m.person_id = p.id and ${validOnSql('m')}
          and m.role in ('TOVHOLDER', 'KOORDINATOR', 'FORMAND')) as current_roles,
        (select coalesce(array_agg(distinct coalesce(g.name, pr.name, t.label_da)), '{}')
          from handover h left join "group" g on g.id = h.group_id
            left join product pr on pr.id = h.product_id left join topic t on t.id = h.topic_id
          where h.from_person_id = :leaver and h.to_person_id = p.id) as taken_over
      from person p
      where p.id in (select person_id from cand_items) and p.id <> :leaver
        and p.status = 'ACTIVE' and p.listed_as_expert
    ),
    scored as (
      select *,
        ${W.topicCoverage} * topic_coverage
        + ${W.sharedGroup} * cardinality(shared_groups) + ${W.sharedProduct} * cardinality(shared_products)
        + case when in_focus_group then ${W.inFocusGroup} else 0 end
        + case when cardinality(taken_over) > 0 then ${W.namedSuccessor} else 0 end
        + case when same_kommune is not null then ${W.sameKommune} else 0 end
        + case when same_network is not null then ${W.sameNetwork} else 0 end
        + case when open_to_questions then ${W.openToQuestions} else 0 end
        + ${W.perCurrentRole} * current_roles as score
      from parts
    )
    select * from scored
    order by round(score::numeric, 9) desc, cardinality(shared_groups) desc,
      cardinality(shared_products) desc, (same_kommune is not null) desc, topic_coverage desc,
      current_roles, name, id
    limit :first`;
  const rows = (await em
    .getConnection()
    .execute(
      em.getKnex().raw(sql, { leaver: leaverId, focus: seat?.group.id ?? null, first }),
    )) as Record<string, unknown>[];
  return rows.map((row) => ({
    personId: row.id as string,
    score: Number(row.score),
    sharedTopics: row.shared_topics as string[],
    profileTopics: Number(row.profile_topics),
    topicCoverage: Number(row.topic_coverage),
    sharedGroups: row.shared_groups as string[],
    sharedProducts: row.shared_products as string[],
    inFocusGroup: Boolean(row.in_focus_group),
    sameKommune: (row.same_kommune as string) ?? null,
    sameNetwork: (row.same_network as string) ?? null,
    openToQuestions: Boolean(row.open_to_questions),
    currentRoles: Number(row.current_roles),
    takenOver: row.taken_over as string[],
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
