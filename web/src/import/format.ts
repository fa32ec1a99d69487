import type { ImportFormat } from '../gql/graphql';

/** The format a file name says, or null. */
export function formatOf(name: string): ImportFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.json')) return 'JSON';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'CSV';
  return null;
}
