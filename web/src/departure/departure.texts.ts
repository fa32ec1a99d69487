/** The departure page's words, in one place. */
export const TEXT = {
  title: (name: string) => `Fratrædelse: ${name}`,
  titleShort: 'Fratrædelse',
  loading: 'Henter personen …',
  notFound: 'Personen findes ikke.',
  failed: 'Personen kunne ikke hentes. Prøv igen om lidt.',
  signInFirst: 'Log ind som redaktør for at registrere, at en person stopper.',
  signIn: 'Log ind',
  notAllowed:
    'Kun en redaktør for personens arbejdsplads eller en administrator kan registrere, at personen stopper.',
  intro:
    'Når en person stopper, slutter ansættelser og sæder i grupper på datoen, rollerne kan gives videre til en efterfølger, og personens viden forbliver søgbar.',
  backToPerson: 'Tilbage til personen',

  riskHeading: '1. Det er i fare',
  riskIntro: (name: string) =>
    `Det her hviler på ${name} i dag. Vælg gerne, hvem der overtager det.`,
  riskLoading: 'Undersøger, hvad der er i fare …',
  riskFailed: 'Det lykkedes ikke at finde det, der er i fare.',
  riskNone: (name: string) => `Intet i netværket hviler alene på ${name} lige nu.`,
  suggested: 'Foreslåede efterfølgere',
  whoTakesOver: (what: string) => `Hvem overtager ${what}?`,
  suggestedHint: 'Erfaringsnets forslag. Den valgte bliver den, man spørger i stedet.',
  nobodyYet: 'Ingen endnu',

  seatsHeading: '2. Efterfølgere for sæderne',
  seatsIntro:
    'For hvert sæde foreslår Erfaringsnet den, der passer bedst. Vælg en anden eller ingen, og skriv det, efterfølgeren skal vide.',
  noSeats: 'Personen sidder ikke i nogen grupper nu.',
  seatLegend: (role: string, group: string) => `${role} i ${group}`,
  losesCoordinator: 'Gruppen mister sin tovholder eller koordinator, hvis ingen overtager sædet.',
  candidatesLoading: 'Finder mulige efterfølgere …',
  candidatesFailed: 'Det lykkedes ikke at finde mulige efterfølgere.',
  noCandidates: 'Ingen oplagte efterfølgere.',
  nobody: 'Ingen overtager sædet',
  handoverNote: 'Til efterfølgeren (frivilligt)',
  handoverNoteHint: 'Det, efterfølgeren skal vide: aftaler, dokumenter, kontakter.',

  recordHeading: '3. Registrér fratrædelsen',
  dateLabel: 'Første dag, personen er stoppet',
  dateHint: 'Ansættelser og sæder slutter på denne dato.',
  note: 'Hvorfor, eller hvor personen er gået hen (frivilligt)',
  submit: 'Registrér fratrædelsen',
  saving: 'Registrerer …',

  reportHeading: 'Fratrædelsen er registreret',
  reportIntro: (name: string, date: string) => `${name} er registreret som stoppet ${date}.`,
  endedAffiliations: 'Ansættelser, der sluttede',
  endedMemberships: 'Sæder, der sluttede',
  endedClaims: 'Erfaring, der ikke længere er aktuel',
  handovers: 'Overdragelser',
  handover: (what: string) => `overtager ${what}`,
  groupResponsibility: (group: string) => `ansvaret for ${group}`,
  topic: (topic: string) => `emnet ${topic}`,
  product: (product: string) => `produktet ${product}`,
  noHandovers: 'Ingen overdragelser.',
  atRiskNow: 'Det er nu i fare',
  nothingAtRisk: 'Intet er i fare efter fratrædelsen.',
  none: 'Ingen.',

  leftHeading: (date: string) => `Personen stoppede ${date}.`,
  takenOverBy: 'Overtaget af',
  revert: 'Fortryd fratrædelsen',
  revertHint:
    'Hvis fratrædelsen blev registreret ved en fejl, kan den fortrydes: alt bliver som før.',
  reverting: 'Fortryder …',
  reverted: (name: string) => `Fratrædelsen er fortrudt. ${name} er aktiv igen.`,
};

/** Group roles, as members say them. */
export const ROLE_LABELS: Record<string, string> = {
  FORMAND: 'Formand',
  TOVHOLDER: 'Tovholder',
  KOORDINATOR: 'Koordinator',
  MEDLEM: 'Medlem',
  SEKRETAER: 'Sekretær',
  LEVERANDOERREPRAESENTANT: 'Leverandørrepræsentant',
};

/** Why something is at risk, as a short label. */
export const RISK_LABELS: Record<string, string> = {
  BUS_FACTOR_ONE: 'Hviler på én person',
  BUS_FACTOR_ZERO: 'Ingen har viden om det',
  GROUP_WITHOUT_COORDINATOR: 'Gruppe uden tovholder',
  MEMBERSHIP_ENDING: 'Sæde slutter snart',
  STALE_CLAIM: 'Erfaring ikke bekræftet',
  TOPIC_WITHOUT_HOLDER: 'Emne uden nogen med erfaring',
};

/** Roles whose holder keeps a group going. */
export const COORDINATING_ROLES = ['TOVHOLDER', 'KOORDINATOR'];

/** A date as Danes write it: 1. marts 2024. */
export function danishDate(iso: string): string {
  return new Date(`${iso}T00:00:00`).toLocaleDateString('da-DK', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

/** Today as an ISO date in the user's time zone. */
export function todayIso(): string {
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}
