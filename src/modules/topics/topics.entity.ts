import type { Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Searchable } from '../../search/searchable';
import { BaseEntity } from '../../db/base.entity';

/** Which branch of the taxonomy a topic belongs to. */
export enum TopicKind {
  PROCUREMENT = 'PROCUREMENT',
  REQUIREMENT = 'REQUIREMENT',
  ARCHITECTURE = 'ARCHITECTURE',
  GOVERNANCE = 'GOVERNANCE',
  DOMAIN = 'DOMAIN',
  TECHNOLOGY = 'TECHNOLOGY',
  METHOD = 'METHOD',
}

registerEnumType(TopicKind, {
  name: 'TopicKind',
  description: 'Which branch of the shared taxonomy a topic belongs to.',
  valuesConfig: {
    PROCUREMENT: { description: 'Buying IT: udbud, markedsdialog, leverandørstyring, contracts.' },
    REQUIREMENT: { description: 'Requirements (krav), e.g. the categories of OS2kravmotor.' },
    ARCHITECTURE: {
      description: 'IT architecture: integration, identity, data, reference architectures.',
    },
    GOVERNANCE: {
      description:
        'How products and groups are run: styregrupper, crowdfunding, tilslutningsaftaler.',
    },
    DOMAIN: { description: 'A municipal task domain, with KLE numbers where they apply.' },
    TECHNOLOGY: { description: 'A technology or platform, e.g. Drupal, Active Directory.' },
    METHOD: { description: 'A way of working, e.g. agile development, community management.' },
  },
});

/** A subject people can have experience with. */
@ObjectType({
  implements: BaseEntity,
  description:
    'A topic of the shared taxonomy (procurement, requirements, architecture, governance, KLE domains, technology, method), with Danish and English labels and the aliases people use for it.',
})
@Entity()
@Searchable('topic', [
  "label_da || ' ' || label_en",
  'search_join(aliases)',
  "coalesce(description, '')",
])
export class Topic extends BaseEntity {
  @Field(() => String, { description: 'Stable, URL-friendly key, e.g. "leverandoerstyring".' })
  @Property({ type: 'text' })
  @Unique({ name: 'topic_slug_unique' })
  slug!: string;

  @Field(() => TopicKind, { description: 'Which branch of the taxonomy the topic belongs to.' })
  @Index()
  @Enum({ items: () => TopicKind })
  kind!: TopicKind;

  @Field(() => String, { description: 'Danish label, e.g. "Leverandørstyring".' })
  @Property({ type: 'text' })
  labelDa!: string;

  @Field(() => String, { description: 'English label, e.g. "Supplier management".' })
  @Property({ type: 'text' })
  labelEn!: string;

  @Field(() => [String], {
    description:
      'Other words for the topic, in both languages (synonyms and abbreviations, e.g. "MFA", "to-faktor").',
  })
  @Property({ type: 'text[]', default: '{}' })
  aliases: string[] = [];

  @Field(() => String, { nullable: true, description: 'What the topic covers.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** Its labels and aliases as phrases, by which a query names it (migration SearchNames). */
  @Property({
    type: 'unknown',
    columnType: 'tsquery',
    generated: '(search_names(array[label_da, label_en] || aliases)) stored',
    lazy: true,
    hidden: true,
    nullable: true,
  })
  nameQuery?: unknown;

  @Field(() => String, {
    nullable: true,
    description: 'KLE number for domain topics, e.g. "85.02".',
  })
  @Property({ type: 'text', nullable: true })
  kleNumber?: string | null;

  @Index()
  @ManyToOne(() => Topic, { nullable: true, deleteRule: 'set null' })
  parent?: Rel<Topic> | null;
}
