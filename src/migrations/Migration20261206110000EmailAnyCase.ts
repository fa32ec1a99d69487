import { Migration } from '@mikro-orm/migrations';

/**
 * E-mail addresses are unique whatever their case: `A@x.dk` beside `a@x.dk` was two people. The
 * unique constraint on the address as typed and the plain index on its lower case become one
 * unique index on the lower case (which imports match by). It fails, naming the address, where
 * two people already share an address in different cases: merge them first.
 */
export class Migration20261206110000EmailAnyCase extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "person" drop constraint "person_email_unique"`);
    this.addSql(`drop index "person_email_lower"`);
    this.addSql(`create unique index "person_email_unique" on "person" (lower("email"))`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "person_email_unique"`);
    this.addSql(`create index "person_email_lower" on "person" (lower("email"))`);
    this.addSql(`alter table "person" add constraint "person_email_unique" unique ("email")`);
  }
}
