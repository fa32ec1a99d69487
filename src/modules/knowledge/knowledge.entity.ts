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
import { LocalDateResolver } from '../../common/local-date';
import { Authorized, Field, ObjectType, registerEnumType } from 'type-graphql';
import { Searchable } from '../../search/searchable';
import { BaseEntity } from '../../db/base.entity';
import { Group } from '../groups/groups.entity';
import { Kommune } from '../kommuner/kommuner.entity';
import { Person } from '../people/people.entity';
import { Procurement } from '../procurements/procurements.entity';
import { Product } from '../products/products.entity';
import { Requirement } from '../requirements/requirements.entity';
import { Topic } from '../topics/topics.entity';

/** What kind of knowledge an item holds. */
export enum KnowledgeKind {
  NOTE = 'NOTE',
  LESSON = 'LESSON',
  DECISION = 'DECISION',
  DOCUMENT = 'DOCUMENT',
  HANDOVER_NOTE = 'HANDOVER_NOTE',
  EVENT = 'EVENT',
}

registerEnumType(KnowledgeKind, {
  name: 'KnowledgeKind',
  description: 'What kind of knowledge an item holds.',
  valuesConfig: {
    NOTE: { description: 'A note: something worth knowing.' },
    LESSON: { description: 'A lesson learned (erfaring).' },
    DECISION: { description: 'A decision and its reasons.' },
    DOCUMENT: { description: 'A link to a document, with a summary.' },
    HANDOVER_NOTE: { description: 'What a leaver handed over to a successor.' },
    EVENT: {
      description:
        'Something that happened on a date: a meeting, a founding, a crowdfunding round.',
    },
  },
});

/** A piece of knowledge, kept with the people it came from. */
@Authorized()
@ObjectType({
  implements: BaseEntity,
  description:
    'A knowledge note: a lesson, decision, document, event or handover note, with its authors, topics and what it is about.',
})
@Entity()
@Unique({ name: 'knowledge_item_external_id_unique', properties: ['externalId'] })
@Searchable('knowledge_item', ['title', 'body', "''"])
export class KnowledgeItem extends BaseEntity {
  @Field(() => KnowledgeKind, { description: 'What kind of knowledge it is.' })
  @Index()
  @Enum({ items: () => KnowledgeKind })
  kind!: KnowledgeKind;

  @Field(() => String, { description: 'Title.' })
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, { description: 'The knowledge itself.' })
  @Property({ type: 'text' })
  body!: string;

  @Field(() => String, { nullable: true, description: 'Link to the source or the document.' })
  @Property({ type: 'text', nullable: true })
  url?: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When it happened or was written.',
  })
  @Property({ type: 'date', nullable: true })
  occurredOn?: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When someone last checked that it still holds.',
  })
  @Property({ type: 'date', nullable: true })
  verifiedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Key in the source it was imported from.' })
  @Property({ type: 'text', nullable: true })
  externalId?: string | null;

  @ManyToMany(() => Person)
  authors = new Collection<Person>(this);

  @ManyToMany(() => Topic)
  topics = new Collection<Topic>(this);

  @ManyToOne(() => Product, { nullable: true })
  product?: Rel<Product> | null;

  @ManyToOne(() => Group, { nullable: true })
  group?: Rel<Group> | null;

  @ManyToOne(() => Procurement, { nullable: true })
  procurement?: Rel<Procurement> | null;

  @ManyToOne(() => Requirement, { nullable: true })
  requirement?: Rel<Requirement> | null;

  @ManyToOne(() => Kommune, { nullable: true })
  kommune?: Rel<Kommune> | null;
}
