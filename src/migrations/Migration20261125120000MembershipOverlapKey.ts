import { Migration } from '@mikro-orm/migrations';

/**
 * The exclusion constraint that keeps one person's seats in one group from overlapping leads
 * with group_id instead of person_id. Planned without a parameter's value (a prepared
 * statement's generic plan), PostgreSQL took its GiST index for "the seats of this group" and,
 * group_id being its second column, scanned all of it: about 20 ms for a group at 100,000 people.
 * Led by group_id the same plan costs 0.1 ms. Lookups by person, which return a few rows, may
 * now meet the same trap in a generic plan (about 2 ms); the API's own queries are planned with
 * their values and use the btree indexes either way. A key of both ids (`person_id::text || …`)
 * avoided both traps but made two concurrent inserts of the same seat deadlock now and then
 * instead of failing on the constraint.
 */
export class Migration20261125120000MembershipOverlapKey extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "membership" drop constraint "membership_no_overlap"`);
    this.addSql(
      `alter table "membership" add constraint "membership_no_overlap" exclude using gist ("group_id" with =, "person_id" with =, daterange("valid_from", "valid_to") with &&)`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "membership" drop constraint "membership_no_overlap"`);
    this.addSql(
      `alter table "membership" add constraint "membership_no_overlap" exclude using gist ("person_id" with =, "group_id" with =, daterange("valid_from", "valid_to") with &&)`,
    );
  }
}
