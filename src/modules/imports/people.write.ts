import type { EntityManager } from '@mikro-orm/postgresql';
import { textArray } from './import.fields';
import type { PeoplePlan } from './people.match';

/** Records as `jsonb_to_recordset` reads them: one JSON parameter for a whole batch. */
const json = (rows: object[]) => JSON.stringify(rows);

/**
 * Writes a batch's plan (see `planPeople`): a few set-based statements, each for one table's new
 * or changed rows; a blank cell never clears a stored value. `beforeWrite` is called before the
 * first statement that writes.
 */
export async function writePeople(
  em: EntityManager,
  plan: PeoplePlan,
  beforeWrite: () => Promise<void>,
): Promise<void> {
  if (plan.groups.size > 0) {
    // The expert index is refreshed once, after the last batch (see `refreshGroupEvidence`).
    await em.execute(`select set_config('erfaringsnet.expert_evidence', 'deferred', true)`);
  }
  const writes: [rows: object[], sql: string][] = [
    [
      plan.people.inserts,
      `insert into person (id, name, email, phone, title, external_id)
     select id, name, email, phone, title, external_id from jsonb_to_recordset(?::jsonb)
       as x(id uuid, name text, email text, phone text, title text, external_id text)`,
    ],
    [
      plan.people.updates,
      `update person p set name = x.name, email = coalesce(x.email, p.email),
       phone = coalesce(x.phone, p.phone), title = coalesce(x.title, p.title),
       external_id = coalesce(x.external_id, p.external_id), updated_at = now()
     from jsonb_to_recordset(?::jsonb)
       as x(id uuid, name text, email text, phone text, title text, external_id text)
     where p.id = x.id`,
    ],
    [
      plan.affiliations.inserts,
      `insert into affiliation (id, person_id, kommune_id, organization_id, title, unit, valid_from, valid_to)
     select * from jsonb_to_recordset(?::jsonb) as x(id uuid, person_id uuid, kommune_id uuid,
       organization_id uuid, title text, unit text, valid_from date, valid_to date)`,
    ],
    [
      plan.affiliations.updates,
      `update affiliation a set title = coalesce(x.title, a.title), unit = coalesce(x.unit, a.unit),
       valid_to = coalesce(x.valid_to, a.valid_to), updated_at = now()
     from jsonb_to_recordset(?::jsonb) as x(id uuid, title text, unit text, valid_to date)
     where a.id = x.id`,
    ],
    [
      plan.memberships.inserts,
      `insert into membership (id, person_id, group_id, role, valid_from, valid_to,
       representing_kommune_id, representing_organization_id)
     select * from jsonb_to_recordset(?::jsonb) as x(id uuid, person_id uuid, group_id uuid,
       role text, valid_from date, valid_to date, representing_kommune_id uuid,
       representing_organization_id uuid)`,
    ],
    [
      plan.memberships.updates,
      `update membership m set role = coalesce(x.role, m.role), valid_to = coalesce(x.valid_to, m.valid_to),
       representing_kommune_id = coalesce(x.representing_kommune_id, m.representing_kommune_id),
       representing_organization_id = coalesce(x.representing_organization_id, m.representing_organization_id),
       updated_at = now()
     from jsonb_to_recordset(?::jsonb) as x(id uuid, role text, valid_to date,
       representing_kommune_id uuid, representing_organization_id uuid)
     where m.id = x.id`,
    ],
  ];
  for (const [rows, sql] of writes) {
    if (rows.length === 0) continue;
    await beforeWrite();
    await em.execute(sql, [json(rows)]);
  }
}

/** Refreshes the expert index's evidence from the seats of these groups. */
export async function refreshGroupEvidence(em: EntityManager, groups: Set<string>): Promise<void> {
  if (groups.size === 0) return;
  await em.execute(`select expert_evidence_refresh('MEMBERSHIP', ?::uuid[])`, [
    textArray([...groups]),
  ]);
}
