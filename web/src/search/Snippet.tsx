import type { ReactNode } from 'react';

/** The entities the API's escaping produces, and what they stand for. */
const ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
  '&amp;': '&',
};

/** Undoes the API's HTML escaping of a snippet's text, so React can show it as plain text. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(?:lt|gt|quot|amp|#39|#x27);/g, (entity) => ENTITIES[entity] ?? entity);
}

/**
 * The parts of a search snippet as React nodes: the text between `<mark>` and `</mark>` becomes
 * a `<mark>` element, everything else text. Nothing else in the snippet is ever markup: the
 * snippet is split, never handed to the browser's HTML parser.
 */
export function snippetParts(snippet: string): ReactNode[] {
  // Splitting on a capturing group puts the marked words at the odd indexes.
  return snippet
    .split(/<mark>([\s\S]*?)<\/mark>/)
    .map((part, index) =>
      index % 2 === 1 ? <mark key={index}>{unescapeHtml(part)}</mark> : unescapeHtml(part),
    );
}

/** A search hit's snippet with its matching words marked. */
export function Snippet({ text }: { text: string }) {
  return <p className="app-snippet">{snippetParts(text)}</p>;
}
