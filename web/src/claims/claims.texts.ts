/** The words of the experience claims (on the person page), in one place. */
export const TEXT = {
  heading: 'Erfaring',
  none: 'Har ikke beskrevet sin erfaring endnu.',
  noneOwn: 'Du har ikke beskrevet din erfaring endnu. Tilføj den nedenfor, så andre kan finde dig.',
  endorsements: (count: number) => (count === 1 ? '1 anbefaling' : `${count} anbefalinger`),
  endorsedBy: 'Anbefalet af',
  confirmed: (date: string) => `Bekræftet ${date}`,
  period: (from: string, to: string | null) => (to ? `${from} – ${to}` : `siden ${from}`),
  fromProduct: (name: string) => `Fra arbejdet med ${name}`,
  endorse: 'Anbefal',
  endorseLabel: (topic: string) => `Anbefal erfaringen med ${topic}`,
  endorseComment: 'Hvad har du set personen gøre?',
  endorsed: 'Du har anbefalet denne erfaring.',
  endorsedNow: 'Tak. Din anbefaling er gemt.',
  edit: 'Ret',
  editLabel: (topic: string) => `Ret erfaringen med ${topic}`,
  save: 'Gem',
  cancel: 'Annullér',
  saved: 'Erfaringen er gemt.',
  withdraw: 'Træk tilbage',
  withdrawLabel: (topic: string) => `Træk erfaringen med ${topic} tilbage`,
  withdrawn: (topic: string) => `Erfaringen med ${topic} er trukket tilbage.`,
  add: 'Tilføj erfaring',
  addIntro: 'Beskriv et emne, du har erfaring med. Andre i netværket kan så finde og anbefale dig.',
  added: (topic: string) => `Erfaringen med ${topic} er tilføjet.`,
  topic: 'Emne',
  chooseTopic: 'Vælg et emne',
  topicMissing: 'Vælg det emne, du har erfaring med.',
  levelMissing: 'Vælg, hvor meget erfaring du har.',
  level: 'Hvor meget erfaring?',
  narrative: 'Fortæl kort, hvad du har lavet',
  narrativeHint: 'For eksempel hvilke projekter, udbud eller grupper erfaringen kommer fra.',
  validFrom: 'Hvornår begyndte erfaringen?',
  validTo: 'Hvornår sluttede den?',
  validToHint: 'Lad feltet stå tomt, hvis du stadig arbejder med det.',
  saving: 'Gemmer …',
};

/** Experience levels, with what each means (from the API's descriptions). */
export const LEVELS = [
  { value: 'BASIC', label: 'Grundlæggende', hint: 'Har været med og kender det grundlæggende.' },
  {
    value: 'WORKING',
    label: 'Arbejder med det',
    hint: 'Har gjort det og kan hjælpe andre i gang.',
  },
  {
    value: 'EXPERT',
    label: 'Ekspert',
    hint: 'Har ledet det eller gjort det mange gange; andre spørger dem.',
  },
] as const;

export type Level = (typeof LEVELS)[number]['value'];

export const LEVEL_LABELS: Record<string, string> = Object.fromEntries(
  LEVELS.map((level) => [level.value, level.label]),
);
