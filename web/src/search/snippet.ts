/** The entities the API's escaping produces, and what they stand for. */
const ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
  '&amp;': '&',
};

/** Undoes the API's HTML escaping of a snippet's text (in one pass), to be shown as plain text. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(?:lt|gt|quot|amp|#39|#x27);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** One run of a snippet's text: plain, or one of the matching words the API marked. */
export interface SnippetPart {
  text: string;
  marked: boolean;
}

/**
 * A search snippet (HTML-escaped, the matching words in `<mark>…</mark>`) as runs of plain text:
 * the only markup it keeps is which runs were marked. It is split, never handed to an HTML
 * parser, so whatever else the text holds is shown as the characters it is.
 */
export function splitSnippet(snippet: string): SnippetPart[] {
  // Splitting on a capturing group puts the marked words at the odd indexes.
  return snippet
    .split(/<mark>([\s\S]*?)<\/mark>/)
    .map((part, index) => ({ text: unescapeHtml(part), marked: index % 2 === 1 }))
    .filter((part) => part.text !== '');
}
