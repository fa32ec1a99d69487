import type { Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { LocalDateResolver } from '../../common/local-date';
import { Authorized, Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import { Group, Membership, MembershipRole } from '../groups/groups.entity';
import { Person } from '../people/people.entity';
import { Product } from '../products/products.entity';
import { Topic } from '../topics/topics.entity';

/** A role, group, product or topic passed from one person to another. */
@Authorized()
@ObjectType({
  implements: BaseEntity,
  description:
    'A handover: responsibility for a role, group, product or topic passed from one person to a successor.',
})
@Entity()
export class Handover extends BaseEntity {
  @Index()
  @ManyToOne(() => Person)
  fromPerson!: Rel<Person>;

  @Index()
  @ManyToOne(() => Person)
  toPerson!: Rel<Person>;

  @Field(() => LocalDateResolver, { description: 'When the successor took over.' })
  @Property({ type: 'date' })
  date!: string;

  @Field(() => MembershipRole, {
    nullable: true,
    description: 'The role handed over, for a group.',
  })
  @Enum({ items: () => MembershipRole, nullable: true })
  role?: MembershipRole | null;

  @ManyToOne(() => Membership, { nullable: true })
  membership?: Rel<Membership> | null;

  @ManyToOne(() => Group, { nullable: true })
  group?: Rel<Group> | null;

  @ManyToOne(() => Product, { nullable: true })
  product?: Rel<Product> | null;

  @ManyToOne(() => Topic, { nullable: true })
  topic?: Rel<Topic> | null;

  @Field(() => String, { nullable: true, description: 'What the successor needs to know.' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;
}
