import { Migration } from '@mikro-orm/migrations';

/**
 * The seed's memory of what it created (`seed_record`), so that `npm run seed` never undoes a
 * change made through the API or an import, nor brings back what was erased. Written only by the
 * seed, which is not audited: the table has no audit trigger.
 */
export class Migration20261206000000SeedRecord extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "seed_record" ("key" text not null, "entity_id" uuid not null, "seeded" jsonb not null, "seeded_at" timestamptz not null default now(), constraint "seed_record_pkey" primary key ("key"))`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "seed_record"`);
  }
}
