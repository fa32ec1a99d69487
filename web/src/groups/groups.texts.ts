/** The group pages' words, in one place. */
export const TEXT = {
  listTitle: 'Grupper',
  listIntro:
    'Styregrupper, koordinationsgrupper, projektgrupper og netværk i fællesskabet, med hvem der holder trådene, og hvor mange de hviler på.',
  searchLabel: 'Gruppens navn',
  kindLabel: 'Type',
  anyKind: 'Alle typer',
  includeDissolved: 'Vis også nedlagte grupper',
  filter: 'Vis grupper',
  loading: 'Henter grupper …',
  failed: 'Grupperne kunne ikke hentes. Prøv igen om lidt.',
  count: (shown: number, total: number) =>
    total === 1
      ? '1 gruppe.'
      : shown < total
        ? `${total} grupper. Viser ${shown}.`
        : `${total} grupper.`,
  none: 'Ingen grupper passer til søgningen.',
  more: 'Vis flere',
  name: 'Gruppe',
  kind: 'Type',
  product: 'Produkt',
  coordinator: 'Holder trådene',
  busFactor: 'Busfaktor',
  nobody: 'Ingen',
  dissolved: 'Nedlagt',

  loadingGroup: 'Henter gruppen …',
  notFound: 'Gruppen findes ikke.',
  failedGroup: 'Gruppen kunne ikke hentes. Prøv igen om lidt.',
  since: (date: string) => `siden ${date}`,
  period: (from: string, to: string | null) => (to ? `${from} – ${to}` : `${from} – nu`),
  activeSince: (date: string) => `Aktiv siden ${date}.`,
  dissolvedOn: (date: string) => `Nedlagt ${date}.`,
  topics: 'Emner',
  busFactorTitle: 'Busfaktor',
  busFactorValue: (count: number) => (count === 1 ? '1 aktiv person' : `${count} aktive personer`),
  busFactorHelp: 'Så mange aktive personer sidder i gruppen i dag.',
  restsOnOne: 'Gruppen hviler på én person. Find en afløser, før viden går tabt.',
  restsOnNobody: 'Ingen aktive personer sidder i gruppen.',
  coordinatorTitle: 'Holder trådene',
  noCoordinator: 'Ingen aktiv tovholder eller koordinator.',
  members: 'Medlemmer nu',
  noMembers: 'Ingen sidder i gruppen nu.',
  signInForPeople: 'Log ind for at se, hvem der sidder i gruppen, og finde afløsere.',
  signIn: 'Log ind',
  hiddenPerson: 'Et medlem',
  representing: (where: string) => `for ${where}`,
  findSuccessor: 'Find en afløser',
  hideSuccessor: 'Skjul forslag',
  forPerson: (name: string) => ` for ${name}`,
  atRisk: 'Viden i fare',
  noRisk: 'Intet i gruppen er i fare lige nu.',
  allRisks: 'Se al viden i fare i gruppen',
  formerMembers: 'Tidligere medlemmer',
  noFormerMembers: 'Ingen har forladt gruppen.',
  history: 'Sædernes historik',
  historyCaption: 'Alle sæder i gruppen, nyeste først',
  person: 'Person',
  role: 'Rolle',
  representingColumn: 'Repræsenterer',
  from: 'Fra',
  to: 'Til',
  now: 'nu',
  knowledge: 'Viden om gruppen',
  noKnowledge: 'Ingen noter om gruppen endnu.',
  left: 'Er stoppet',
  backToList: 'Alle grupper',

  candidatesTitle: (name: string, role: string) => `Forslag til afløser for ${name} som ${role}`,
  candidatesTitleAnonymous: (role: string) => `Forslag til afløser som ${role}`,
  candidatesLoading: 'Finder forslag …',
  candidatesFailed: 'Forslagene kunne ikke hentes. Prøv igen om lidt.',
  candidatesNone: 'Ingen oplagte afløsere i netværket.',
  candidatesCount: (count: number) =>
    count === 1
      ? '1 forslag til afløser, bedste først.'
      : `${count} forslag til afløser, bedste først.`,
  moreCandidates: 'Vis flere forslag',
  match: 'Match',
  why: 'Hvorfor',
};

/** Roles as a heading over the seats that hold them, in the order the API sorts seats. */
export const ROLE_HEADINGS: [role: string, heading: string][] = [
  ['TOVHOLDER', 'Tovholder'],
  ['KOORDINATOR', 'Koordinator'],
  ['FORMAND', 'Formand'],
  ['SEKRETAER', 'Sekretær'],
  ['MEDLEM', 'Medlemmer'],
  ['LEVERANDOERREPRAESENTANT', 'Leverandørrepræsentanter'],
];

/** Group kinds, for the kind filter (capitalised, as a choice reads). */
export const GROUP_KINDS: [kind: string, label: string][] = [
  ['STYREGRUPPE', 'Styregruppe'],
  ['KOORDINATIONSGRUPPE', 'Koordinationsgruppe'],
  ['PROJEKTGRUPPE', 'Projektgruppe'],
  ['KRAVREDAKTION', 'Kravredaktion'],
  ['NETVAERK', 'Netværk'],
  ['ARBEJDSGRUPPE', 'Arbejdsgruppe'],
];

/** A kind's label as a choice or a table cell reads it. */
export function groupKindLabel(kind: string): string {
  return GROUP_KINDS.find(([value]) => value === kind)?.[1] ?? kind;
}
