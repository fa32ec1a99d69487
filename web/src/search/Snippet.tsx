import { splitSnippet } from './snippet';

/** A search hit's snippet with its matching words in `<mark>`, and everything else as text. */
export function Snippet({ text }: { text: string }) {
  return (
    <p className="app-snippet">
      {splitSnippet(text).map((part, index) =>
        part.marked ? <mark key={index}>{part.text}</mark> : part.text,
      )}
    </p>
  );
}
