/**
 * Classes of fault the expert search once had on the demo network (issue 14), each with labelled
 * queries of its own (grades as in `seeded-queries.ts`) and, where the class is about what may be
 * listed at all, queries that must find nobody. Expectations rest on evidence from the source
 * documents that stays: Jon Badstue Pedersen made SOFD, Henrik Bojsen runs the kravredaktion, Lars
 * Lyngsøe Højberg OS2skoledata, Michel Fruergaard Masana OS2mo's governance.
 */
export interface FaultClass {
  /** Short name printed with the class's figures. */
  name: string;
  queries: { query: string; relevant: Record<string, 1 | 2> }[];
  /** Queries that must list nobody: they hold nothing a hit could rest on. */
  empty?: string[];
}

export const FAULT_CLASSES: FaultClass[] = [
  {
    name: '1 hits without evidence',
    queries: [
      { query: 'udbud af fagsystem', relevant: { 'Henrik Bojsen': 2 } },
      {
        query: 'crowd funding',
        relevant: { 'Jon Badstue Pedersen': 2, 'Lars Lyngsøe Højberg': 1 },
      },
      { query: 'markedsdialog om kørsel', relevant: { 'Henrik Bojsen': 2 } },
      { query: 'leverandør styring', relevant: { 'Henrik Bojsen': 2, 'Charlotte George': 1 } },
    ],
    empty: ['xyzzy plugh', 'qwrtp af zxcvb'],
  },
  {
    name: '2 short and common words',
    queries: [
      { query: 'to-faktor', relevant: { 'Lars Lyngsøe Højberg': 2 } },
      { query: 'tofaktor', relevant: { 'Lars Lyngsøe Højberg': 2 } },
      { query: 'MFA', relevant: { 'Lars Lyngsøe Højberg': 2 } },
      { query: 'governance for OS2mo', relevant: { 'Michel Fruergaard Masana': 2 } },
    ],
    empty: ['to', 'i og af', 'for om', 'of the', 'to og i af for om'],
  },
  {
    name: '3 products named in the query',
    queries: [
      { query: 'OS2sofd', relevant: { 'Jon Badstue Pedersen': 2 } },
      { query: 'sofd', relevant: { 'Jon Badstue Pedersen': 2 } },
      { query: 'OS2 sofd', relevant: { 'Jon Badstue Pedersen': 2 } },
      { query: 'SOFD Core', relevant: { 'Jon Badstue Pedersen': 2 } },
      { query: 'OS2kravmotor', relevant: { 'Henrik Bojsen': 2 } },
      { query: 'OS2 skoledata', relevant: { 'Lars Lyngsøe Højberg': 2 } },
    ],
    empty: ['OS2', 'os2 og'],
  },
  {
    name: '4 evidence explains itself',
    queries: [
      { query: 'rollekatalog', relevant: { 'Jon Badstue Pedersen': 2 } },
      { query: 'SOFD', relevant: { 'Jon Badstue Pedersen': 2 } },
      { query: 'kravredaktionen', relevant: { 'Henrik Bojsen': 2 } },
    ],
  },
  {
    name: '5 typos (Damerau)',
    queries: [
      { query: 'crowdfundign', relevant: { 'Jon Badstue Pedersen': 2, 'Lars Lyngsøe Højberg': 1 } },
      { query: 'leverandørstyirng', relevant: { 'Henrik Bojsen': 2, 'Charlotte George': 1 } },
      { query: 'tilslutningsaftlae', relevant: { 'Jon Badstue Pedersen': 2 } },
      { query: 'governacne', relevant: { 'Michel Fruergaard Masana': 2, 'Henrik Bojsen': 1 } },
    ],
  },
  {
    name: '6 English names',
    queries: [
      { query: 'role catalogue', relevant: { 'Jon Badstue Pedersen': 2 } },
      { query: 'supplier management', relevant: { 'Henrik Bojsen': 2, 'Charlotte George': 1 } },
      { query: 'procurement of a case management system', relevant: { 'Henrik Bojsen': 2 } },
      { query: 'requirements engine', relevant: { 'Henrik Bojsen': 2 } },
      { query: 'school data', relevant: { 'Lars Lyngsøe Højberg': 2 } },
    ],
  },
];
