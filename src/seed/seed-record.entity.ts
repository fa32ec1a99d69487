import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The seed's memory of one thing it created from the seed files: which row it became and the
 * values it last wrote. With it, `npm run seed` tells a row it never made (to add) from one it
 * made that was since changed, ended or erased through the API or an import (to leave alone),
 * and a field it may still bring up to date (unchanged since it wrote it) from one someone else
 * changed. Internal bookkeeping: not part of the API.
 */
@Entity({ tableName: 'seed_record' })
export class SeedRecord {
  /** What it is and its natural key in the seed files, e.g. `Membership:kravredaktionen/henrik-bojsen/2018-01-01`. */
  @PrimaryKey({ type: 'text' })
  key!: string;

  /** The row it became. */
  @Property({ type: 'uuid' })
  entityId!: string;

  /** The values the seed last wrote (collections as sorted id lists), compared field by field. */
  @Property({ type: 'json' })
  seeded!: Record<string, unknown>;

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  seededAt: Date = new Date();
}
