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
import { Authorized, Field, ObjectType, registerEnumType } from 'type-graphql';
import { Searchable } from '../../search/searchable';
import { BaseEntity } from '../../db/base.entity';
import { Kommune } from '../kommuner/kommuner.entity';
import { Person } from '../people/people.entity';
import { Procurement } from '../procurements/procurements.entity';
import { Topic } from '../topics/topics.entity';

/** How important a requirement is, as OS2kravmotor grades it. */
export enum RequirementImportance {
  OPTIONAL = 'OPTIONAL',
  NORMAL = 'NORMAL',
  HIGH = 'HIGH',
  ABSOLUTE = 'ABSOLUTE',
}

registerEnumType(RequirementImportance, {
  name: 'RequirementImportance',
  description: 'How important a requirement is (as in OS2kravmotor).',
  valuesConfig: {
    OPTIONAL: { description: 'Nice to have.' },
    NORMAL: { description: 'Expected.' },
    HIGH: { description: 'Important; weighs heavily in evaluation.' },
    ABSOLUTE: { description: 'Mindstekrav: a bid that does not meet it is rejected.' },
  },
});

/** Functional or non-functional. */
export enum RequirementKind {
  FUNCTIONAL = 'FUNCTIONAL',
  NON_FUNCTIONAL = 'NON_FUNCTIONAL',
}

registerEnumType(RequirementKind, {
  name: 'RequirementKind',
  description: 'Whether a requirement is about what the system does or how it does it.',
  valuesConfig: {
    FUNCTIONAL: { description: 'What the system must do.' },
    NON_FUNCTIONAL: { description: 'How: security, logging, SLA, data processing, migration …' },
  },
});

/** How widely a requirement is shared. */
export enum RequirementSharing {
  LOCAL = 'LOCAL',
  PROPOSED = 'PROPOSED',
  SHARED = 'SHARED',
}

registerEnumType(RequirementSharing, {
  name: 'RequirementSharing',
  description: 'How widely a requirement is shared between kommuner.',
  valuesConfig: {
    LOCAL: { description: 'Used by its own kommune only.' },
    PROPOSED: {
      description:
        'Proposed for the shared catalogue by its kommune; the kravredaktion (admins) shares or declines it.',
    },
    SHARED: { description: 'In the shared, cross-municipal catalogue; anyone may read it.' },
  },
});

/** Where a requirement came from in OS2kravmotor: its `type` there. */
export enum RequirementOrigin {
  GLOBAL = 'GLOBAL',
  COMMUNITY = 'COMMUNITY',
  LOCAL = 'LOCAL',
}

registerEnumType(RequirementOrigin, {
  name: 'RequirementOrigin',
  description:
    'The requirement’s type in OS2kravmotor, kept from an import so it can be sent back the same way.',
  valuesConfig: {
    GLOBAL: { description: 'Written by the kravredaktion (editorial board) for all kommuner.' },
    COMMUNITY: { description: 'A kommune’s requirement shared with all kommuner.' },
    LOCAL: { description: 'A kommune’s own requirement.' },
  },
});

/** A krav, as in OS2kravmotor. */
@ObjectType({
  implements: BaseEntity,
  description:
    'A requirement (krav) as kept in OS2kravmotor: text, rationale, category, importance, KLE domains and topics, who wrote it and who owns it.',
})
@Entity()
@Index({
  name: 'requirement_title_trgm',
  expression:
    'create index "requirement_title_trgm" on "requirement" using gin ("title" gin_trgm_ops)',
})
// Trigrams of the folded title and text (æ as ae …), for similarRequirements.
@Index({
  name: 'requirement_title_folded_trgm',
  expression:
    'create index "requirement_title_folded_trgm" on "requirement" using gin (search_normalize("title") gin_trgm_ops)',
})
@Index({
  name: 'requirement_text_folded_trgm',
  expression:
    'create index "requirement_text_folded_trgm" on "requirement" using gin (search_normalize("text") gin_trgm_ops)',
})
@Searchable('requirement', [
  'title',
  "text || ' ' || coalesce(category, '') || ' ' || coalesce(subcategory, '') || ' ' || search_join(tags)",
  "coalesce(rationale, '') || ' ' || coalesce(help_text, '')",
])
export class Requirement extends BaseEntity {
  @Field(() => String, { description: 'Short name of the requirement.' })
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, { description: 'The requirement as put to suppliers.' })
  @Property({ type: 'text' })
  text!: string;

  @Field(() => String, { nullable: true, description: 'Why it is asked for.' })
  @Property({ type: 'text', nullable: true })
  rationale?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Help text for those who use the requirement.',
  })
  @Property({ type: 'text', nullable: true })
  helpText?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Category, e.g. "Sikkerhed og brugerstyring", "Logning", "SLA".',
  })
  @Index()
  @Property({ type: 'text', nullable: true })
  category?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Subcategory within the category, as OS2kravmotor groups them.',
  })
  @Property({ type: 'text', nullable: true })
  subcategory?: string | null;

  @Field(() => [String], { description: 'Free tags, e.g. "GDPR", "Cloud".' })
  @Property({ type: 'text[]', default: '{}' })
  tags: string[] = [];

  @Field(() => [String], {
    description:
      'Architecture principles it supports, e.g. from the fælleskommunale rammearkitektur.',
  })
  @Property({ type: 'text[]', default: '{}' })
  architecturePrinciples: string[] = [];

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether it applies to SaaS (hosted) solutions; null when unknown.',
  })
  @Property({ type: 'boolean', nullable: true })
  relevantForSaas?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether it applies to solutions run on premise; null when unknown.',
  })
  @Property({ type: 'boolean', nullable: true })
  relevantForOnPremise?: boolean | null;

  @Field(() => RequirementOrigin, {
    nullable: true,
    description:
      'Its type in OS2kravmotor (global, community or local), when it was imported from there.',
  })
  @Enum({ items: () => RequirementOrigin, nullable: true })
  origin?: RequirementOrigin | null;

  @Field(() => RequirementImportance, { description: 'How important it is.' })
  @Enum({ items: () => RequirementImportance, default: RequirementImportance.NORMAL })
  importance: RequirementImportance = RequirementImportance.NORMAL;

  @Field(() => RequirementKind, { description: 'Functional or non-functional.' })
  @Enum({ items: () => RequirementKind, default: RequirementKind.NON_FUNCTIONAL })
  kind: RequirementKind = RequirementKind.NON_FUNCTIONAL;

  @Field(() => [String], { description: 'KLE numbers of the task domains it applies to.' })
  @Property({ type: 'text[]', default: '{}' })
  kleDomains: string[] = [];

  @Field(() => RequirementSharing, {
    description:
      'How widely it is shared: local → proposed → shared, changed only through proposeRequirementForSharing, shareRequirement, declineRequirementSharing and withdrawRequirementProposal.',
  })
  @Enum({ items: () => RequirementSharing, default: RequirementSharing.LOCAL })
  sharing: RequirementSharing = RequirementSharing.LOCAL;

  @Field(() => String, {
    nullable: true,
    description:
      'The note given with the last step of the sharing workflow, e.g. why the kravredaktion declined it.',
  })
  @Property({ type: 'text', nullable: true })
  sharingNote?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the sharing status last changed; null while it has never changed.',
  })
  @Property({ type: 'timestamptz', nullable: true })
  sharingChangedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Its id in OS2kravmotor or another source.' })
  @Property({ type: 'text', nullable: true })
  @Unique({ name: 'requirement_external_id_unique' })
  externalId?: string | null;

  @ManyToOne(() => Kommune, { nullable: true })
  owningKommune?: Rel<Kommune> | null;

  @ManyToMany(() => Topic)
  topics = new Collection<Topic>(this);

  @ManyToMany(() => Person)
  authors = new Collection<Person>(this);
}

/** How a requirement worked out in one procurement. */
@Authorized()
@ObjectType({
  implements: BaseEntity,
  description: 'A requirement used in a procurement by a kommune, and how it worked out.',
})
@Entity()
// Per kommune: in a joint procurement each buyer records its own experience.
@Unique({
  name: 'requirement_usage_unique',
  properties: ['requirement', 'procurement', 'kommune'],
})
export class RequirementUsage extends BaseEntity {
  @Index()
  @ManyToOne(() => Requirement)
  requirement!: Rel<Requirement>;

  @Index()
  @ManyToOne(() => Procurement, { nullable: true })
  procurement?: Rel<Procurement> | null;

  @Index()
  @ManyToOne(() => Kommune, { nullable: true })
  kommune?: Rel<Kommune> | null;

  @Field(() => String, {
    nullable: true,
    description: 'How it worked out, e.g. how suppliers answered it.',
  })
  @Property({ type: 'text', nullable: true })
  outcome?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What had to be clarified or would be done differently.',
  })
  @Property({ type: 'text', nullable: true })
  lessons?: string | null;

  @Field(() => Date, { description: 'When the use was recorded.' })
  get recordedAt(): Date {
    return this.createdAt;
  }
}
