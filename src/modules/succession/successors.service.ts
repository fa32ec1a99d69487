import type { EntityManager } from '@mikro-orm/postgresql';
import { validOnSql } from '../../common/temporal';
import { BadUserInputError } from '../../common/errors';
import { getByGlobalId } from '../../common/lookup';
import { SUCCESSION as S } from '../expertise/ranking';
import { Membership } from '../groups/groups.entity';
import { Person } from '../people/people.entity';

/** One candidate and the parts of their score. */
export interface CandidateRow {
  personId: string;
  score: number;
  sharedTopics: string[];
  profileTopics: number;
  sharedGroups: string[];
  sharedProducts: string[];
  inFocusGroup: boolean;
  sameKommune: string | null;
  sameNetwork: string | null;
  openToQuestions: boolean;
  currentRoles: number;
}

/**
 * People who could take over from a person (or a seat): ranked by how much of the leaver's
 * evidence profile they share (topics, groups, products), whether they already sit in the group,
 * work in the same kommune or network, are open to questions, and how many roles they already
 * hold. One statement; only people who share something are considered.
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
  const leaver = seat
    ? seat.person
    : await getByGlobalId(em, Person, target.personId as string, 'personId');
  const sql = `
    with
    profile_topics as (
      select topic_id from experience_claim where person_id = :leaver and withdrawn_at is null
      union select x.topic_id from membership m join group_topics x on x.group_id = m.group_id where m.person_id = :leaver
      union select x.topic_id from membership m join "group" g on g.id = m.group_id
        join product_topics x on x.product_id = g.product_id where m.person_id = :leaver
      union select x.topic_id from knowledge_item_authors a join knowledge_item_topics x on x.knowledge_item_id = a.knowledge_item_id
        where a.person_id = :leaver
    ),
    profile_groups as (select distinct group_id from membership where person_id = :leaver),
    profile_products as (
      select distinct g.product_id from membership m join "group" g on g.id = m.group_id
      where m.person_id = :leaver and g.product_id is not null
    ),
    cand_topics as (
      select c.person_id, c.topic_id from experience_claim c
      where c.withdrawn_at is null and c.topic_id in (select topic_id from profile_topics)
      union select m.person_id, x.topic_id from membership m join group_topics x on x.group_id = m.group_id
      where x.topic_id in (select topic_id from profile_topics) and ${validOnSql('m')}
    ),
    cand_groups as (
      select distinct m.person_id, m.group_id from membership m
      where m.group_id in (select group_id from profile_groups) and ${validOnSql('m')}
    ),
    cand_products as (
      select distinct m.person_id, g.product_id from membership m join "group" g on g.id = m.group_id
      where g.product_id in (select product_id from profile_products) and ${validOnSql('m')}
    ),
    candidates as (
      select person_id from cand_topics union select person_id from cand_groups union select person_id from cand_products
    ),
    parts as (
      select p.id, p.open_to_questions,
        (select coalesce(array_agg(distinct t.label_da), '{}') from cand_topics ct join topic t on t.id = ct.topic_id where ct.person_id = p.id) as shared_topics,
        (select count(*) from profile_topics) as profile_topics,
        (select coalesce(array_agg(distinct g.name), '{}') from cand_groups cg join "group" g on g.id = cg.group_id where cg.person_id = p.id) as shared_groups,
        (select coalesce(array_agg(distinct pr.name), '{}') from cand_products cp join product pr on pr.id = cp.product_id where cp.person_id = p.id) as shared_products,
        exists (select 1 from membership m where m.person_id = p.id and m.group_id = :focus and ${validOnSql('m')}) as in_focus_group,
        (select k.name from affiliation a join kommune k on k.id = a.kommune_id
          where a.person_id = p.id and ${validOnSql('a')}
            and a.kommune_id in (select kommune_id from affiliation where person_id = :leaver and kommune_id is not null)
          limit 1) as same_kommune,
        (select g.name from membership m join "group" g on g.id = m.group_id
          where m.person_id = p.id and g.kind = 'NETVAERK' and ${validOnSql('m')}
            and m.group_id in (select group_id from profile_groups)
          limit 1) as same_network,
        (select count(*) from membership m where m.person_id = p.id and ${validOnSql('m')}
          and m.role in ('TOVHOLDER', 'KOORDINATOR', 'FORMAND')) as current_roles
      from person p
      where p.id in (select person_id from candidates) and p.id <> :leaver
        and p.status = 'ACTIVE' and p.listed_as_expert
    )
    select *,
      ${S.topicOverlap} * cardinality(shared_topics)::float / greatest(profile_topics, 1)
      + ${S.sharedGroup} * cardinality(shared_groups) + ${S.sharedProduct} * cardinality(shared_products)
      + case when in_focus_group then ${S.inFocusGroup} else 0 end
      + case when same_kommune is not null then ${S.sameKommune} else 0 end
      + case when same_network is not null then ${S.sameNetwork} else 0 end
      + case when open_to_questions then ${S.openToQuestions} else 0 end
      + ${S.perCurrentRole} * current_roles as score
    from parts
    order by score desc, id
    limit :first`;
  const rows = (await em
    .getConnection()
    .execute(
      em.getKnex().raw(sql, { leaver: leaver.id, focus: seat?.group.id ?? null, first }),
    )) as Record<string, unknown>[];
  return rows.map((row) => ({
    personId: row.id as string,
    score: Number(row.score),
    sharedTopics: row.shared_topics as string[],
    profileTopics: Number(row.profile_topics),
    sharedGroups: row.shared_groups as string[],
    sharedProducts: row.shared_products as string[],
    inFocusGroup: Boolean(row.in_focus_group),
    sameKommune: (row.same_kommune as string) ?? null,
    sameNetwork: (row.same_network as string) ?? null,
    openToQuestions: Boolean(row.open_to_questions),
    currentRoles: Number(row.current_roles),
  }));
}

/** The reasons behind a candidate's score, in plain Danish. */
export function candidateReasons(row: CandidateRow): string[] {
  const reasons: string[] = [];
  const list = (items: string[]) =>
    items.length > 3 ? `${items.slice(0, 3).join(', ')} m.fl.` : items.join(', ');
  if (row.inFocusGroup) reasons.push('Sidder allerede i gruppen');
  if (row.sharedTopics.length) {
    reasons.push(
      `Deler ${row.sharedTopics.length} af ${row.profileTopics} emner: ${list(row.sharedTopics)}`,
    );
  }
  if (row.sharedGroups.length) reasons.push(`Sidder i de samme grupper: ${list(row.sharedGroups)}`);
  if (row.sharedProducts.length)
    reasons.push(`Arbejder med de samme produkter: ${list(row.sharedProducts)}`);
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
