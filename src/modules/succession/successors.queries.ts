import type { EntityManager } from '@mikro-orm/postgresql';
import { validOnSql } from '../../common/temporal';
import { SUCCESSOR_WEIGHTS as W } from './successor-weights';

/** A successor candidate as the ranking statement returns it (numbers may come back as text). */
export interface CandidateSqlRow {
  id: string;
  name: string;
  open_to_questions: boolean;
  score: number | string;
  shared_topics: string[];
  topic_coverage: number | string;
  profile_topics: number | string;
  shared_groups: string[];
  shared_products: string[];
  in_focus_group: boolean;
  same_kommune: string | null;
  same_network: string | null;
  current_roles: number | string;
  taken_over: string[];
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
 * The `first` people best placed to take over from `leaver` (a database id), and from their seat in
 * `focusGroup` when given, with the parts of their score: one statement.
 */
export async function selectSuccessorCandidates(
  em: EntityManager,
  { leaver, focusGroup, first }: { leaver: string; focusGroup: string | null; first: number },
): Promise<CandidateSqlRow[]> {
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
    -- What each candidate shares, aggregated once (not per candidate over all items).
    shared_topics as (
      select c.person_id,
        array_agg(t.label_da order by lt.weight desc, t.label_da) as labels, sum(lt.weight) as weight
      from (select distinct person_id, topic_id from cand_items) c
        join leaver_topics lt on lt.topic_id = c.topic_id join topic t on t.id = c.topic_id
      group by c.person_id
    ),
    shared_groups as (
      select c.person_id, array_agg(g.name order by g.name) as names
      from (select distinct person_id, group_id from cand_items
            where kind = 'membership' and group_id in (select group_id from leaver_groups)) c
        join "group" g on g.id = c.group_id
      group by c.person_id
    ),
    shared_products as (
      select c.person_id, array_agg(pr.name order by pr.name) as names
      from (select distinct person_id, product_id from cand_items
            where product_id in (select product_id from leaver_products)) c
        join product pr on pr.id = c.product_id
      group by c.person_id
    ),
    -- Closeness and availability, each in one pass rather than one lookup per candidate.
    focus_members as (
      select distinct m.person_id from membership m where m.group_id = :focus and ${validOnSql('m')}
    ),
    same_kommune as (
      select a.person_id, min(k.name) as name from affiliation a join kommune k on k.id = a.kommune_id
      where a.kommune_id in (select kommune_id from leaver_kommuner) and ${validOnSql('a')}
      group by a.person_id
    ),
    same_network as (
      select m.person_id, min(g.name) as name from membership m join "group" g on g.id = m.group_id
      where g.kind = 'NETVAERK' and m.group_id in (select group_id from leaver_groups) and ${validOnSql('m')}
      group by m.person_id
    ),
    roles as (
      select m.person_id, count(*) as n from membership m
      where m.role in ('TOVHOLDER', 'KOORDINATOR', 'FORMAND') and ${validOnSql('m')}
        and m.person_id in (select person_id from cand_items)
      group by m.person_id
    ),
    taken_over as (
      select h.to_person_id as person_id,
        array_agg(distinct coalesce(g.name, pr.name, t.label_da)) as names
      from handover h left join "group" g on g.id = h.group_id
        left join product pr on pr.id = h.product_id left join topic t on t.id = h.topic_id
      where h.from_person_id = :leaver
      group by h.to_person_id
    ),
    parts as (
      select p.id, p.name, p.open_to_questions,
        coalesce(st.labels, '{}') as shared_topics,
        coalesce(st.weight, 0)::float / greatest((select sum(weight) from leaver_topics), 1) as topic_coverage,
        (select count(*) from leaver_topics) as profile_topics,
        coalesce(sg.names, '{}') as shared_groups,
        coalesce(sp.names, '{}') as shared_products,
        fm.person_id is not null as in_focus_group,
        sk.name as same_kommune,
        sn.name as same_network,
        coalesce(r.n, 0) as current_roles,
        coalesce(tk.names, '{}') as taken_over
      from (select distinct person_id from cand_items) c
        join person p on p.id = c.person_id
        left join shared_topics st on st.person_id = p.id
        left join shared_groups sg on sg.person_id = p.id
        left join shared_products sp on sp.person_id = p.id
        left join focus_members fm on fm.person_id = p.id
        left join same_kommune sk on sk.person_id = p.id
        left join same_network sn on sn.person_id = p.id
        left join roles r on r.person_id = p.id
        left join taken_over tk on tk.person_id = p.id
      where p.status = 'ACTIVE' and p.listed_as_expert
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
  return em
    .getConnection()
    .execute<CandidateSqlRow[]>(em.getKnex().raw(sql, { leaver, focus: focusGroup, first }));
}
