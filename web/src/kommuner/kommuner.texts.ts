/** The kommune pages' words, in one place. */
export const TEXT = {
  listTitle: 'Kommuner',
  listIntro:
    'Landets 98 kommuner efter region: hvem der arbejder der, hvor de sidder, og hvad de bruger.',
  searchLabel: 'Find en kommune',
  searchHint: 'Skriv en del af navnet, fx Aarhus.',
  regionLabel: 'Region',
  anyRegion: 'Alle regioner',
  loading: 'Henter kommuner …',
  failed: 'Kommunerne kunne ikke hentes. Prøv igen om lidt.',
  count: (shown: number, total: number) =>
    shown === total ? `${total} kommuner.` : `Viser ${shown} af ${total} kommuner.`,
  none: 'Ingen kommuner passer til søgningen.',

  loadingKommune: 'Henter kommunen …',
  notFound: 'Kommunen findes ikke.',
  failedKommune: 'Kommunen kunne ikke hentes. Prøv igen om lidt.',
  backToList: 'Alle kommuner',
  code: (code: string) => `Kommunekode ${code}`,
  people: 'Personer',
  noPeople: 'Ingen personer i netværket arbejder i kommunen.',
  signInForPeople: 'Log ind for at se, hvem der arbejder i kommunen, og hvor de sidder.',
  signIn: 'Log ind',
  seats: 'Sæder i grupper',
  noSeats: 'Kommunen har ingen i fællesskabets grupper.',
  group: 'Gruppe',
  role: 'Rolle',
  person: 'Person',
  since: 'Siden',
  hiddenPerson: 'Et medlem',
  products: 'Produkter',
  noProducts: 'Kommunen har ikke registreret at bruge nogen produkter.',
  product: 'Produkt',
  stage: 'Fase',
  requirementsUsed: 'Krav brugt',
  noRequirementsUsed: 'Kommunen har ikke registreret at bruge krav.',
  uses: (count: number, year: number | null | undefined) =>
    `${count === 1 ? '1 gang' : `${count} gange`}${year ? `, senest ${year}` : ''}`,
  requirementsOwned: 'Krav skrevet af kommunen',
  noRequirementsOwned: 'Kommunen har ikke skrevet krav i kataloget.',
  atRisk: 'Se viden i fare i kommunen',
  left: 'Er stoppet',
};

/** Sharing states of a requirement. */
export const SHARING_LABELS: Record<string, string> = {
  LOCAL: 'lokalt',
  PROPOSED: 'foreslået til deling',
  SHARED: 'delt',
};
