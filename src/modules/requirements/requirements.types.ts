import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { Requirement } from './requirements.entity';

/** One kommune's use of one requirement, over all the usages it recorded. */
@ObjectType({
  description:
    'A kommune’s use of a requirement: how often it recorded using it, and when. Anyone may see which kommuner use a shared requirement; the usages themselves (procurements, outcomes, lessons) are for members.',
})
export class KommuneRequirementUse {
  /** Database ids, resolved by the field resolvers in batches. */
  kommuneId!: string;
  requirementId!: string;
  /** Which side the use was listed from: its usages load in one batch per that side. */
  listedBy!: 'requirement' | 'kommune';

  @Field(() => Int, { description: 'How many usages the kommune recorded.' })
  usageCount!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'The latest year of a procurement it was used in, where known.',
  })
  latestYear?: number | null;

  @Field(() => Date, { description: 'When the kommune last recorded a use of it.' })
  lastRecordedAt!: Date;
}

/** A requirement much like another, or like a text. */
@ObjectType({
  description:
    'A requirement much like the one (or the text) asked about: reuse it instead of writing a new one. The parts of the score compare the texts after folding case, accents and æ/ø/å (as ae/oe/aa).',
})
export class SimilarRequirement {
  requirement!: Requirement;

  @Field(() => Float, {
    description:
      'How similar, 0–1: a weighted sum of wordOverlap, textSimilarity and titleSimilarity.',
  })
  score!: number;

  @Field(() => Float, {
    description:
      'Share of words in common after Danish stemming (Dice coefficient over the stems of title and text), 0–1.',
  })
  wordOverlap!: number;

  @Field(() => Float, { description: 'Trigram similarity of the requirement texts, 0–1.' })
  textSimilarity!: number;

  @Field(() => Float, {
    description:
      'Trigram similarity of the titles, 0–1; with `text`, how well this title is found in the text (word similarity).',
  })
  titleSimilarity!: number;

  @Field(() => Int, { description: 'How many word stems the two have in common.' })
  sharedWords!: number;

  @Field(() => String, { description: 'Why it is similar, in plain Danish.' })
  reason!: string;
}
