import { Migration } from '@mikro-orm/migrations';

/** Departures: when a person left, and a record of what leaving changed, so it can be undone. */
export class Migration20261124140000Departures extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "person" add column "departed_on" date null`);
    this.addSql(
      `create table "departure" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "person_id" uuid not null, "date" date not null, "note" text null, "ended" jsonb not null, "created" jsonb not null, constraint "departure_pkey" primary key ("id"))`,
    );
    this.addSql(`create index "departure_person_id_index" on "departure" ("person_id")`);
    this.addSql(
      `alter table "departure" add constraint "departure_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade`,
    );
  }
}
