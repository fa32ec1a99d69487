import type { Rel } from '@mikro-orm/core';
import {
  Collection,
  Entity,
  Enum,
  Index,
  ManyToMany,
  ManyToOne,
  Property,
  Unique,
} from '@mikro-orm/core';
import { Authorized, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Searchable } from '../../search/searchable';
import { BaseEntity } from '../../db/base.entity';
import { Kommune, Organization } from '../kommuner/kommuner.entity';
import { Person } from '../people/people.entity';
import { Product } from '../products/products.entity';
import { Topic } from '../topics/topics.entity';

/** How a procurement was run. */
export enum ProcurementProcedure {
  UDBUD = 'UDBUD',
  MINIUDBUD = 'MINIUDBUD',
  MARKEDSDIALOG = 'MARKEDSDIALOG',
  DIREKTE_TILDELING = 'DIREKTE_TILDELING',
}

registerEnumType(ProcurementProcedure, {
  name: 'ProcurementProcedure',
  description: 'How a procurement (anskaffelse) was run.',
  valuesConfig: {
    UDBUD: { description: 'Udbud: a public tender.' },
    MINIUDBUD: { description: 'Miniudbud: a mini-competition under a framework agreement.' },
    MARKEDSDIALOG: {
      description: 'Markedsdialog: a market dialogue before or instead of a tender.',
    },
    DIREKTE_TILDELING: { description: 'Direkte tildeling: direct award.' },
  },
});

/** Where a procurement stands. */
export enum ProcurementStatus {
  PLANNED = 'PLANNED',
  RUNNING = 'RUNNING',
  AWARDED = 'AWARDED',
  CANCELLED = 'CANCELLED',
  COMPLETED = 'COMPLETED',
}

registerEnumType(ProcurementStatus, {
  name: 'ProcurementStatus',
  description: 'Where a procurement stands.',
  valuesConfig: {
    PLANNED: { description: 'Being prepared.' },
    RUNNING: { description: 'Under way: dialogue, tender or evaluation.' },
    AWARDED: { description: 'A supplier has been chosen.' },
    CANCELLED: { description: 'Stopped without an award.' },
    COMPLETED: { description: 'Done and in use; lessons can be drawn.' },
  },
});

/** An anskaffelse: one or more kommuner buying IT. */
@Authorized()
@ObjectType({
  implements: BaseEntity,
  description:
    'A procurement (anskaffelse) by one or more kommuner: procedure, status, suppliers and winner, the people involved, the requirements used and the lessons learned.',
})
@Entity()
@Searchable('procurement', ['title', "coalesce(description, '')", "coalesce(lessons_learned, '')"])
export class Procurement extends BaseEntity {
  @Field(() => String, { description: 'Title of the procurement.' })
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'What was bought and why.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Field(() => Int, { nullable: true, description: 'The year it took place.' })
  @Index()
  @Property({ type: 'integer', nullable: true })
  year?: number | null;

  @Field(() => ProcurementProcedure, { description: 'How it was run.' })
  @Enum({ items: () => ProcurementProcedure })
  procedure!: ProcurementProcedure;

  @Field(() => ProcurementStatus, { description: 'Where it stands.' })
  @Enum({ items: () => ProcurementStatus, default: ProcurementStatus.PLANNED })
  status: ProcurementStatus = ProcurementStatus.PLANNED;

  @Field(() => String, {
    nullable: true,
    description: 'What the buyers learned, for the next ones.',
  })
  @Property({ type: 'text', nullable: true })
  lessonsLearned?: string | null;

  @ManyToMany(() => Kommune)
  kommuner = new Collection<Kommune>(this);

  @ManyToMany(() => Product)
  products = new Collection<Product>(this);

  @ManyToMany(() => Organization)
  suppliers = new Collection<Organization>(this);

  @ManyToMany(() => Topic)
  topics = new Collection<Topic>(this);

  @ManyToOne(() => Organization, { nullable: true })
  winner?: Rel<Organization> | null;
}

/** The parts people play in a procurement. */
export enum ProcurementRole {
  PROJECT_LEAD = 'PROJECT_LEAD',
  PROCUREMENT_CONSULTANT = 'PROCUREMENT_CONSULTANT',
  REQUIREMENTS_AUTHOR = 'REQUIREMENTS_AUTHOR',
  EVALUATOR = 'EVALUATOR',
  LEGAL_ADVISOR = 'LEGAL_ADVISOR',
  ARCHITECT = 'ARCHITECT',
  SUPPLIER_CONTACT = 'SUPPLIER_CONTACT',
  PARTICIPANT = 'PARTICIPANT',
}

registerEnumType(ProcurementRole, {
  name: 'ProcurementRole',
  description: 'The part a person played in a procurement.',
  valuesConfig: {
    PROJECT_LEAD: { description: 'Led the procurement.' },
    PROCUREMENT_CONSULTANT: { description: 'Udbudskonsulent: ran the procedure.' },
    REQUIREMENTS_AUTHOR: { description: 'Wrote the requirements (kravspecifikation).' },
    EVALUATOR: { description: 'Evaluated the bids.' },
    LEGAL_ADVISOR: { description: 'Advised on law and contracts.' },
    ARCHITECT: { description: 'IT architect on the procurement.' },
    SUPPLIER_CONTACT: { description: 'Represented a supplier.' },
    PARTICIPANT: { description: 'Took part otherwise.' },
  },
});

/** A person's part in a procurement. */
@Authorized()
@ObjectType({ implements: BaseEntity, description: 'A person’s part in a procurement.' })
@Entity()
@Unique({ name: 'procurement_participant_unique', properties: ['procurement', 'person', 'role'] })
export class ProcurementParticipant extends BaseEntity {
  @Index()
  @ManyToOne(() => Procurement, { deleteRule: 'cascade' })
  procurement!: Rel<Procurement>;

  @Index()
  @ManyToOne(() => Person)
  person!: Rel<Person>;

  @Field(() => ProcurementRole, { description: 'The part played.' })
  @Enum({ items: () => ProcurementRole })
  role!: ProcurementRole;

  @ManyToOne(() => Kommune, { nullable: true })
  kommune?: Rel<Kommune> | null;

  @Field(() => String, { nullable: true, description: 'A note on the part played.' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;
}
