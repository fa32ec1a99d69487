import type { EntityManager } from '@mikro-orm/postgresql';
import type { Access, Owners } from './access';

/**
 * Whom a person's records belong to: the kommuner and organisations they work for today, or,
 * when they have left (`current: false`, the default), the ones they worked for last. Their
 * editors may change the person.
 */
export async function employersOf(
  em: EntityManager,
  personId: string,
  options: { current?: boolean } = {},
): Promise<Owners> {
  const lastOnes = options.current
    ? ''
    : `union
     select kommune_id, organization_id from a
      where not exists (select 1 from current)
        and valid_to = (select max(valid_to) from a)`;
  const rows = await em.execute<{ kommune_id: string | null; organization_id: string | null }[]>(
    `with a as (select kommune_id, organization_id, valid_from, valid_to
                  from affiliation where person_id = ?),
          current as (select * from a
                       where valid_from <= current_date
                         and (valid_to is null or valid_to > current_date))
     select kommune_id, organization_id from current
     ${lastOnes}`,
    [personId],
  );
  return {
    kommuneIds: rows.map((row) => row.kommune_id),
    organizationIds: rows.map((row) => row.organization_id),
  };
}

/**
 * The one rule for putting a name on a contribution (a note, a requirement): naming someone other
 * than yourself as its author, or taking their name off, takes an editor of where that person
 * works (or an admin), since authorship counts as the person's evidence in the expert search.
 * `before` are the authors it had; only those added or taken off are checked.
 */
export async function requireAuthorship(
  em: EntityManager,
  access: Access,
  authors: readonly { id: string }[],
  before: readonly { id: string }[] = [],
) {
  const ids = (people: readonly { id: string }[]) => new Set(people.map((person) => person.id));
  const changed = [
    ...authors.filter((author) => !ids(before).has(author.id)),
    ...before.filter((author) => !ids(authors).has(author.id)),
  ];
  for (const author of changed) {
    if (access.isPerson(author.id)) continue;
    await access.requireEditorOf(await employersOf(em, author.id), 'name this person as author');
  }
}

/** Whether there is anyone among the owners. */
export function hasOwners(owners: Owners): boolean {
  return [...(owners.kommuneIds ?? []), ...(owners.organizationIds ?? [])].some(Boolean);
}

/** Whom a record with one employer belongs to (an affiliation, a membership, a usage …). */
export function ownedBy(record: {
  kommune?: { id: string } | null;
  organization?: { id: string } | null;
}): Owners {
  return { kommuneIds: [record.kommune?.id], organizationIds: [record.organization?.id] };
}

/** Both sets of owners together. */
export function union(a: Owners, b: Owners): Owners {
  return {
    kommuneIds: [...(a.kommuneIds ?? []), ...(b.kommuneIds ?? [])],
    organizationIds: [...(a.organizationIds ?? []), ...(b.organizationIds ?? [])],
  };
}
