/** The knowledge-at-risk page's words, in one place. */
export const TEXT = {
  title: 'Viden i fare',
  intro:
    'Emner, produkter og grupper, hvor viden hviler på én person eller ingen, grupper uden tovholder, sæder der snart slutter, og erfaring ingen har bekræftet. Hvert punkt viser, hvem det handler om, og hvem der kunne tage over.',
  signInFirst: 'Log ind for at se, hvilken viden der er i fare, og hvem der kan tage over.',
  signIn: 'Log ind',
  filters: 'Afgræns',
  kommune: 'Kommune',
  product: 'Produkt',
  group: 'Gruppe',
  topic: 'Emne',
  severity: 'Alvor',
  any: 'Alle',
  loadingOption: 'Henter …',
  apply: 'Vis',
  reset: 'Nulstil filtre',
  loading: 'Henter viden i fare …',
  failed: 'Viden i fare kunne ikke hentes. Prøv igen om lidt.',
  none: 'Intet er i fare inden for det valgte.',
  count: (count: number) => (count === 1 ? '1 punkt i fare.' : `${count} punkter i fare.`),
  restsOn: 'Hviler på',
  wasHeldBy: 'Gælder',
  successors: 'Foreslåede afløsere',
  noSuccessors: 'Ingen oplagte afløsere.',
  findSuccessor: 'Find en afløser til sædet',
  seatIn: (role: string, group: string) => `${role} i ${group}`,
  claimOn: (topic: string) => `Erfaring med ${topic}`,
  left: 'er stoppet',
  severityCount: (count: number) => (count === 1 ? '1 punkt' : `${count} punkter`),
};

/** How serious a kind of risk is: what is already lost first, then what rests on one person. */
export const SEVERITIES = [
  {
    key: 'kritisk',
    label: 'Kritisk',
    help: 'Ingen aktive i netværket har viden om det.',
    badge: 'badge-error',
    kinds: ['BUS_FACTOR_ZERO', 'TOPIC_WITHOUT_HOLDER'],
  },
  {
    key: 'hoej',
    label: 'Høj',
    help: 'Hviler på én person, eller ingen holder trådene.',
    badge: 'badge-warning',
    kinds: ['BUS_FACTOR_ONE', 'GROUP_WITHOUT_COORDINATOR'],
  },
  {
    key: 'middel',
    label: 'Middel',
    help: 'Et sæde slutter inden for 90 dage.',
    badge: 'badge-info',
    kinds: ['MEMBERSHIP_ENDING'],
  },
  {
    key: 'lav',
    label: 'Lav',
    help: 'Erfaring, ingen har bekræftet i 24 måneder.',
    badge: '',
    kinds: ['STALE_CLAIM'],
  },
] as const;

/** The kinds of risk, as a short label. */
export const KIND_LABELS: Record<string, string> = {
  BUS_FACTOR_ZERO: 'Ingen har viden',
  TOPIC_WITHOUT_HOLDER: 'Ingen har viden',
  BUS_FACTOR_ONE: 'Hviler på én person',
  GROUP_WITHOUT_COORDINATOR: 'Ingen tovholder eller koordinator',
  MEMBERSHIP_ENDING: 'Sæde slutter',
  STALE_CLAIM: 'Ubekræftet erfaring',
};

/** The severity of a kind of risk. */
export function severityOf(kind: string) {
  return (
    SEVERITIES.find((severity) => (severity.kinds as readonly string[]).includes(kind)) ??
    SEVERITIES[3]
  );
}
