import { Migration } from '@mikro-orm/migrations';

/**
 * The network's first schema: extensions for search (pg_trgm, unaccent) and for exclusion
 * constraints over date ranges (btree_gist), then every table of the domain model.
 */
export class Migration20261124000000Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm`);
    this.addSql(`create extension if not exists unaccent`);
    this.addSql(`create extension if not exists btree_gist`);

    this.addSql(
      `create table "kommune" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code" text not null, "name" text not null, "official_name" text not null, "region" text not null, "region_code" text not null, constraint "kommune_pkey" primary key ("id"))`,
    );
    this.addSql(`alter table "kommune" add constraint "kommune_code_unique" unique ("code")`);
    this.addSql(`create index "kommune_region_index" on "kommune" ("region")`);
    this.addSql(
      `create table "organization" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "slug" text not null, "name" text not null, "kind" text check ("kind" in ('SECRETARIAT', 'SUPPLIER', 'AGENCY', 'ASSOCIATION', 'REGION', 'CONSULTANCY', 'OTHER')) not null, "cvr" text null, "website" text null, "description" text null, constraint "organization_pkey" primary key ("id"))`,
    );
    this.addSql(
      `alter table "organization" add constraint "organization_slug_unique" unique ("slug")`,
    );
    this.addSql(
      `create table "person" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text not null, "title" text null, "email" text null, "phone" text null, "bio" text null, "languages" text[] not null default '{}', "open_to_questions" boolean not null default false, "listed_as_expert" boolean not null default true, "status" text check ("status" in ('ACTIVE', 'LEFT', 'ERASED')) not null default 'ACTIVE', "external_id" text null, constraint "person_pkey" primary key ("id"))`,
    );
    this.addSql(`alter table "person" add constraint "person_email_unique" unique ("email")`);
    this.addSql(
      `alter table "person" add constraint "person_external_id_unique" unique ("external_id")`,
    );
    this.addSql(`create index "person_name_trgm" on "person" using gin ("name" gin_trgm_ops)`);
    this.addSql(
      `create table "affiliation" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "valid_from" date not null, "valid_to" date null, "person_id" uuid not null, "kommune_id" uuid null, "organization_id" uuid null, "title" text null, "unit" text null, constraint "affiliation_pkey" primary key ("id"), constraint affiliation_valid_period check (valid_to is null or valid_to > valid_from), constraint affiliation_one_employer check ((kommune_id is null) <> (organization_id is null)))`,
    );
    this.addSql(`create index "affiliation_person_id_index" on "affiliation" ("person_id")`);
    this.addSql(`create index "affiliation_kommune_id_index" on "affiliation" ("kommune_id")`);
    this.addSql(
      `create index "affiliation_organization_id_index" on "affiliation" ("organization_id")`,
    );
    this.addSql(
      `create table "procurement" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "title" text not null, "description" text null, "year" int null, "procedure" text check ("procedure" in ('UDBUD', 'MINIUDBUD', 'MARKEDSDIALOG', 'DIREKTE_TILDELING')) not null, "status" text check ("status" in ('PLANNED', 'RUNNING', 'AWARDED', 'CANCELLED', 'COMPLETED')) not null default 'PLANNED', "lessons_learned" text null, "winner_id" uuid null, constraint "procurement_pkey" primary key ("id"))`,
    );
    this.addSql(`create index "procurement_year_index" on "procurement" ("year")`);
    this.addSql(
      `create table "procurement_kommuner" ("procurement_id" uuid not null, "kommune_id" uuid not null, constraint "procurement_kommuner_pkey" primary key ("procurement_id", "kommune_id"))`,
    );
    this.addSql(
      `create table "procurement_suppliers" ("procurement_id" uuid not null, "organization_id" uuid not null, constraint "procurement_suppliers_pkey" primary key ("procurement_id", "organization_id"))`,
    );
    this.addSql(
      `create table "procurement_participant" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "procurement_id" uuid not null, "person_id" uuid not null, "role" text check ("role" in ('PROJECT_LEAD', 'PROCUREMENT_CONSULTANT', 'REQUIREMENTS_AUTHOR', 'EVALUATOR', 'LEGAL_ADVISOR', 'ARCHITECT', 'SUPPLIER_CONTACT', 'PARTICIPANT')) not null, "kommune_id" uuid null, "note" text null, constraint "procurement_participant_pkey" primary key ("id"))`,
    );
    this.addSql(
      `create index "procurement_participant_procurement_id_index" on "procurement_participant" ("procurement_id")`,
    );
    this.addSql(
      `create index "procurement_participant_person_id_index" on "procurement_participant" ("person_id")`,
    );
    this.addSql(
      `alter table "procurement_participant" add constraint "procurement_participant_unique" unique ("procurement_id", "person_id", "role")`,
    );
    this.addSql(
      `create table "product" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "slug" text not null, "name" text not null, "summary" text null, "summary_da" text null, "category" text null, "repository" text null, "stage" text check ("stage" in ('IDEA', 'CROWDFUNDING', 'TILSLUTNINGSAFTALE', 'DEVELOPMENT', 'OPERATION', 'RETIRED')) not null default 'OPERATION', constraint "product_pkey" primary key ("id"))`,
    );
    this.addSql(`alter table "product" add constraint "product_slug_unique" unique ("slug")`);
    this.addSql(`create index "product_category_index" on "product" ("category")`);
    this.addSql(
      `create table "procurement_products" ("procurement_id" uuid not null, "product_id" uuid not null, constraint "procurement_products_pkey" primary key ("procurement_id", "product_id"))`,
    );
    this.addSql(
      `create table "group" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "valid_from" date not null, "valid_to" date null, "slug" text not null, "name" text not null, "kind" text check ("kind" in ('STYREGRUPPE', 'KOORDINATIONSGRUPPE', 'PROJEKTGRUPPE', 'KRAVREDAKTION', 'NETVAERK', 'ARBEJDSGRUPPE')) not null, "description" text null, "product_id" uuid null, constraint "group_pkey" primary key ("id"), constraint group_valid_period check (valid_to is null or valid_to > valid_from))`,
    );
    this.addSql(`alter table "group" add constraint "group_slug_unique" unique ("slug")`);
    this.addSql(`create index "group_kind_index" on "group" ("kind")`);
    this.addSql(`create index "group_product_id_index" on "group" ("product_id")`);
    this.addSql(`create index "group_name_trgm" on "group" using gin ("name" gin_trgm_ops)`);
    this.addSql(
      `create table "membership" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "valid_from" date not null, "valid_to" date null, "person_id" uuid not null, "group_id" uuid not null, "role" text check ("role" in ('FORMAND', 'TOVHOLDER', 'KOORDINATOR', 'MEDLEM', 'SEKRETAER', 'LEVERANDOERREPRAESENTANT')) not null, "representing_kommune_id" uuid null, "representing_organization_id" uuid null, "note" text null, constraint "membership_pkey" primary key ("id"), constraint membership_valid_period check (valid_to is null or valid_to > valid_from))`,
    );
    this.addSql(`create index "membership_person_id_index" on "membership" ("person_id")`);
    this.addSql(`create index "membership_group_id_index" on "membership" ("group_id")`);
    this.addSql(
      `create table "product_suppliers" ("product_id" uuid not null, "organization_id" uuid not null, constraint "product_suppliers_pkey" primary key ("product_id", "organization_id"))`,
    );
    this.addSql(
      `create table "product_adoption" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "valid_from" date not null, "valid_to" date null, "kommune_id" uuid not null, "product_id" uuid not null, "status" text check ("status" in ('INTERESTED', 'FUNDING', 'SIGNED', 'IN_PRODUCTION', 'LEFT')) not null, "note" text null, constraint "product_adoption_pkey" primary key ("id"), constraint product_adoption_valid_period check (valid_to is null or valid_to > valid_from))`,
    );
    this.addSql(
      `create index "product_adoption_kommune_id_index" on "product_adoption" ("kommune_id")`,
    );
    this.addSql(
      `create index "product_adoption_product_id_index" on "product_adoption" ("product_id")`,
    );
    this.addSql(
      `create table "requirement" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "title" text not null, "text" text not null, "rationale" text null, "help_text" text null, "category" text null, "importance" text check ("importance" in ('OPTIONAL', 'NORMAL', 'HIGH', 'ABSOLUTE')) not null default 'NORMAL', "kind" text check ("kind" in ('FUNCTIONAL', 'NON_FUNCTIONAL')) not null default 'NON_FUNCTIONAL', "kle_domains" text[] not null default '{}', "sharing" text check ("sharing" in ('LOCAL', 'PROPOSED', 'SHARED')) not null default 'LOCAL', "external_id" text null, "owning_kommune_id" uuid null, constraint "requirement_pkey" primary key ("id"))`,
    );
    this.addSql(`create index "requirement_category_index" on "requirement" ("category")`);
    this.addSql(
      `alter table "requirement" add constraint "requirement_external_id_unique" unique ("external_id")`,
    );
    this.addSql(
      `create index "requirement_title_trgm" on "requirement" using gin ("title" gin_trgm_ops)`,
    );
    this.addSql(
      `create table "knowledge_item" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "kind" text check ("kind" in ('NOTE', 'LESSON', 'DECISION', 'DOCUMENT', 'HANDOVER_NOTE', 'EVENT')) not null, "title" text not null, "body" text not null, "url" text null, "occurred_on" date null, "verified_on" date null, "external_id" text null, "product_id" uuid null, "group_id" uuid null, "procurement_id" uuid null, "requirement_id" uuid null, "kommune_id" uuid null, constraint "knowledge_item_pkey" primary key ("id"))`,
    );
    this.addSql(`create index "knowledge_item_kind_index" on "knowledge_item" ("kind")`);
    this.addSql(
      `alter table "knowledge_item" add constraint "knowledge_item_external_id_unique" unique ("external_id")`,
    );
    this.addSql(
      `create table "knowledge_item_authors" ("knowledge_item_id" uuid not null, "person_id" uuid not null, constraint "knowledge_item_authors_pkey" primary key ("knowledge_item_id", "person_id"))`,
    );
    this.addSql(
      `create table "requirement_authors" ("requirement_id" uuid not null, "person_id" uuid not null, constraint "requirement_authors_pkey" primary key ("requirement_id", "person_id"))`,
    );
    this.addSql(
      `create table "requirement_usage" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "requirement_id" uuid not null, "procurement_id" uuid null, "kommune_id" uuid null, "outcome" text null, "lessons" text null, constraint "requirement_usage_pkey" primary key ("id"))`,
    );
    this.addSql(
      `create index "requirement_usage_requirement_id_index" on "requirement_usage" ("requirement_id")`,
    );
    this.addSql(
      `create index "requirement_usage_procurement_id_index" on "requirement_usage" ("procurement_id")`,
    );
    this.addSql(
      `alter table "requirement_usage" add constraint "requirement_usage_unique" unique ("requirement_id", "procurement_id")`,
    );
    this.addSql(
      `create table "topic" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "slug" text not null, "kind" text check ("kind" in ('PROCUREMENT', 'REQUIREMENT', 'ARCHITECTURE', 'GOVERNANCE', 'DOMAIN', 'TECHNOLOGY', 'METHOD')) not null, "label_da" text not null, "label_en" text not null, "aliases" text[] not null default '{}', "description" text null, "kle_number" text null, "parent_id" uuid null, constraint "topic_pkey" primary key ("id"))`,
    );
    this.addSql(`alter table "topic" add constraint "topic_slug_unique" unique ("slug")`);
    this.addSql(`create index "topic_kind_index" on "topic" ("kind")`);
    this.addSql(`create index "topic_parent_id_index" on "topic" ("parent_id")`);
    this.addSql(
      `create table "requirement_topics" ("requirement_id" uuid not null, "topic_id" uuid not null, constraint "requirement_topics_pkey" primary key ("requirement_id", "topic_id"))`,
    );
    this.addSql(
      `create table "product_topics" ("product_id" uuid not null, "topic_id" uuid not null, constraint "product_topics_pkey" primary key ("product_id", "topic_id"))`,
    );
    this.addSql(
      `create table "procurement_topics" ("procurement_id" uuid not null, "topic_id" uuid not null, constraint "procurement_topics_pkey" primary key ("procurement_id", "topic_id"))`,
    );
    this.addSql(
      `create table "knowledge_item_topics" ("knowledge_item_id" uuid not null, "topic_id" uuid not null, constraint "knowledge_item_topics_pkey" primary key ("knowledge_item_id", "topic_id"))`,
    );
    this.addSql(
      `create table "handover" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "from_person_id" uuid not null, "to_person_id" uuid not null, "date" date not null, "role" text check ("role" in ('FORMAND', 'TOVHOLDER', 'KOORDINATOR', 'MEDLEM', 'SEKRETAER', 'LEVERANDOERREPRAESENTANT')) null, "membership_id" uuid null, "group_id" uuid null, "product_id" uuid null, "topic_id" uuid null, "note" text null, constraint "handover_pkey" primary key ("id"))`,
    );
    this.addSql(`create index "handover_from_person_id_index" on "handover" ("from_person_id")`);
    this.addSql(`create index "handover_to_person_id_index" on "handover" ("to_person_id")`);
    this.addSql(
      `create table "group_topics" ("group_id" uuid not null, "topic_id" uuid not null, constraint "group_topics_pkey" primary key ("group_id", "topic_id"))`,
    );
    this.addSql(
      `create table "experience_claim" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "person_id" uuid not null, "topic_id" uuid not null, "level" text check ("level" in ('BASIC', 'WORKING', 'EXPERT')) not null, "narrative" text null, "valid_from" date null, "valid_to" date null, "product_id" uuid null, "procurement_id" uuid null, "group_id" uuid null, "withdrawn_at" timestamptz null, "confirmed_on" date null, constraint "experience_claim_pkey" primary key ("id"), constraint experience_claim_valid_period check (valid_to is null or valid_to >= valid_from))`,
    );
    this.addSql(
      `create index "experience_claim_person_id_index" on "experience_claim" ("person_id")`,
    );
    this.addSql(
      `create index "experience_claim_topic_id_index" on "experience_claim" ("topic_id")`,
    );
    this.addSql(
      `create table "claim_endorsement" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "claim_id" uuid not null, "endorser_id" uuid not null, "comment" text null, constraint "claim_endorsement_pkey" primary key ("id"))`,
    );
    this.addSql(
      `create index "claim_endorsement_claim_id_index" on "claim_endorsement" ("claim_id")`,
    );
    this.addSql(
      `create index "claim_endorsement_endorser_id_index" on "claim_endorsement" ("endorser_id")`,
    );
    this.addSql(
      `alter table "claim_endorsement" add constraint "claim_endorsement_unique" unique ("claim_id", "endorser_id")`,
    );
    this.addSql(
      `alter table "affiliation" add constraint "affiliation_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "affiliation" add constraint "affiliation_kommune_id_foreign" foreign key ("kommune_id") references "kommune" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "affiliation" add constraint "affiliation_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "procurement" add constraint "procurement_winner_id_foreign" foreign key ("winner_id") references "organization" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "procurement_kommuner" add constraint "procurement_kommuner_procurement_id_foreign" foreign key ("procurement_id") references "procurement" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "procurement_kommuner" add constraint "procurement_kommuner_kommune_id_foreign" foreign key ("kommune_id") references "kommune" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "procurement_suppliers" add constraint "procurement_suppliers_procurement_id_foreign" foreign key ("procurement_id") references "procurement" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "procurement_suppliers" add constraint "procurement_suppliers_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "procurement_participant" add constraint "procurement_participant_procurement_id_foreign" foreign key ("procurement_id") references "procurement" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "procurement_participant" add constraint "procurement_participant_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade`,
    );
    this.addSql(
      `alter table "procurement_participant" add constraint "procurement_participant_kommune_id_foreign" foreign key ("kommune_id") references "kommune" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "procurement_products" add constraint "procurement_products_procurement_id_foreign" foreign key ("procurement_id") references "procurement" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "procurement_products" add constraint "procurement_products_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "group" add constraint "group_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "membership" add constraint "membership_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "membership" add constraint "membership_group_id_foreign" foreign key ("group_id") references "group" ("id") on update cascade`,
    );
    this.addSql(
      `alter table "membership" add constraint "membership_representing_kommune_id_foreign" foreign key ("representing_kommune_id") references "kommune" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "membership" add constraint "membership_representing_organization_id_foreign" foreign key ("representing_organization_id") references "organization" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "product_suppliers" add constraint "product_suppliers_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "product_suppliers" add constraint "product_suppliers_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "product_adoption" add constraint "product_adoption_kommune_id_foreign" foreign key ("kommune_id") references "kommune" ("id") on update cascade`,
    );
    this.addSql(
      `alter table "product_adoption" add constraint "product_adoption_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade`,
    );
    this.addSql(
      `alter table "requirement" add constraint "requirement_owning_kommune_id_foreign" foreign key ("owning_kommune_id") references "kommune" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "knowledge_item" add constraint "knowledge_item_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "knowledge_item" add constraint "knowledge_item_group_id_foreign" foreign key ("group_id") references "group" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "knowledge_item" add constraint "knowledge_item_procurement_id_foreign" foreign key ("procurement_id") references "procurement" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "knowledge_item" add constraint "knowledge_item_requirement_id_foreign" foreign key ("requirement_id") references "requirement" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "knowledge_item" add constraint "knowledge_item_kommune_id_foreign" foreign key ("kommune_id") references "kommune" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "knowledge_item_authors" add constraint "knowledge_item_authors_knowledge_item_id_foreign" foreign key ("knowledge_item_id") references "knowledge_item" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "knowledge_item_authors" add constraint "knowledge_item_authors_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "requirement_authors" add constraint "requirement_authors_requirement_id_foreign" foreign key ("requirement_id") references "requirement" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "requirement_authors" add constraint "requirement_authors_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "requirement_usage" add constraint "requirement_usage_requirement_id_foreign" foreign key ("requirement_id") references "requirement" ("id") on update cascade`,
    );
    this.addSql(
      `alter table "requirement_usage" add constraint "requirement_usage_procurement_id_foreign" foreign key ("procurement_id") references "procurement" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "requirement_usage" add constraint "requirement_usage_kommune_id_foreign" foreign key ("kommune_id") references "kommune" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "topic" add constraint "topic_parent_id_foreign" foreign key ("parent_id") references "topic" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "requirement_topics" add constraint "requirement_topics_requirement_id_foreign" foreign key ("requirement_id") references "requirement" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "requirement_topics" add constraint "requirement_topics_topic_id_foreign" foreign key ("topic_id") references "topic" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "product_topics" add constraint "product_topics_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "product_topics" add constraint "product_topics_topic_id_foreign" foreign key ("topic_id") references "topic" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "procurement_topics" add constraint "procurement_topics_procurement_id_foreign" foreign key ("procurement_id") references "procurement" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "procurement_topics" add constraint "procurement_topics_topic_id_foreign" foreign key ("topic_id") references "topic" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "knowledge_item_topics" add constraint "knowledge_item_topics_knowledge_item_id_foreign" foreign key ("knowledge_item_id") references "knowledge_item" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "knowledge_item_topics" add constraint "knowledge_item_topics_topic_id_foreign" foreign key ("topic_id") references "topic" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "handover" add constraint "handover_from_person_id_foreign" foreign key ("from_person_id") references "person" ("id") on update cascade`,
    );
    this.addSql(
      `alter table "handover" add constraint "handover_to_person_id_foreign" foreign key ("to_person_id") references "person" ("id") on update cascade`,
    );
    this.addSql(
      `alter table "handover" add constraint "handover_membership_id_foreign" foreign key ("membership_id") references "membership" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "handover" add constraint "handover_group_id_foreign" foreign key ("group_id") references "group" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "handover" add constraint "handover_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "handover" add constraint "handover_topic_id_foreign" foreign key ("topic_id") references "topic" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "group_topics" add constraint "group_topics_group_id_foreign" foreign key ("group_id") references "group" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "group_topics" add constraint "group_topics_topic_id_foreign" foreign key ("topic_id") references "topic" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "experience_claim" add constraint "experience_claim_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "experience_claim" add constraint "experience_claim_topic_id_foreign" foreign key ("topic_id") references "topic" ("id") on update cascade`,
    );
    this.addSql(
      `alter table "experience_claim" add constraint "experience_claim_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "experience_claim" add constraint "experience_claim_procurement_id_foreign" foreign key ("procurement_id") references "procurement" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "experience_claim" add constraint "experience_claim_group_id_foreign" foreign key ("group_id") references "group" ("id") on update cascade on delete set null`,
    );
    this.addSql(
      `alter table "claim_endorsement" add constraint "claim_endorsement_claim_id_foreign" foreign key ("claim_id") references "experience_claim" ("id") on update cascade on delete cascade`,
    );
    this.addSql(
      `alter table "claim_endorsement" add constraint "claim_endorsement_endorser_id_foreign" foreign key ("endorser_id") references "person" ("id") on update cascade on delete cascade`,
    );

    // One person cannot hold two overlapping seats in the same group, two overlapping
    // employments with the same employer, nor a kommune two overlapping adoption records of a product.
    this.addSql(
      `alter table "membership" add constraint "membership_no_overlap" exclude using gist ("person_id" with =, "group_id" with =, daterange("valid_from", "valid_to") with &&)`,
    );
    this.addSql(
      `alter table "affiliation" add constraint "affiliation_no_overlap" exclude using gist ("person_id" with =, (coalesce("kommune_id", "organization_id")) with =, daterange("valid_from", "valid_to") with &&)`,
    );
    this.addSql(
      `alter table "product_adoption" add constraint "product_adoption_no_overlap" exclude using gist ("kommune_id" with =, "product_id" with =, daterange("valid_from", "valid_to") with &&)`,
    );
  }
}
