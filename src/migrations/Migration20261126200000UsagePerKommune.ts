import { Migration } from '@mikro-orm/migrations';

/**
 * A requirement's use is recorded per kommune: in a joint procurement each buyer records its own
 * experience, so the use is unique per requirement, procurement and kommune, not per requirement
 * and procurement (which let only the first buyer record it).
 */
export class Migration20261126200000UsagePerKommune extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "requirement_usage" drop constraint "requirement_usage_unique"`);
    this.addSql(
      `alter table "requirement_usage" add constraint "requirement_usage_unique" unique ("requirement_id", "procurement_id", "kommune_id")`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "requirement_usage" drop constraint "requirement_usage_unique"`);
    this.addSql(
      `alter table "requirement_usage" add constraint "requirement_usage_unique" unique ("requirement_id", "procurement_id")`,
    );
  }
}
