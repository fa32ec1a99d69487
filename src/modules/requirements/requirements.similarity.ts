import type { EntityManager } from '@mikro-orm/postgresql';
import { mayRead, readableSql } from '../../access/visibility';
import type { Access } from '../../auth/access';
import { BadUserInputError, NotFoundError } from '../../common/errors';
import { getByGlobalId } from '../../common/lookup';
import { Requirement } from './requirements.entity';
import type { SimilarRequirementsArgs } from './requirements.inputs';
import { selectSimilar, type SimilarRow } from './requirements.queries';
import { SimilarRequirement } from './requirements.types';

/**
 * How `similarRequirements` weighs its three measures (they sum to 1), and how many candidates
 * each way of finding them brings before all are scored.
 */
export const SIMILARITY = {
  words: 0.45,
  text: 0.35,
  title: 0.2,
  /** Candidates by full-text rank, and by trigram similarity of title and of text, each. */
  candidates: 200,
} as const;

const percent = (value: number) => `${Math.round(value * 100)} %`;

/** Why two requirements are alike, in the words a user in a kommune would use. */
function similarityReason(row: SimilarRow, byText: boolean): string {
  const words = row.shared_words === 1 ? '1 ord' : `${row.shared_words} ord`;
  const title = byText
    ? `Titlen genfindes ${percent(Number(row.title_similarity))} i teksten`
    : `Titlen ligner ${percent(Number(row.title_similarity))}`;
  return `${title}, teksten ligner ${percent(Number(row.text_similarity))}; ${words} til fælles (${percent(Number(row.word_overlap))} af ordene)`;
}

/**
 * Requirements much like one requirement (`id`) or a text, from any kommune, most similar first:
 * candidates are found by full-text rank (the Danish `search_vector`) and by trigram similarity of
 * the folded title and text (indexed), then each is scored by its share of word stems in common
 * and the trigram similarity of its text and title (see {@link SIMILARITY}). Anonymous callers
 * see shared requirements only, and may ask about a shared one only.
 */
export async function similarRequirements(
  em: EntityManager,
  access: Access,
  args: SimilarRequirementsArgs,
): Promise<SimilarRequirement[]> {
  if ((args.id == null) === (args.text == null)) {
    throw new BadUserInputError('id', 'Give either id or text, not both and not neither');
  }
  let title: string;
  let text: string;
  let exclude: string | null = null;
  if (args.id != null) {
    const source = await getByGlobalId(em, Requirement, args.id, 'id');
    if (!mayRead(access, source)) throw new NotFoundError('Requirement', args.id, 'id');
    ({ title, text } = source);
    exclude = source.id;
  } else {
    title = text = (args.text as string).trim();
  }
  const rows = await selectSimilar(em, {
    title,
    text,
    exclude,
    readable: readableSql(access, 'Requirement', 'r'),
    weights: SIMILARITY,
    minSimilarity: args.minSimilarity,
    first: args.first,
  });
  const found = await em.find(Requirement, { id: { $in: rows.map((row) => row.id) } });
  const byId = new Map(found.map((requirement) => [requirement.id, requirement]));
  return rows.map((row) =>
    Object.assign(new SimilarRequirement(), {
      requirement: byId.get(row.id),
      score: Number(row.score),
      wordOverlap: Number(row.word_overlap),
      textSimilarity: Number(row.text_similarity),
      titleSimilarity: Number(row.title_similarity),
      sharedWords: Number(row.shared_words),
      reason: similarityReason(row, exclude === null),
    }),
  );
}
