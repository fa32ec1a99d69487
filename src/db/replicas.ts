import type { Connection } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * How long a caller's mutation keeps their queries off a replica that has not replayed it. The
 * WAL position decides; this only bounds how long a fence is looked at (a replica that lags
 * minutes behind is broken, not slow).
 */
const FENCE_SECONDS = 300;

/** Who asked: a caller's key and whether they are signed in (see `Caller` in limits.ts). */
interface Reader {
  key: string;
  anonymous: boolean;
}

/**
 * Reads of whole GraphQL queries on streaming replicas (`DATABASE_REPLICA_URLS`), everything
 * else on the primary.
 *
 * MikroORM's `replicas` option routes statement by statement: `em.find` outside a transaction
 * goes to a replica, raw SQL (`em.getConnection()`) and transactions to the primary. Much of this
 * API reads in raw SQL (search, experts, loaders), and a mutation's reads after its transaction
 * (its answer's fields) would go to a replica that may not have its write yet. So the ORM is
 * configured with the replicas but `preferReadReplicas: false`, and a query operation gets an
 * EntityManager bound to one replica (picked by MikroORM at random per request): every
 * statement of that request, ORM or raw, reads there, and a mutation runs on the primary from its
 * first read to its last.
 *
 * Read-your-writes: a query right after a mutation by the same caller (a form that saves and
 * shows the result, Apollo's refetch after a mutation) must see it, and the next request may land
 * on another process or machine. So after each mutation the primary's WAL position is recorded
 * for the caller, in PostgreSQL (`replica_read_fence`), where every process sees it; the
 * caller's queries use a replica only once it has replayed that far
 * (`pg_last_wal_replay_lsn()`), else the primary. That costs one primary-key read on the primary
 * per signed-in query, and one write per mutation. Only signed-in callers can write (every write
 * needs an identity: `Access`), so anonymous queries skip the check. Other callers see a change
 * once the replica has replayed it, usually within milliseconds.
 */
export class ReplicaReads {
  private readonly bound = new Map<Connection, EntityManager>();

  constructor(private readonly orm: MikroORM) {}

  /** Whether replicas are configured. */
  static configured(orm: MikroORM): boolean {
    return (orm.config.get('replicas') ?? []).length > 0;
  }

  /**
   * The EntityManager a query should read with: one bound to a replica, or `undefined` (the
   * primary) while the replica has not replayed the caller's last mutation.
   */
  async forQuery(reader: Reader | undefined): Promise<EntityManager | undefined> {
    const replica = this.orm.em.getConnection('read');
    if (reader && !reader.anonymous) {
      const [fence] = await this.orm.em
        .getConnection('write')
        .execute<{ lsn: string }[]>(
          'select lsn::text as lsn from replica_read_fence where caller = ? and until > now()',
          [reader.key],
        );
      if (fence) {
        const [{ replayed }] = await replica.execute<{ replayed: boolean }[]>(
          'select coalesce(pg_last_wal_replay_lsn() >= ?::pg_lsn, false) as replayed',
          [fence.lsn],
        );
        if (!replayed) return undefined;
      }
    }
    return this.boundTo(replica);
  }

  /** After a mutation: the caller's queries read from the primary until a replica replayed it. */
  async fence(reader: Reader | undefined): Promise<void> {
    if (!reader || reader.anonymous) return;
    await this.orm.em.getConnection('write').execute(
      `insert into replica_read_fence (caller, lsn, until)
       values (?, pg_current_wal_lsn(), now() + ? * interval '1 second')
       on conflict (caller) do update set lsn = excluded.lsn, until = excluded.until`,
      [reader.key, FENCE_SECONDS],
      'run',
    );
  }

  /**
   * An EntityManager whose every statement goes to `connection`: the ORM's own, over a view of
   * its driver that answers every connection request, read or write, with that replica. A write
   * there fails (a standby is read-only), as a write in a query should.
   */
  private boundTo(connection: Connection): EntityManager {
    let em = this.bound.get(connection);
    if (!em) {
      const driver = this.orm.em.getDriver();
      const view = Object.create(driver, {
        connection: { value: connection },
        getConnection: { value: () => connection },
      }) as typeof driver;
      em = new EntityManager(this.orm.config, view, this.orm.getMetadata(), false);
      this.bound.set(connection, em);
    }
    return em;
  }
}
