import { Migration } from '@mikro-orm/migrations';

/**
 * Requirement knowledge: the sharing workflow's last note and when the status last changed,
 * trigram indexes over the folded title and text (so `similarRequirements` finds reworded
 * near-duplicates, æ and ae alike), and an index for a kommune's recorded usages.
 */
export class Migration20261126000000RequirementKnowledge extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "requirement" add column "sharing_note" text null, add column "sharing_changed_at" timestamptz null`,
    );
    this.addSql(
      `create index "requirement_title_folded_trgm" on "requirement" using gin (search_normalize("title") gin_trgm_ops)`,
    );
    this.addSql(
      `create index "requirement_text_folded_trgm" on "requirement" using gin (search_normalize("text") gin_trgm_ops)`,
    );
    this.addSql(
      `create index "requirement_usage_kommune_id_index" on "requirement_usage" ("kommune_id")`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "requirement_usage_kommune_id_index"`);
    this.addSql(`drop index "requirement_text_folded_trgm"`);
    this.addSql(`drop index "requirement_title_folded_trgm"`);
    this.addSql(
      `alter table "requirement" drop column "sharing_note", drop column "sharing_changed_at"`,
    );
  }
}
