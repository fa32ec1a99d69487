/**
 * Labelled queries over the demo network from the source documents: who should rank high, with a
 * grade (2: should be first or nearly, 1: belongs in the top five). Several are worded unlike the
 * texts: synonyms, inflected forms, English, ae/oe/aa spellings and typos.
 */
export const SEEDED_QUERIES: { query: string; relevant: Record<string, 1 | 2> }[] = [
  { query: 'leverandørstyring', relevant: { 'Henrik Bojsen': 2, 'Charlotte George': 1 } },
  { query: 'styring af leverandører', relevant: { 'Henrik Bojsen': 2, 'Charlotte George': 1 } },
  { query: 'supplier management', relevant: { 'Henrik Bojsen': 2, 'Charlotte George': 1 } },
  { query: 'leverandoerstyring', relevant: { 'Henrik Bojsen': 2, 'Charlotte George': 1 } },
  { query: 'leverandørstyrng', relevant: { 'Henrik Bojsen': 2, 'Charlotte George': 1 } },
  { query: 'kravmotoren', relevant: { 'Henrik Bojsen': 2 } },
  { query: 'nonfunktionelle krav', relevant: { 'Henrik Bojsen': 2 } },
  { query: 'requirements', relevant: { 'Henrik Bojsen': 2 } },
  { query: 'kravredaktion', relevant: { 'Henrik Bojsen': 2 } },
  { query: 'crowdfunding', relevant: { 'Jon Badstue Pedersen': 2, 'Lars Lyngsøe Højberg': 1 } },
  { query: 'crowdfundng', relevant: { 'Jon Badstue Pedersen': 2, 'Lars Lyngsøe Højberg': 1 } },
  {
    query: 'tilslutningsaftale',
    relevant: { 'Jon Badstue Pedersen': 2, 'Michel Fruergaard Masana': 1 },
  },
  {
    query: 'tilslutningsaftaler',
    relevant: { 'Jon Badstue Pedersen': 2, 'Michel Fruergaard Masana': 1 },
  },
  { query: 'leverandørvalg', relevant: { 'Jon Badstue Pedersen': 2, 'Lars Lyngsøe Højberg': 1 } },
  { query: 'community management', relevant: { 'Jon Badstue Pedersen': 2 } },
  { query: 'governance', relevant: { 'Michel Fruergaard Masana': 2, 'Henrik Bojsen': 1 } },
  { query: 'governence', relevant: { 'Michel Fruergaard Masana': 2, 'Henrik Bojsen': 1 } },
  { query: 'Jira', relevant: { 'Michel Fruergaard Masana': 2 } },
  { query: 'OS2mo', relevant: { 'Michel Fruergaard Masana': 2 } },
  { query: 'STIL', relevant: { 'Lars Lyngsøe Højberg': 2 } },
  { query: 'skoledata', relevant: { 'Lars Lyngsøe Højberg': 2 } },
  {
    query: 'tværkommunalt samarbejde',
    relevant: {
      'Jon Badstue Pedersen': 2,
      'Anders Kollin': 1,
      'Michel Fruergaard Masana': 1,
      'Charlotte George': 1,
    },
  },
  {
    query: 'tvaerkommunalt samarbejde',
    relevant: {
      'Jon Badstue Pedersen': 2,
      'Anders Kollin': 1,
      'Michel Fruergaard Masana': 1,
      'Charlotte George': 1,
    },
  },
  { query: 'agil udvikling', relevant: { 'Anders Kollin': 2, 'Charlotte George': 1 } },
  { query: 'agile development', relevant: { 'Anders Kollin': 2, 'Charlotte George': 1 } },
  {
    query: 'vidensdeling',
    relevant: {
      'Charlotte Heikendorf': 1,
      'Michel Fruergaard Masana': 1,
      'Rasmus Frey': 1,
      'Anders Kollin': 1,
    },
  },
  {
    query: 'knowledge sharing',
    relevant: {
      'Charlotte Heikendorf': 1,
      'Michel Fruergaard Masana': 1,
      'Rasmus Frey': 1,
      'Anders Kollin': 1,
    },
  },
  { query: 'open source', relevant: { 'Charlotte George': 2 } },
  { query: 'it-arkitektur', relevant: { 'Henrik Bojsen': 2 } },
  { query: 'IT architecture', relevant: { 'Henrik Bojsen': 2 } },
  { query: 'faglige netværk', relevant: { 'Henrik Bojsen': 2 } },
  { query: 'SOFD', relevant: { 'Jon Badstue Pedersen': 2 } },
];
