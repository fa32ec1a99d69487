import { Migration } from '@mikro-orm/migrations';

/**
 * Several server processes on one database (issue 18):
 * - `rate_limit`: the counters of rate-limiter-flexible's PostgreSQL store (`RateLimiterPostgres`,
 *   its own columns: `key`, `points`, `expire` in epoch milliseconds), so that every process counts
 *   a caller's requests and cost against one budget. `key` is text rather than the store's
 *   `varchar(255)`: a token's subject has no length limit. Unlogged: a counter lost in a crash
 *   only gives a caller a fresh minute, and writing it costs no WAL (nor replication).
 * - `replica_read_fence`: per caller, the primary's WAL position after their last mutation; their
 *   queries go to a replica only once it has replayed that far (read-your-writes, see
 *   `src/db/replicas.ts`). Unlogged for the same reason: after a crash the replicas start again
 *   from the primary anyway.
 */
export class Migration20261206180000ScaleOut extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create unlogged table "rate_limit" ("key" text not null, "points" integer not null default 0, "expire" bigint, constraint "rate_limit_pkey" primary key ("key"))`,
    );
    this.addSql(`create index "rate_limit_expire_index" on "rate_limit" ("expire")`);
    this.addSql(
      `create unlogged table "replica_read_fence" ("caller" text not null, "lsn" pg_lsn not null, "until" timestamptz not null, constraint "replica_read_fence_pkey" primary key ("caller"))`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "replica_read_fence"`);
    this.addSql(`drop table if exists "rate_limit"`);
  }
}
