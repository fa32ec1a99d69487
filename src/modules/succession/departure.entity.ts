import type { Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';
import { Person } from '../people/people.entity';

/** A row a departure changed, and how to put it back. */
export interface DepartureChange {
  table: 'affiliation' | 'membership' | 'experience_claim';
  id: string;
  /** The row's `valid_to` before the departure ended it. */
  previousValidTo: string | null;
}

/**
 * What a departure did, kept so that a departure recorded by mistake can be undone exactly:
 * the rows it ended (with their earlier end dates) and the rows it created.
 */
@Entity()
export class Departure extends BaseEntity {
  @Index()
  @ManyToOne(() => Person)
  person!: Rel<Person>;

  @Property({ type: 'date' })
  date!: string;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'json' })
  ended: DepartureChange[] = [];

  /** Successor memberships and handovers created, by table. */
  @Property({ type: 'json' })
  created: { table: 'membership' | 'handover'; id: string }[] = [];
}
