import { Migration } from '@mikro-orm/migrations';

/**
 * Privacy: each person chooses who sees their e-mail address and phone number (colleagues by
 * default), and an erasure on request is dated.
 */
export class Migration20261125110000Privacy extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "person" add column "contact_visibility" text check ("contact_visibility" in ('MEMBERS', 'COLLEAGUES', 'PRIVATE')) not null default 'COLLEAGUES', add column "erased_at" timestamptz null`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "person" drop column "contact_visibility", drop column "erased_at"`);
  }
}
