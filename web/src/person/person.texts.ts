/** The person page's words, in one place. */
export const TEXT = {
  loading: 'Henter personen …',
  person: 'Person i netværket',
  notFound: 'Personen findes ikke.',
  signInFirst: 'Log ind for at se personer i netværket.',
  signIn: 'Log ind',
  failed: 'Personen kunne ikke hentes. Prøv igen om lidt.',
  sections: 'Indhold på siden',
  workplaces: 'Arbejder hos',
  timeline: 'Ansættelser',
  noWorkplaces: 'Ingen ansættelser registreret.',
  seats: 'Sæder i grupper',
  currentSeats: 'Nu',
  pastSeats: 'Tidligere',
  noSeats: 'Sidder ikke i nogen grupper nu.',
  noPastSeats: 'Ingen tidligere sæder.',
  representing: (name: string) => `for ${name}`,
  procurements: 'Anskaffelser',
  noProcurements: 'Har ikke været med i nogen anskaffelser, som netværket kender.',
  requirements: 'Krav, personen har skrevet',
  noRequirements: 'Har ikke skrevet nogen krav, som netværket kender.',
  knowledge: 'Viden, personen har skrevet',
  noKnowledge: 'Har ikke skrevet nogen videnssider endnu.',
  handovers: 'Overdragelser',
  handedOver: 'Har overdraget',
  tookOver: 'Har overtaget',
  noHandovers: 'Ingen overdragelser registreret.',
  handoverTo: 'til',
  handoverFrom: 'fra',
  successorsHeading: 'Hvem har overtaget?',
  successorsIntro: (name: string) => `${name} er stoppet. Spørg i stedet:`,
  noSuccessors:
    'Der er ikke registreret nogen, der har overtaget. Søg efter andre med samme erfaring.',
  left: (date: string) => `Er stoppet ${date}.`,
  contact: 'Kontakt',
  email: 'E-mail',
  phone: 'Telefon',
  openToQuestions: 'Svarer gerne på spørgsmål.',
  since: (date: string) => `siden ${date}`,
  period: (from: string, to: string | null) => (to ? `${from} – ${to}` : `${from} – nu`),
  now: 'Nu',
  back: 'Tilbage til søgningen',
  groupKind: (kind: string) => GROUP_KIND_LABELS[kind] ?? kind,
};

/** Group roles, in the words members use. */
export const ROLE_LABELS: Record<string, string> = {
  FORMAND: 'Formand',
  TOVHOLDER: 'Tovholder',
  KOORDINATOR: 'Koordinator',
  MEDLEM: 'Medlem',
  SEKRETAER: 'Sekretær',
  LEVERANDOERREPRAESENTANT: 'Leverandørrepræsentant',
};

/** Group kinds. */
export const GROUP_KIND_LABELS: Record<string, string> = {
  STYREGRUPPE: 'styregruppe',
  KOORDINATIONSGRUPPE: 'koordinationsgruppe',
  PROJEKTGRUPPE: 'projektgruppe',
  KRAVREDAKTION: 'kravredaktion',
  NETVAERK: 'netværk',
  ARBEJDSGRUPPE: 'arbejdsgruppe',
};

/** Parts in a procurement. */
export const PROCUREMENT_ROLE_LABELS: Record<string, string> = {
  ARCHITECT: 'Arkitekt',
  EVALUATOR: 'Evaluator',
  LEGAL_ADVISOR: 'Juridisk rådgiver',
  PARTICIPANT: 'Deltager',
  PROCUREMENT_CONSULTANT: 'Udbudskonsulent',
  PROJECT_LEAD: 'Projektleder',
  REQUIREMENTS_AUTHOR: 'Kravforfatter',
  SUPPLIER_CONTACT: 'Leverandørkontakt',
};

/** Where a procurement stands. */
export const PROCUREMENT_STATUS_LABELS: Record<string, string> = {
  PLANNED: 'planlagt',
  RUNNING: 'i gang',
  AWARDED: 'tildelt',
  COMPLETED: 'afsluttet',
  CANCELLED: 'aflyst',
};

/** How widely a requirement is shared. */
export const SHARING_LABELS: Record<string, string> = {
  LOCAL: 'lokalt',
  PROPOSED: 'foreslået til deling',
  SHARED: 'delt',
};

/** Kinds of knowledge note. */
export const KNOWLEDGE_KIND_LABELS: Record<string, string> = {
  DECISION: 'Beslutning',
  DOCUMENT: 'Dokument',
  EVENT: 'Begivenhed',
  HANDOVER_NOTE: 'Overdragelsesnote',
  LESSON: 'Erfaring',
  NOTE: 'Note',
};

/** A date as Danes write it: 1. marts 2024. */
export function danishDate(iso: string): string {
  return new Date(`${iso.slice(0, 10)}T00:00:00`).toLocaleDateString('da-DK', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}
