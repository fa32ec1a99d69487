/** The requirement pages' words, in one place. */
export const TEXT = {
  listTitle: 'Krav',
  listHeading: 'Kravene',
  listIntro:
    'Kravene fra kravmotoren og kommunernes egne krav: hvem der har brugt dem, hvordan det gik, og hvem man kan spørge.',
  searchLabel: 'Søg i kravenes titler',
  sharingLabel: 'Deling',
  sharingAll: 'Alle',
  submitFilter: 'Vis krav',
  loading: 'Henter krav …',
  failed: 'Kravene kunne ikke hentes. Prøv igen om lidt.',
  count: (shown: number, total: number) =>
    total === 1 ? '1 krav.' : `${total} krav. Viser ${shown}.`,
  none: 'Ingen krav passer til søgningen.',
  more: 'Vis flere',
  anonymousNote: 'Du ser kun de delte krav. Log ind for at se alle kravene.',
  signIn: 'Log ind',

  similarTitle: 'Find lignende krav',
  similarIntro:
    'Indsæt teksten til et krav, du er ved at skrive. Så finder Erfaringsnet krav fra alle kommuner, der ligner, så du kan genbruge i stedet for at skrive forfra.',
  similarLabel: 'Kravets tekst',
  similarSubmit: 'Find lignende krav',
  similarSearching: 'Leder efter lignende krav …',
  similarNone: 'Ingen krav ligner teksten nok.',
  similarCount: (count: number) => (count === 1 ? '1 lignende krav:' : `${count} lignende krav:`),
  similarity: 'Lighed',
  measures: 'Målene bag ligheden',
  sharedWords: 'Fælles ordstammer',
  overlap: (share: string) => `${share} af ordene`,
  textSimilarity: 'Tekstlighed',
  titleInText: 'Titlen genfundet i teksten',

  notFound: 'Kravet findes ikke.',
  notFoundHint: 'Måske er det ikke delt, og du er ikke logget ind.',
  failedOne: 'Kravet kunne ikke hentes. Prøv igen om lidt.',
  loadingOne: 'Henter kravet …',
  back: 'Alle krav',
  text: 'Kravet',
  rationale: 'Begrundelse',
  helpText: 'Vejledning',
  facts: 'Om kravet',
  category: 'Kategori',
  importance: 'Vigtighed',
  kind: 'Type',
  owner: 'Ejes af',
  noOwner: 'Kravredaktionen (fælles krav)',
  externalId: 'Id i kravmotoren',
  topics: 'Emner',
  authors: 'Skrevet af',
  usedBy: 'Brugt af',
  notUsed: 'Ingen kommuner har registreret, at de har brugt kravet.',
  uses: (count: number) => (count === 1 ? '1 gang' : `${count} gange`),
  latestYear: (year: number) => `senest i ${year}`,
  outcome: 'Sådan gik det',
  lessons: 'Erfaringer',
  procurement: 'Anskaffelse',
  procurements: 'Anskaffelser med kravet',
  noProcurements: 'Kravet er ikke knyttet til nogen anskaffelse endnu.',
  peopleToAsk: 'Hvem kan jeg spørge?',
  noPeople: 'Ingen i netværket har erfaring med kravet endnu.',
  why: 'Hvorfor',
  askInstead: 'Spørg i stedet',
  former: 'Er stoppet',
  knowledge: 'Viden om kravet',
  signInForMore:
    'Log ind for at se, hvordan det gik i de enkelte anskaffelser, og hvem du kan spørge om kravet.',

  sharing: 'Deling',
  sharingChanged: (date: string) => `Ændret ${date}.`,
  sharingNote: 'Note',
  noteLabel: 'Note (frivilligt)',
  noteHint: 'Skriv til kravredaktionen og den kommune, der ejer kravet.',
  reasonLabel: 'Begrundelse for afslaget',
  reasonHint: 'Den kommune, der ejer kravet, kan læse begrundelsen på kravet.',
  propose: 'Foreslå til deling',
  withdraw: 'Træk forslaget tilbage',
  share: 'Del kravet i kataloget',
  decline: 'Afvis forslaget',
  working: 'Gemmer …',
  done: {
    propose: 'Kravet er foreslået til deling.',
    withdraw: 'Forslaget er trukket tilbage.',
    share: 'Kravet er delt i kataloget.',
    decline: 'Forslaget er afvist.',
  },
  stepsHeading: 'Næste skridt',
};

/** The sharing status, as the kravredaktion says it. */
export const SHARING_LABELS: Record<string, string> = {
  LOCAL: 'Lokalt krav',
  PROPOSED: 'Foreslået til deling',
  SHARED: 'Delt i kataloget',
};

/** The DKFDS badge variant of each sharing status: shared reads as done, proposed as pending. */
export const SHARING_BADGES: Record<string, string> = {
  LOCAL: 'badge-info',
  PROPOSED: 'badge-warning',
  SHARED: 'badge-success',
};

/** What each sharing status means for the reader. */
export const SHARING_MEANING: Record<string, string> = {
  LOCAL: 'Kravet bruges kun af den kommune, der ejer det.',
  PROPOSED:
    'Kommunen har foreslået kravet til det fælles katalog; kravredaktionen deler eller afviser det.',
  SHARED: 'Kravet er i det fælles katalog, og alle kommuner kan bruge det.',
};

/** How important a requirement is, in OS2kravmotor's words. */
export const IMPORTANCE_LABELS: Record<string, string> = {
  ABSOLUTE: 'Mindstekrav',
  HIGH: 'Vigtigt',
  NORMAL: 'Normalt',
  OPTIONAL: 'Ønske',
};

/** Functional or not. */
export const KIND_LABELS: Record<string, string> = {
  FUNCTIONAL: 'Funktionelt krav',
  NON_FUNCTIONAL: 'Ikke-funktionelt krav',
};

/** A timestamp or ISO date as Danes write the date: 1. marts 2024. */
export function danishDate(iso: string): string {
  const date = iso.length === 10 ? new Date(`${iso}T00:00:00`) : new Date(iso);
  return date.toLocaleDateString('da-DK', { day: 'numeric', month: 'long', year: 'numeric' });
}
