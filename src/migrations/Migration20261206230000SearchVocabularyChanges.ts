import { Migration } from '@mikro-orm/migrations';

/**
 * `search_vocabulary_change`: what changed in what a query's analysis reads (see
 * `src/search/analysis-cache.ts`), so that every server process can keep analyses in memory and
 * drop exactly those a change concerns:
 * - the words added to or removed from `search_lexeme` (one row per statement that changed any);
 * - a row without words (`lexemes` null) when topics or products changed: every analysis goes.
 *
 * Each row holds the transaction that wrote it (`xact`), so that a reader that remembers the
 * oldest transaction still running at its last read (`pg_snapshot_xmin`) finds every row committed
 * since, including those of transactions that took their ids earlier and committed later. Rows
 * older than an hour are deleted now and then by the trigger itself.
 */
export class Migration20261206230000SearchVocabularyChanges extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table search_vocabulary_change (
      id bigint generated always as identity primary key,
      xact xid8 not null default pg_current_xact_id(),
      at timestamptz not null default now(),
      lexemes text[]
    )`);
    this.addSql(`create index search_vocabulary_change_xact on search_vocabulary_change (xact)`);
    this.addSql(`create function search_vocabulary_forget() returns void language sql as $$
      delete from search_vocabulary_change where at < now() - interval '1 hour'
    $$`);
    this.addSql(`create function search_vocabulary_lexemes_changed() returns trigger
      language plpgsql as $$
      declare
        written bigint;
      begin
        insert into search_vocabulary_change (lexemes)
        select array_agg(lexeme) from changed having count(*) > 0
        returning id into written;
        if written % 1000 = 0 then perform search_vocabulary_forget(); end if;
        return null;
      end $$`);
    this.addSql(`create function search_vocabulary_names_changed() returns trigger
      language plpgsql as $$
      begin
        insert into search_vocabulary_change (lexemes) values (null);
        return null;
      end $$`);
    this.addSql(`create trigger search_lexeme_added after insert on search_lexeme
      referencing new table as changed
      for each statement execute function search_vocabulary_lexemes_changed()`);
    this.addSql(`create trigger search_lexeme_removed after delete on search_lexeme
      referencing old table as changed
      for each statement execute function search_vocabulary_lexemes_changed()`);
    this.addSql(`create trigger search_lexeme_truncated after truncate on search_lexeme
      for each statement execute function search_vocabulary_names_changed()`);
    for (const table of ['topic', 'product']) {
      this.addSql(`create trigger ${table}_vocabulary after insert or update or delete or truncate
        on "${table}" for each statement execute function search_vocabulary_names_changed()`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['topic', 'product']) {
      this.addSql(`drop trigger ${table}_vocabulary on "${table}"`);
    }
    this.addSql(`drop trigger search_lexeme_truncated on search_lexeme`);
    this.addSql(`drop trigger search_lexeme_removed on search_lexeme`);
    this.addSql(`drop trigger search_lexeme_added on search_lexeme`);
    this.addSql(`drop function search_vocabulary_names_changed()`);
    this.addSql(`drop function search_vocabulary_lexemes_changed()`);
    this.addSql(`drop function search_vocabulary_forget()`);
    this.addSql(`drop table search_vocabulary_change`);
  }
}
