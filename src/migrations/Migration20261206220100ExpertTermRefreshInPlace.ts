import { Migration } from '@mikro-orm/migrations';

/**
 * A person's rows of `expert_term` are brought up to date in place: only the terms whose impact
 * changed are written, and only the terms they no longer have are deleted. Deleting and inserting
 * all of them (a few hundred per person) on every change of one claim cost PostgreSQL some
 * 9 ms per `updateExperienceClaim`, and as many dead index entries for vacuum.
 */
export class Migration20261206220100ExpertTermRefreshInPlace extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function expert_term_refresh(persons uuid[]) returns void
      language sql as $$
        with fresh as (
          select person_id, term, impact from expert_term_source where person_id = any(persons)
        ),
        gone as (
          delete from expert_term x where x.person_id = any(persons)
            and not exists (select 1 from fresh f where f.person_id = x.person_id and f.term = x.term)
        )
        insert into expert_term (person_id, term, impact)
        select person_id, term, impact from fresh
        on conflict (person_id, term) do update set impact = excluded.impact
          where expert_term.impact is distinct from excluded.impact;
      $$`);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace function expert_term_refresh(persons uuid[]) returns void
      language sql as $$
        delete from expert_term where person_id = any(persons);
        insert into expert_term (person_id, term, impact)
        select person_id, term, impact from expert_term_source where person_id = any(persons);
      $$`);
  }
}
