import { splitSnippet, unescapeHtml } from '../../web/src/search/snippet';

/** The general search's snippets are shown by splitting on <mark>: nothing else becomes markup. */
describe('search snippets', () => {
  it('keeps the marked words apart from the text around them', () => {
    expect(splitSnippet('Aftale om <mark>leverandørstyring</mark> og <mark>drift</mark>.')).toEqual(
      [
        { text: 'Aftale om ', marked: false },
        { text: 'leverandørstyring', marked: true },
        { text: ' og ', marked: false },
        { text: 'drift', marked: true },
        { text: '.', marked: false },
      ],
    );
  });

  it('turns escaped HTML back into the characters the author wrote, as text', () => {
    const escaped =
      '&lt;img src=&quot;x&quot; onerror=&quot;alert(1)&quot;&gt; <mark>zyx</mark> &amp;lt;b&amp;gt; &#39;';
    expect(splitSnippet(escaped)).toEqual([
      { text: '<img src="x" onerror="alert(1)"> ', marked: false },
      { text: 'zyx', marked: true },
      // Unescaped once only: the author's own "&lt;b&gt;" stays as they wrote it.
      { text: " &lt;b&gt; '", marked: false },
    ]);
  });

  it('leaves an unescaped tag other than mark as text, and a lone <mark> too', () => {
    expect(splitSnippet('<b>fed</b> <mark>ord')).toEqual([
      { text: '<b>fed</b> <mark>ord', marked: false },
    ]);
    expect(unescapeHtml('&copy; &lt;')).toBe('&copy; <');
  });
});
