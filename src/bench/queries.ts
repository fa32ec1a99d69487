/**
 * What the benches ask: search words (Danish and English, stemmed, misspelt, ae/oe for æ/ø) and
 * the GraphQL documents of the workloads.
 */
export const SEARCH_WORDS = [
  'leverandørstyring',
  'supplier management',
  'kravmotoren',
  'nonfunktionelle krav',
  'crowdfunding',
  'tilslutningsaftale',
  'governance',
  'MFA',
  'to-faktor',
  'rollekatalog',
  'SOFD',
  'udbud',
  'markedsdialog',
  'logning',
  'databehandleraftale',
  'migrering',
  'agil udvikling',
  'leverandoerstyring',
  'governence',
  'it-arkitektur',
];

export const EXPERTS = `query ($q: String!) { experts(query: $q, first: 10) { totalCount edges { node { score person { name } evidence { kind reason } } } } }`;
export const SEARCH = `query ($q: String!) { search(query: $q, first: 10) { totalCount edges { node { score snippet node { __typename } } } } }`;

/** A person with where they work today and that kommune (the floor bench's first case). */
export const PERSON = `query ($id: ID!) { person(id: $id) { id name title status openToQuestions affiliations { id title unit validFrom validTo kommune { id code name region } } } }`;

/** A group with its current members, tovholder first (the floor bench's second case). */
export const GROUP = `query ($id: ID!) { group(id: $id) { id name kind validFrom members { id role validFrom person { id name title } } } }`;

/** A profile page: the person, their workplaces and their seats in groups. */
export const PROFILE = `query ($id: ID!) { person(id: $id) { id name title bio openToQuestions affiliations { title unit validFrom kommune { code name region } } memberships { role validFrom group { id name kind } } } }`;

export const UPDATE_BIO = `mutation ($id: ID!, $bio: String!) { updatePerson(id: $id, input: { bio: $bio }) { id bio } }`;

export const UPDATE_CLAIM = `mutation ($id: ID!, $narrative: String!) { updateExperienceClaim(id: $id, input: { narrative: $narrative }) { id narrative confirmedOn } }`;

/** The value at percentile `p` (0–100) of ascending numbers. */
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
