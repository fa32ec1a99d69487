/** The product pages' words, in one place. */
export const TEXT = {
  listTitle: 'Produkter',
  listIntro:
    'Fællesskabets produkter: hvor langt de er, hvilke kommuner der bruger dem, og hvem der ved noget om dem.',
  searchLabel: 'Produktets navn',
  stageLabel: 'Fase',
  anyStage: 'Alle faser',
  filter: 'Vis produkter',
  loading: 'Henter produkter …',
  failed: 'Produkterne kunne ikke hentes. Prøv igen om lidt.',
  none: 'Ingen produkter passer til søgningen.',
  count: (shown: number, total: number) =>
    total === 1
      ? '1 produkt.'
      : shown < total
        ? `${total} produkter. Viser ${shown}.`
        : `${total} produkter.`,
  more: 'Vis flere',
  name: 'Produkt',
  stage: 'Fase',
  category: 'Kategori',
  adopters: 'Kommuner',
  adopterCount: (count: number) => (count === 1 ? '1 kommune' : `${count} kommuner`),

  loadingProduct: 'Henter produktet …',
  notFound: 'Produktet findes ikke.',
  failedProduct: 'Produktet kunne ikke hentes. Prøv igen om lidt.',
  backToList: 'Alle produkter',
  alsoCalled: 'Kaldes også',
  suppliers: 'Leverandører',
  repository: 'Kildekode',
  topics: 'Emner',
  busFactor: 'Busfaktor',
  busFactorHelp: 'Så mange aktive personer har viden om produktet i dag.',
  adoptions: 'Kommuner, der bruger produktet',
  noAdoptions: 'Ingen kommuner har registreret at bruge produktet.',
  adoptionsByStage: 'Kommuner efter fase',
  since: (date: string) => `siden ${date}`,
  groups: 'Grupper',
  noGroups: 'Produktet har ingen grupper.',
  experts: 'Personer med erfaring',
  noExperts: 'Ingen i netværket har registreret erfaring med produktet.',
  expertsLoading: 'Finder personer med erfaring …',
  allExperts: (name: string) => `Søg efter alle med erfaring med ${name}`,
  knowledge: 'Viden om produktet',
  noKnowledge: 'Ingen noter om produktet endnu.',
  requirements: 'Krav brugt i anskaffelser',
  noRequirements: 'Ingen krav er registreret brugt i anskaffelser af produktet.',
  usedIn: (procurement: string) => `brugt i ${procurement}`,
  procurements: 'Anskaffelser',
  atRisk: 'Se viden i fare om produktet',
  signInFirst: 'Log ind for at se personer med erfaring, viden og krav.',
  signIn: 'Log ind',
  by: 'af',
};

/** Product stages, in the order a product goes through them. */
export const STAGES: [stage: string, label: string][] = [
  ['IDEA', 'Idé'],
  ['CROWDFUNDING', 'Crowdfunding'],
  ['TILSLUTNINGSAFTALE', 'Tilslutningsaftale'],
  ['DEVELOPMENT', 'Udvikling'],
  ['OPERATION', 'I drift'],
  ['RETIRED', 'Udfaset'],
];

/** A kommune's adoption stages, furthest first. */
export const ADOPTION_STAGES: [status: string, label: string][] = [
  ['IN_PRODUCTION', 'I drift'],
  ['SIGNED', 'Har tilsluttet sig'],
  ['FUNDING', 'Med i crowdfunding'],
  ['INTERESTED', 'Interesseret'],
  ['LEFT', 'Er gået ud'],
];

export function stageLabel(stage: string): string {
  return STAGES.find(([value]) => value === stage)?.[1] ?? stage;
}

export function adoptionLabel(status: string): string {
  return ADOPTION_STAGES.find(([value]) => value === status)?.[1] ?? status;
}

/** Product categories as the catalogue names them. */
export const CATEGORY_LABELS: Record<string, string> = {
  'case-and-document': 'Sag og dokument',
  'citizen-services': 'Borgerservice',
  education: 'Skole og uddannelse',
  'identity-and-access': 'Identitet og adgang',
  'infrastructure-and-data': 'Infrastruktur og data',
  'organisation-and-people': 'Organisation og personale',
  'procurement-and-requirements': 'Indkøb og krav',
  other: 'Andet',
};

export function categoryLabel(category: string | null | undefined): string {
  return category ? (CATEGORY_LABELS[category] ?? category) : '–';
}
