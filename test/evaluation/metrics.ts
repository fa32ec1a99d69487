/** Ranking quality measures for the expert search evaluation. */

/** 1 / rank of the first relevant result (gain > 0) in the list, 0 when none is. */
export function reciprocalRank(ranked: string[], gains: Map<string, number>): number {
  const index = ranked.findIndex((id) => (gains.get(id) ?? 0) > 0);
  return index < 0 ? 0 : 1 / (index + 1);
}

/** Normalised discounted cumulative gain at k, with graded gains (2^gain − 1). */
export function ndcgAt(k: number, ranked: string[], gains: Map<string, number>): number {
  const dcg = (values: number[]) =>
    values
      .slice(0, k)
      .reduce((sum, gain, index) => sum + (2 ** gain - 1) / Math.log2(index + 2), 0);
  const ideal = dcg([...gains.values()].sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(ranked.map((id) => gains.get(id) ?? 0)) / ideal;
}

export const mean = (values: number[]) =>
  values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
