/** The person page's words, in one place. */
export const TEXT = {
  loading: 'Henter personen …',
  notFound: 'Personen findes ikke.',
  signInFirst: 'Log ind for at se personer i netværket.',
  signIn: 'Log ind',
  failed: 'Personen kunne ikke hentes. Prøv igen om lidt.',
  workplaces: 'Arbejder hos',
  seats: 'Sæder i grupper',
  claims: 'Erfaring',
  noWorkplaces: 'Ingen ansættelser registreret.',
  noSeats: 'Sidder ikke i nogen grupper nu.',
  noClaims: 'Har ikke beskrevet sin erfaring endnu.',
  left: (date: string) => `Er stoppet ${date}.`,
  contact: 'Kontakt',
  email: 'E-mail',
  phone: 'Telefon',
  openToQuestions: 'Svarer gerne på spørgsmål.',
  since: (date: string) => `siden ${date}`,
  endorsements: (count: number) => (count === 1 ? '1 anbefaling' : `${count} anbefalinger`),
  back: 'Tilbage til søgningen',
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

/** Experience levels. */
export const LEVEL_LABELS: Record<string, string> = {
  BASIC: 'Grundlæggende',
  WORKING: 'Arbejder med det',
  EXPERT: 'Ekspert',
};

/** A date as Danes write it: 1. marts 2024. */
export function danishDate(iso: string): string {
  return new Date(`${iso}T00:00:00`).toLocaleDateString('da-DK', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}
